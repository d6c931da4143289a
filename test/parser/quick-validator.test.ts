import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { isValid } from '../../src/parser/generated/compose-validator.js';

/**
 * src/parser/validate.ts asks the quick validator first and the validator with errors only when
 * it says no: the two must agree on every document, or a problem would go unreported.
 */
const withErrors = createRequire(import.meta.url)('../../src/parser/generated/compose-errors.cjs') as (data: unknown) => boolean;
const quick = isValid as (data: unknown) => boolean;

function composeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return composeFiles(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

/** Every YAML mapping of the examples and fixtures: valid projects, and ones written to be refused. */
const corpus = ['examples', 'test/fixtures'].flatMap(composeFiles).flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc) => {
    const value: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? [{ file, value: value as Record<string, unknown> }] : [];
  }),
);

/** Every path to a value inside a document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

function replaced(value: unknown, at: (string | number)[], by: unknown): unknown {
  if (at.length === 0) return by;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, by) : v));
  const record = value as Record<string, unknown>;
  return { ...record, [String(head)]: replaced(record[String(head)], rest, by) };
}

describe('the quick validator and the validator with errors', () => {
  it('have a corpus of valid and invalid compose files to agree on', () => {
    expect(corpus.length).toBeGreaterThan(40);
    expect(corpus.some(({ value }) => withErrors(value))).toBe(true);
    expect(corpus.some(({ value }) => !withErrors(value))).toBe(true);
  });

  it('agree on every compose file of the examples and fixtures', () => {
    for (const { file, value } of corpus) expect([file, quick(value)]).toEqual([file, withErrors(value)]);
  });

  it('agree when any value of a compose file is replaced by another (nested references included)', () => {
    const documents = corpus.map(({ value }) => ({ value, paths: paths(value) }));
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 2 }), (d, p, by) => {
        const doc = documents[d % documents.length]!;
        const changed = replaced(doc.value, doc.paths[p % doc.paths.length]!, by);
        expect(quick(changed)).toBe(withErrors(changed));
      }),
      { numRuns: 3000 },
    );
  });

  it('agree when a key of a service is given a value of each kind', () => {
    const service = corpus.find(({ value }) => withErrors(value) && typeof value['services'] === 'object')!.value;
    const name = Object.keys(service['services'] as object)[0]!;
    const kinds = [null, true, 0, -1, 1.5, '', 'x', [], ['x'], [1], {}, { x: 1 }];
    for (const key of ['ports', 'ulimits', 'deploy', 'healthcheck', 'x-autoscaling', 'x-network', 'x-iam', 'x-deployment', 'x-fargate', 'logging', 'volumes']) {
      for (const kind of kinds) {
        const changed = replaced(service, ['services', name, key], kind);
        expect([key, kind, quick(changed)]).toEqual([key, kind, withErrors(changed)]);
      }
    }
  });
});
