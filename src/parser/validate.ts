import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { ParseError, type Position, type TreePath } from './diagnostics.js';
import { readSchemas } from './schemas.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    const schemas = readSchemas();
    for (const [name, schema] of schemas) if (name !== 'compose-spec.json') ajv.addSchema(schema);
    compiled = ajv.compile(schemas.get('compose-spec.json') ?? {});
  }
  return compiled;
}

/**
 * Checks one compose document (after interpolation) against schemas/compose-spec.json
 * and the extension schemas it references. The most specific problem is reported, at
 * its place in the file; an unknown key comes with the closest valid key.
 */
export function validateDocument(
  document: Record<string, unknown>,
  locate: (path: TreePath, which?: 'key' | 'value') => Position | undefined,
): void {
  const validate = validator();
  if (validate(document)) return;
  const error = mostSpecific(validate.errors ?? []);
  if (!error) return;
  throw describe(error, validate.errors ?? [], locate);
}

function toPath(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

const PREFERENCE = ['additionalProperties', 'required', 'enum', 'const', 'pattern', 'minimum', 'maximum'];

/**
 * Among ajv's errors, the one a person should read: the deepest, skipping the summaries
 * of anyOf/oneOf and the type mismatches of branches that were not meant.
 */
function mostSpecific(errors: ErrorObject[]): ErrorObject | undefined {
  const candidates = errors.filter((e) => !['anyOf', 'oneOf', 'if', 'not', 'false schema'].includes(e.keyword));
  const depth = (e: ErrorObject): number => toPath(e.instancePath).length + (e.keyword === 'additionalProperties' ? 1 : 0);
  const rank = (e: ErrorObject): number => {
    const i = PREFERENCE.indexOf(e.keyword);
    return e.keyword === 'type' ? PREFERENCE.length + 1 : i < 0 ? PREFERENCE.length : i;
  };
  const within = (outer: string, inner: string): boolean => inner === outer || inner.startsWith(`${outer}/`);
  const specific = candidates.filter(
    (e) => e.keyword !== 'type' || !candidates.some((o) => o.keyword !== 'type' && within(e.instancePath, o.instancePath)),
  );
  const sorted = [...(specific.length > 0 ? specific : errors)].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b));
  return sorted[0];
}

function describe(
  error: ErrorObject,
  all: ErrorObject[],
  locate: (path: TreePath, which?: 'key' | 'value') => Position | undefined,
): ParseError {
  const path = toPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const keyPath = [...path, key];
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return new ParseError('E_UNKNOWN_KEY', `unknown key "${key}".`, {
        path: keyPath,
        position: locate(keyPath, 'key'),
        hint: suggestKey(key, allowed),
      });
    }
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
      for (const e of all) {
        if (e.keyword === 'type' && e.instancePath === error.instancePath) {
          const t = (e.params as { type: string | string[] }).type;
          for (const one of Array.isArray(t) ? t : [t]) wanted.add(one);
        }
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

function suggestKey(key: string, allowed: string[]): string {
  if (allowed.length > 0) {
    const best = closest(key, allowed);
    if (distance(key, best) <= Math.max(2, Math.floor(key.length / 3))) return `Did you mean "${best}"?`;
  }
  const extension = 'Custom keys must start with "x-".';
  return allowed.length > 0 && allowed.length <= 12 ? `Valid keys here: ${allowed.join(', ')}. ${extension}` : extension;
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
