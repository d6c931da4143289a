import type { TreePath } from './diagnostics.js';
import { isMapping } from './mapping.js';
import { Override, RESET, withoutMergeTags } from './yaml/merge-tags.js';

/**
 * The Compose merge rules, used for several `-f` files and for `extends`: mappings
 * merge, scalars replace, sequences append; the exceptions below are keyed by path
 * pattern (`*` matches one key). `!reset` removes an inherited value, `!override`
 * replaces it whole. As in compose-go, a key that takes a string or a list (env_file,
 * dns, dns_search, tmpfs, label_file...) is a list of that one string when merged, and
 * `build: DIR` is `build: {context: DIR}`.
 */
type MergeRule = (base: unknown, override: unknown, path: TreePath) => unknown;

const replace: MergeRule = (_base, override) => withoutMergeTags(override);

const RULES: readonly [string, MergeRule][] = [
  ['services.*.command', replace],
  ['services.*.entrypoint', replace],
  ['services.*.healthcheck.test', replace],
  ['services.*.ulimits.*', replace],
  ['services.*.build', mergeBuild],
  ['services.*.logging', mergeLogging],
  ['services.*.environment', mergeKeyValues],
  ['services.*.labels', mergeKeyValues],
  ['services.*.annotations', mergeKeyValues],
  ['services.*.sysctls', mergeKeyValues],
  ['services.*.extra_hosts', mergeKeyValues],
  ['services.*.build.args', mergeKeyValues],
  ['services.*.build.labels', mergeKeyValues],
  ['services.*.build.extra_hosts', mergeKeyValues],
  ['services.*.build.additional_contexts', mergeKeyValues],
  ['services.*.deploy.labels', mergeKeyValues],
  ['services.*.depends_on', mergeAsMapping],
  ['services.*.networks', mergeAsMapping],
  ['services.*.ports', appendUnique(portKey)],
  ['services.*.volumes', appendUnique(volumeKey)],
  ['services.*.secrets', appendUnique(fileRefKey('/run/secrets/'))],
  ['services.*.configs', appendUnique(fileRefKey('/'))],
  ['services.*.env_file', appendUnique(envFileKey)],
  ['services.*.label_file', appendSequences],
  ['services.*.expose', appendUnique(String)],
  ['services.*.cap_add', appendUnique(String)],
  ['services.*.cap_drop', appendUnique(String)],
  ['services.*.dns', appendUnique(String)],
  ['services.*.dns_opt', appendUnique(String)],
  ['services.*.dns_search', appendUnique(String)],
  ['services.*.security_opt', appendUnique(String)],
  ['services.*.profiles', appendUnique(String)],
  ['services.*.tmpfs', appendUnique(String)],
  ['services.*.devices', appendUnique(deviceKey)],
];

const PATTERNS = RULES.map(([pattern, rule]) => ({ segments: pattern.split('.'), rule }));

function ruleFor(path: TreePath): MergeRule | undefined {
  for (const { segments, rule } of PATTERNS) {
    if (segments.length !== path.length) continue;
    if (segments.every((seg, i) => seg === '*' || seg === String(path[i]))) return rule;
  }
  return undefined;
}

/** Merges `override` onto `base`; `path` is where both sit in a compose document. */
export function mergeTrees(base: unknown, override: unknown, path: TreePath = []): unknown {
  if (override === RESET) return undefined;
  if (override instanceof Override) return withoutMergeTags(override.value);
  if (base === undefined) return withoutMergeTags(override);
  const rule = ruleFor(path);
  if (rule) return rule(base, override, path);
  if (isMapping(base) && isMapping(override)) return mergeMappings(base, override, path);
  if (Array.isArray(base) && Array.isArray(override)) return [...base, ...(withoutMergeTags(override) as unknown[])];
  return withoutMergeTags(override);
}

function mergeMappings(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
  path: TreePath,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const merged = mergeTrees(base[key], value, [...path, key]);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

/** environment, labels, extra_hosts...: lists of `KEY=VALUE` and mappings merge by key. */
function mergeKeyValues(base: unknown, override: unknown): unknown {
  return mergeMappings(toKeyValues(base), toKeyValues(override), []);
}

function toKeyValues(value: unknown): Record<string, unknown> {
  if (isMapping(value)) return value;
  if (!Array.isArray(value)) return {};
  const out: Record<string, unknown> = {};
  for (const entry of value) {
    const text = String(entry);
    const at = text.search(/[=:]/);
    if (at < 0) out[text] = null;
    else out[text.slice(0, at)] = text.slice(at + 1);
  }
  return out;
}

/** depends_on and networks: a list of names is a mapping of names to defaults. */
function mergeAsMapping(base: unknown, override: unknown): unknown {
  return mergeMappings(namesToMapping(base), namesToMapping(override), []);
}

function namesToMapping(value: unknown): Record<string, unknown> {
  if (isMapping(value)) return value;
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(value.map((name) => [String(name), null]));
}

/** logging: a different driver replaces the whole block; the same driver merges options. */
function mergeLogging(base: unknown, override: unknown): unknown {
  if (!isMapping(base) || !isMapping(override)) return withoutMergeTags(override);
  const driver = override['driver'];
  if (driver !== undefined && base['driver'] !== undefined && driver !== base['driver']) {
    return withoutMergeTags(override);
  }
  return mergeMappings(base, override, []);
}

/** A value of a key that takes a string or a list, as a list (`dns: 8.8.8.8` is `dns: [8.8.8.8]`). */
function toSequence(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/** label_file: the sequences append. */
function appendSequences(base: unknown, override: unknown): unknown {
  return [...toSequence(base), ...toSequence(withoutMergeTags(override))];
}

/** build: a string is the build context; the mappings merge. */
function mergeBuild(base: unknown, override: unknown, path: TreePath): unknown {
  const toBuild = (value: unknown): unknown => (typeof value === 'string' ? { context: value } : value);
  const [b, o] = [toBuild(base), toBuild(override)];
  return isMapping(b) && isMapping(o) ? mergeMappings(b, o, path) : withoutMergeTags(o);
}

/** Sequences whose entries are unique by a key: a later entry replaces an earlier one in place. */
function appendUnique(keyOf: (entry: unknown) => string): MergeRule {
  return (base, override) => {
    const entries = [...toSequence(base), ...toSequence(withoutMergeTags(override))];
    const byKey = new Map<string, unknown>();
    for (const entry of entries) {
      const key = keyOf(entry);
      if (byKey.has(key)) byKey.delete(key);
      byKey.set(key, entry);
    }
    return [...byKey.values()];
  };
}

function portKey(entry: unknown): string {
  if (!isMapping(entry)) return String(entry);
  const { host_ip = '', published = '', target = '', protocol = 'tcp' } = entry;
  return `${String(host_ip)}:${String(published)}:${String(target)}/${String(protocol)}`;
}

/** A volume is unique by its mount point inside the container. */
function volumeKey(entry: unknown): string {
  if (isMapping(entry)) return String(entry['target']);
  const parts = String(entry).split(':');
  return parts.length === 1 ? (parts[0] ?? '') : (parts[1] ?? '');
}

function fileRefKey(defaultDir: string): (entry: unknown) => string {
  return (entry) => {
    if (!isMapping(entry)) return `${defaultDir}${String(entry)}`;
    const target = entry['target'];
    return target === undefined ? `${defaultDir}${String(entry['source'])}` : String(target);
  };
}

function envFileKey(entry: unknown): string {
  return isMapping(entry) ? String(entry['path']) : String(entry);
}

function deviceKey(entry: unknown): string {
  if (isMapping(entry)) return String(entry['target'] ?? entry['source']);
  const parts = String(entry).split(':');
  return parts[1] ?? parts[0] ?? '';
}
