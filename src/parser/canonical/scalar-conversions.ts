/**
 * Scalar conversions. The schema lets most typed keys be strings too (for interpolation), so
 * each conversion also accepts its text form, as compose-go's interpolation casts do.
 */
import mapValues from 'lodash/mapValues.js';
import { assignments } from './assignments.js';
import { parseByteSize } from '../syntax/byte-size.js';
import { fail, show, within } from './errors.js';
import type { CanonicalContext } from './context.js';
import type { TreePath } from '../diagnostics.js';
import { parseDuration } from '../syntax/duration.js';
import { isMapping } from '../mapping.js';
import type { Raw } from './raw-values.js';

type Kind = 'bool' | 'int' | 'number' | 'octal' | 'duration' | 'bytes' | 'strings' | 'map';
/** Which keys of a mapping hold which kind of value, nested mappings included. */
export interface Shape {
  readonly [key: string]: Kind | Shape;
}
type Convert = (value: unknown, at: TreePath, context: CanonicalContext) => unknown;

const YAML_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ...['y', 'yes', 'true', 'on'].map((word): [string, boolean] => [word, true]),
  ...['n', 'no', 'false', 'off'].map((word): [string, boolean] => [word, false]),
]);

const CONVERT: Readonly<Record<Kind, Convert>> = {
  bool: toBoolean,
  int: toInteger,
  number: toNumber,
  octal: toFileMode,
  duration: (value, at, context) => within(context, at, () => parseDuration(numberOrText(value))),
  bytes: (value, at, context) => within(context, at, () => parseByteSize(numberOrText(value))),
  strings: (value) => (Array.isArray(value) ? value.map(String) : [String(value)]),
  map: toStringMap,
};

/** Converts the keys of `value` that `shape` names, recursively; other keys are kept as they are. */
export function conform(value: unknown, at: TreePath, shape: Shape, context: CanonicalContext): unknown {
  if (!isMapping(value)) return value;
  const out: Raw = { ...value };
  for (const [key, rule] of Object.entries(shape)) {
    const field = value[key];
    if (field === undefined || field === null) continue;
    const fieldAt = [...at, key];
    out[key] = typeof rule === 'string' ? CONVERT[rule](field, fieldAt, context) : conform(field, fieldAt, rule, context);
  }
  return out;
}

export function toBoolean(value: unknown, at: TreePath, context: CanonicalContext): boolean {
  const parsed = typeof value === 'string' ? YAML_BOOLEANS.get(value.toLowerCase()) : value;
  if (typeof parsed !== 'boolean') {
    fail(context, 'E_TYPE', at, `${show(value)} is not a boolean.`, 'Write true or false.');
  }
  return parsed;
}

export function toInteger(value: unknown, at: TreePath, context: CanonicalContext): number {
  const parsed = typeof value === 'string' && /^[-+]?\d+$/.test(value) ? Number(value) : value;
  if (!Number.isSafeInteger(parsed)) {
    fail(context, 'E_TYPE', at, `${show(value)} is not a whole number.`, 'Write a whole number, e.g. 3.');
  }
  return parsed as number;
}

function toNumber(value: unknown, at: TreePath, context: CanonicalContext): number {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed)) {
    fail(context, 'E_TYPE', at, `${show(value)} is not a number.`, 'Write a number, e.g. 0.5.');
  }
  return parsed;
}

/** File modes are octal when written as text ("0440"); a YAML number is taken as is. */
function toFileMode(value: unknown, at: TreePath, context: CanonicalContext): number {
  const octal = typeof value === 'string' ? /^(?:0o)?([0-7]+)$/.exec(value)?.[1] : undefined;
  const parsed = octal === undefined ? value : parseInt(octal, 8);
  if (!Number.isSafeInteger(parsed)) {
    fail(context, 'E_TYPE', at, `${show(value)} is not a file mode.`, 'Write the mode in octal, e.g. "0440".');
  }
  return parsed as number;
}

/** A list of `KEY=VALUE` (a bare KEY is "") or a mapping, as a mapping of strings (null is ""). */
function toStringMap(value: unknown, at: TreePath, context: CanonicalContext): Record<string, string> {
  if (!Array.isArray(value) && !isMapping(value)) {
    fail(context, 'E_TYPE', at, `${show(value)} is neither a list nor a mapping.`, 'Write a mapping of KEY: value.');
  }
  return mapValues(assignments(value), (v) => v ?? '');
}

function numberOrText(value: unknown): number | string {
  return typeof value === 'number' ? value : String(value);
}
