import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { ParseError, type Position, type TreePath } from './diagnostics.js';
import { isValid } from './generated/compose-validator.js';

/**
 * schemas/compose-spec.json and the schemas it references, compiled at build time
 * (scripts/generate-validators.mjs): a yes or no that stops at the first problem, and, required
 * only for a document that has one, the validator that finds every problem with its data and
 * schema. The second is twice the code, which every process would otherwise compile.
 */
const quick = isValid as unknown as ValidateFunction;
let withErrors: ValidateFunction | undefined;
const validatorWithErrors = (): ValidateFunction =>
  (withErrors ??= createRequire(import.meta.url)('./generated/compose-errors.cjs') as ValidateFunction);

type Locate = (path: TreePath, which?: 'key' | 'value') => Position | undefined;

/**
 * Checks one compose document (after interpolation) against schemas/compose-spec.json
 * and the extension schemas it references. Every problem is returned, one per place in
 * the file (the most specific one there), in the order they were written; an unknown
 * key comes with the closest valid key.
 */
export function validateDocument(document: Record<string, unknown>, locate: Locate): ParseError[] {
  if (quick(document)) return [];
  const validator = validatorWithErrors();
  if (validator(document)) return [];
  const errors = validator.errors ?? [];
  const described = problems(errors).flatMap((group) => {
    const error = mostSpecific(group);
    return error ? [describe(error, group, locate)] : [];
  });
  const unique = [...new Map(described.map((e) => [e.describe(), e])).values()];
  return unique.sort(byPosition);
}

function byPosition(a: ParseError, b: ParseError): number {
  const line = (e: ParseError): number => e.position?.line ?? Number.MAX_SAFE_INTEGER;
  const col = (e: ParseError): number => e.position?.col ?? Number.MAX_SAFE_INTEGER;
  return line(a) - line(b) || col(a) - col(b);
}

function toPath(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

/** The place an error is about: the key itself for an unknown or a missing key. */
function placeOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const key = params['additionalProperty'] ?? params['missingProperty'];
  return key === undefined ? error.instancePath : `${error.instancePath}/${String(key)}`;
}

const SUMMARIES = ['anyOf', 'oneOf', 'if', 'not', 'false schema'];

/**
 * ajv's errors grouped by the place they are about, one group per problem. Summaries of
 * combinators are left out, and so are type mismatches at a place that holds a more
 * specific error (at it or inside it).
 */
function problems(errors: ErrorObject[]): ErrorObject[][] {
  const candidates = errors.filter((e) => !SUMMARIES.includes(e.keyword));
  const within = (outer: string, inner: string): boolean => inner === outer || inner.startsWith(`${outer}/`);
  const specific = candidates.filter(
    (e) => e.keyword !== 'type' || !candidates.some((o) => o.keyword !== 'type' && within(e.instancePath, o.instancePath)),
  );
  const groups = new Map<string, ErrorObject[]>();
  for (const error of specific.length > 0 ? specific : errors) {
    const place = placeOf(error);
    groups.set(place, [...(groups.get(place) ?? []), error]);
  }
  return [...groups.values()];
}

const PREFERENCE = ['additionalProperties', 'required', 'enum', 'const', 'pattern', 'minimum', 'maximum'];

/** Among the errors of one place, the one a person should read; type mismatches come last. */
function mostSpecific(errors: ErrorObject[]): ErrorObject | undefined {
  const rank = (e: ErrorObject): number => {
    const i = PREFERENCE.indexOf(e.keyword);
    return e.keyword === 'type' ? PREFERENCE.length + 1 : i < 0 ? PREFERENCE.length : i;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b))[0];
}

interface ObjectSchema {
  properties?: Record<string, unknown>;
  patternProperties?: Record<string, unknown>;
}

function describe(error: ErrorObject, group: ErrorObject[], locate: Locate): ParseError {
  const path = toPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(String(params['additionalProperty']), path, (error.parentSchema ?? {}) as ObjectSchema, locate);
    case 'required': {
      const key = String(params['missingProperty']);
      return new ParseError('E_MISSING_KEY', `the required key "${key}" is missing.`, {
        path,
        position: locate(path, 'key'),
        hint: `Add "${key}" here.`,
      });
    }
    case 'enum':
      return new ParseError('E_INVALID_VALUE', `${shown(error.data)} is not one of the allowed values.`, {
        path,
        position: locate(path),
        hint: `Use one of: ${((params['allowedValues'] as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}.`,
      });
    case 'const':
      return new ParseError('E_INVALID_VALUE', `${shown(error.data)} is not allowed here.`, {
        path,
        position: locate(path),
        hint: `The only value allowed here is ${JSON.stringify(params['allowedValue'])}.`,
      });
    case 'type': {
      const wanted = new Set<string>();
      for (const e of group) {
        if (e.keyword !== 'type') continue;
        const t = (e.params as { type: string | string[] }).type;
        for (const one of Array.isArray(t) ? t : [t]) wanted.add(one);
      }
      return new ParseError('E_WRONG_TYPE', `expected ${[...wanted].map(typeName).join(' or ')}, got ${typeName(kindOf(error.data))}.`, {
        path,
        position: locate(path),
        hint: 'Check the Compose Specification for this key.',
      });
    }
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return new ParseError('E_INVALID_VALUE', `${shown(error.data)} is not a valid value here.`, {
        path,
        position: locate(path),
        hint: description ? `Expected: ${description}` : `Expected text matching ${String(params['pattern'])}.`,
      });
    }
    default:
      return new ParseError('E_INVALID_VALUE', `${shown(error.data)} ${error.message ?? 'is not valid'}.`, {
        path,
        position: locate(path),
        hint: 'Check the Compose Specification (or docs/ for x- extensions) for this key.',
      });
  }
}

/**
 * A key the schema does not allow where it is written. The hint says what is true there:
 * the closest valid key, the names the mapping takes, or where x- keys are allowed.
 */
function unknownKey(key: string, path: TreePath, parent: ObjectSchema, locate: Locate): ParseError {
  const keyPath = [...path, key];
  const allowed = Object.keys(parent.properties ?? {});
  const patterns = Object.keys(parent.patternProperties ?? {});
  const names = patterns.filter((p) => !p.startsWith('^x-'));
  const details = { path: keyPath, position: locate(keyPath, 'key') };
  if (allowed.length === 0 && names.length > 0) {
    return new ParseError('E_UNKNOWN_KEY', `"${key}" is not a valid name here.`, {
      ...details,
      hint: `Names here must match ${names.join(' or ')}.`,
    });
  }
  return new ParseError('E_UNKNOWN_KEY', `unknown key "${key}".`, { ...details, hint: unknownKeyHint(key, path, allowed, patterns) });
}

function unknownKeyHint(key: string, path: TreePath, allowed: string[], patterns: string[]): string {
  const best = allowed.length > 0 ? closest(key, allowed) : undefined;
  if (best !== undefined && distance(key, best) <= Math.max(2, Math.floor(key.length / 3))) return `Did you mean "${best}"?`;
  const listed = allowed.length > 0 && allowed.length <= 12 ? `Valid keys here: ${allowed.join(', ')}. ` : '';
  if (key.startsWith('x-')) {
    const owner = path.find((seg): seg is string => typeof seg === 'string' && seg.startsWith('x-'));
    const here = owner === undefined ? 'This mapping takes' : `${owner} is read by compose-x and takes only its own keys,`;
    return `${listed}${here} no x- keys: remove "${key}", or move it to the top level of the file, where other x- keys are allowed.`;
  }
  if (patterns.some((p) => matches(p, `x-${key}`))) return `${listed}Custom keys must start with "x-".`;
  return listed === '' ? 'See the Compose Specification (or docs/ for x- extensions) for the keys it takes.' : listed.trim();
}

function matches(pattern: string, key: string): boolean {
  return new RegExp(pattern, 'u').test(key);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeName(type: string): string {
  return (
    { array: 'a list', object: 'a mapping', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', null: 'null' }[type] ??
    type
  );
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
