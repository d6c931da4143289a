import { isMapping } from './mapping.js';

/**
 * The Compose merge tags: `!reset` removes a value inherited from an earlier file or an
 * `extends` base, `!override` replaces it instead of merging.
 */

/** Marks a value written as `!reset`. */
export const RESET: unique symbol = Symbol('!reset');

/** Wraps a value written as `!override`. */
export class Override {
  constructor(readonly value: unknown) {}
}

/** Removes the merge tags from a tree that is not merged onto anything (the base layer). */
export function stripMergeTags(value: unknown): unknown {
  if (value instanceof Override) return stripMergeTags(value.value);
  if (Array.isArray(value)) return value.filter((v) => v !== RESET).map(stripMergeTags);
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== RESET) out[k] = stripMergeTags(v);
    }
    return out;
  }
  return value;
}

