/** `KEY=VALUE` lists or mappings (environment, build args, labels) as mappings. */
import mapValues from 'lodash/mapValues.js';
import type { CanonicalContext } from './context.js';
import { mappingOrEmpty } from './raw-values.js';

/** `KEY=VALUE` list or mapping; a bare KEY (or a null value) takes lookup(KEY), null when unset. */
export function resolved(value: unknown, lookup: CanonicalContext['lookup']): Record<string, string | null> {
  return mapValues(assignments(value), (v, key) => v ?? lookup(key) ?? null);
}

/** `KEY=VALUE` list or mapping as a mapping of strings; a bare KEY or a null value is null. */
export function assignments(value: unknown): Record<string, string | null> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((item): [string, string | null] => {
        const [key = '', ...rest] = String(item).split('=');
        return [key, rest.length === 0 ? null : rest.join('=')];
      }),
    );
  }
  return mapValues(mappingOrEmpty(value), (v) => (v === null || v === undefined ? null : String(v)));
}
