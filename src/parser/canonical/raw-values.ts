/** Small readers of validated compose values, before they take their model types. */
import omitBy from 'lodash/omitBy.js';
import pickBy from 'lodash/pickBy.js';
import type { TreePath } from '../diagnostics.js';
import { isMapping } from '../mapping.js';
import type { Extensions } from '../model.js';

export type Raw = Record<string, unknown>;

export function mappingOrEmpty(value: unknown): Raw {
  return isMapping(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A list (by index) or a mapping (by key) of named entries: [name, value (null in a list), path]. */
export function keyedEntries(value: unknown, at: TreePath): [string, unknown, TreePath][] {
  if (Array.isArray(value)) return value.map((name, i) => [String(name), null, [...at, i]]);
  return Object.entries(mappingOrEmpty(value)).map(([name, entry]) => [name, entry, [...at, name]]);
}

/** A string or a list of strings, each with its path. */
export function listed(value: unknown, at: TreePath): [string, TreePath][] {
  if (typeof value === 'string') return [[value, at]];
  return asArray(value).map((item, i) => [String(item), [...at, i]]);
}

export function splitExtensions(value: Raw): { spec: Raw; extensions: Extensions } {
  const isExtension = (_value: unknown, key: string): boolean => key.startsWith('x-');
  return { spec: omitBy(value, isExtension), extensions: pickBy(value, isExtension) };
}
