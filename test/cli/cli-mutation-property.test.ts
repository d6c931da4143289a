import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * The example compose files, mutated (lines removed, swapped, re-indented or added, values
 * replaced by hostile ones, characters inserted), through the built CLI: config, validate and
 * render exit 0 or 2 within seconds, never with a stack trace or an internal error; every error
 * about the content has its file:line:col (only a file as a whole, empty or not text, has no
 * line); a render that fails leaves the output directory as it was. A few runs (three CLI runs
 * each), so that the suite stays fast: the seed fast-check prints replays a failure.
 */
const EXAMPLES = readdirSync('examples').flatMap((dir) =>
  readdirSync(path.join('examples', dir))
    .filter((file) => /^docker-compose.*\.yml$/.test(file))
    .map((file) => readFileSync(path.join('examples', dir, file), 'utf8')),
);

const HOSTILE_VALUES = [
  '0', '-1', '-0.5', '65536', '99999999999999999999', '1-65535', '"1-65535:1-65535"', '"0:0"', '[]', '{}', 'null', '""',
  '${X:-${Y:-${Z}}}', '"${UNSET:?boom}"', '$$', '*nowhere', '&a', '{', '[', '"', "'", '!!binary x', '!reset', '!override x',
  '/dev/zero', '/proc', '../../../../etc/passwd', 'x'.repeat(300), 'a -> b', 'true', 'NaN', '.inf', '1e308', '0x10',
];
const HOSTILE_LINES = [
  'depends_on: [web]', 'depends_on: [db, web, api]', 'ports: ["0:0"]', 'ports: ["1-65535"]', 'expose: ["1-65535/udp"]',
  'cpus: 0', 'mem_limit: 0', 'scale: 6000', 'deploy: {replicas: 0}', 'env_file: /dev/zero', 'env_file: .',
  'extends: {file: /dev/zero, service: x}', 'extends: {service: nowhere}', 'x-vpc: {VpcId: vpc-1}', 'x-vpc: {}',
  '<<: *nowhere', 'networks: [nowhere]', 'image: ""', 'image: "UPPER/Case"', 'platform: windows/amd64', 'name: Bad_Name',
  'include: [other.yml]', 'secrets: [nowhere]', 'volumes: ["/:/host"]', 'healthcheck: {test: [NONE], interval: -1s}',
  'ports: ["127.0.0.1:1-65535:1-65535"]', 'label_file: /dev/zero', 'x-appmesh: {}', 'x-serviceconnect: {Namespace: "arn:bad"}',
  'environment: {A: "${A:-${B:-${C:-${D}}}}"}', 'x-a: &a {k: [*a]}', 'links: [web:alias]', 'network_mode: service:nowhere',
];

type Mutation = (lines: string[]) => string[];

const at = (lines: string[], i: number): number => (lines.length === 0 ? 0 : i % lines.length);
const indentOf = (line: string | undefined): string => /^\s*/.exec(line ?? '')?.[0] ?? '';

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (lines) => lines.filter((_, j) => j !== at(lines, i))),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutation => (lines) => {
    const out = [...lines];
    const [a, b] = [at(lines, i), at(lines, j)];
    [out[a], out[b]] = [lines[b] ?? '', lines[a] ?? ''];
    return out;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE_VALUES)).map(([i, value]): Mutation => (lines) =>
    lines.map((line, j) => (j === at(lines, i) ? line.replace(/^(\s*(?:- )?(?:[^:#]+:\s)?).*$/, `$1${value}`) : line)),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE_LINES)).map(([i, added]): Mutation => (lines) => {
    const j = at(lines, i);
    return [...lines.slice(0, j), `${indentOf(lines[j])}${added}`, ...lines.slice(j)];
  }),
  fc.tuple(fc.nat(), fc.constantFrom(-2, -1, 1, 2)).map(([i, shift]): Mutation => (lines) =>
    lines.map((line, j) => (j !== at(lines, i) ? line : shift > 0 ? `${' '.repeat(shift)}${line}` : line.slice(-shift))),
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 3 })).map(([i, k, text]): Mutation => (lines) =>
    lines.map((line, j) => (j === at(lines, i) ? `${line.slice(0, k % (line.length + 1))}${text}${line.slice(k % (line.length + 1))}` : line)),
  ),
);

const mutatedExample = fc
  .tuple(fc.constantFrom(...EXAMPLES), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([text, mutations]) => mutations.reduce((lines, mutate) => mutate(lines), text.split('\n')).join('\n'));

/** A file-level error: no line to point at. */
const WHOLE_FILE = /^error: \S+compose\.yaml: (the compose file is empty|the file is not text)/;
const PLACED = /^error: \S+:\d+:\d+: /;
const EARLIER = { 'out/other.yaml': 'the render of another project\n' };

function runsCleanly(text: string): void {
  for (const command of ['config', 'validate', 'render']) {
    const dir = tmpProject({ 'compose.yaml': text, ...EARLIER });
    const started = Date.now();
    const run = cli([command, ...(command === 'render' ? ['-d', 'out'] : [])], dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([0, 2]).toContain(run.status);
    expect(run.stderr).not.toMatch(/^\s+at |internal error/m);
    for (const error of run.stderr.split('\n').filter((line) => line.startsWith('error: '))) {
      expect(PLACED.test(error) || WHOLE_FILE.test(error) ? error : `no file:line:col: ${error}`).toBe(error);
    }
    if (command !== 'render') continue;
    const out = path.join(dir, 'out');
    const files = readdirSync(out).sort();
    if (run.status === 0) expect(files.some((file) => file !== 'other.yaml' && file.endsWith('.yaml'))).toBe(true);
    else expect(files).toEqual(['other.yaml']);
    expect(readFileSync(path.join(out, 'other.yaml'), 'utf8')).toBe(EARLIER['out/other.yaml']);
  }
}

describe('the CLI on mutated examples', () => {
  it('config, validate and render: exit 0 or 2, every content error placed, a failed render leaves the output as it was', () => {
    fc.assert(fc.property(mutatedExample, runsCleanly), { numRuns: 8 });
  });
});
