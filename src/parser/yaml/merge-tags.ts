import { isMapping } from '../mapping.js';

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

/** Removes the merge tags from a tree that is not merged onto anything (the base layer): a copy. */
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

/**
 * stripMergeTags without the copy where it can: the parts of the tree without tags are
 * returned as they are, so the result may share objects with `value`. For values that are
 * only read (validation), or copied later (the merge, whose result load.ts strips again).
 */
export function withoutMergeTags(value: unknown): unknown {
  if (value instanceof Override) return withoutMergeTags(value.value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const stripped = v === RESET ? v : withoutMergeTags(v);
      if (out === undefined && (v === RESET || stripped !== v)) out = value.slice(0, i);
      if (out !== undefined && v !== RESET) out.push(stripped);
    }
    return out ?? value;
  }
  if (isMapping(value)) {
    let out: Record<string, unknown> | undefined;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const v = value[k];
      const stripped = v === RESET ? v : withoutMergeTags(v);
      if (out === undefined && (v === RESET || stripped !== v)) {
        out = {};
        for (const before of keys.slice(0, i)) out[before] = value[before];
      }
      if (out !== undefined && v !== RESET) out[k] = stripped;
    }
    return out ?? value;
  }
  return value;
}
