/**
 * Interpolation of a whole compose tree, as Docker Compose does it (compose-go's
 * `interpolation` package and the type casts of its loader): every string value is
 * substituted (mapping keys never are), `x-` extensions included, then the strings at
 * paths where the specification wants a number or a boolean are converted when they are
 * valid literals of that type.
 */

import { ParseError, type Position, type TreePath } from '../diagnostics.js';
import { substitute, TemplateError } from './template.js';
import { Override } from '../yaml/merge-tags.js';

export interface InterpolateOptions {
  lookup: (name: string) => string | undefined;
  /** Where a tree path sits in the source, for error positions. */
  locate?: (path: TreePath) => Position | undefined;
  /** Called for each unset variable used without a default (the caller warns once per name). */
  onUnset?: (name: string, path: TreePath) => void;
  /** Called for each variable that had a value, with the path of the value it went into. */
  onValue?: (name: string, path: TreePath) => void;
}

const SYNTAX_HINT =
  'Escape a literal "$" as "$$"; a variable is written $NAME or ${NAME}, NAME matching [_a-zA-Z][_a-zA-Z0-9]*.';

/** Converts a string to a typed value, or returns undefined when it is not a valid literal. */
type Cast = (value: string) => number | boolean | undefined;

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ...['true', 'y', 'yes', 'on'].map((word) => [word, true] as const),
  ...['false', 'n', 'no', 'off'].map((word) => [word, false] as const),
]);

/** Go's strconv.Atoi, limited to the integers a JavaScript number holds exactly. */
const toInt: Cast = (value) => {
  const n = Number(value);
  return INTEGER.test(value) && Number.isSafeInteger(n) ? n : undefined;
};

/** Go's strconv.ParseFloat, decimal notation only (no hex, Inf or NaN). */
const toFloat: Cast = (value) => (FLOAT.test(value) ? Number(value) : undefined);

/** compose-go's toBoolean: the YAML 1.1 booleans, case-insensitive. */
const toBoolean: Cast = (value) => BOOLEANS.get(value.toLowerCase());

/** compose-go v2 loader's interpolateTypeCastMapping; `*` matches any key or list index. */
const CAST_RULES: readonly (readonly [string, Cast])[] = [
  ['services.*.configs.*.mode', toInt],
  ['services.*.cpu_count', toInt],
  ['services.*.cpu_percent', toFloat],
  ['services.*.cpu_period', toInt],
  ['services.*.cpu_quota', toInt],
  ['services.*.cpu_rt_period', toInt],
  ['services.*.cpu_rt_runtime', toInt],
  ['services.*.cpus', toFloat],
  ['services.*.cpu_shares', toInt],
  ['services.*.init', toBoolean],
  ['services.*.deploy.replicas', toInt],
  ['services.*.deploy.update_config.parallelism', toInt],
  ['services.*.deploy.update_config.max_failure_ratio', toFloat],
  ['services.*.deploy.rollback_config.parallelism', toInt],
  ['services.*.deploy.rollback_config.max_failure_ratio', toFloat],
  ['services.*.deploy.restart_policy.max_attempts', toInt],
  ['services.*.deploy.placement.max_replicas_per_node', toInt],
  ['services.*.healthcheck.retries', toInt],
  ['services.*.healthcheck.disable', toBoolean],
  ['services.*.oom_kill_disable', toBoolean],
  ['services.*.oom_score_adj', toInt],
  ['services.*.pids_limit', toInt],
  ['services.*.ports.*.target', toInt],
  ['services.*.privileged', toBoolean],
  ['services.*.read_only', toBoolean],
  ['services.*.scale', toInt],
  ['services.*.secrets.*.mode', toInt],
  ['services.*.stdin_open', toBoolean],
  ['services.*.tty', toBoolean],
  ['services.*.ulimits.*', toInt],
  ['services.*.ulimits.*.hard', toInt],
  ['services.*.ulimits.*.soft', toInt],
  ['services.*.volumes.*.read_only', toBoolean],
  ['services.*.volumes.*.volume.nocopy', toBoolean],
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
];

const CASTS = CAST_RULES.map(([pattern, cast]) => ({ pattern: pattern.split('.'), cast }));
type CastRule = (typeof CASTS)[number];

const lastOf = (rule: CastRule): string => rule.pattern[rule.pattern.length - 1] ?? '';
/** The rules a path may match by its last key: those ending in `*`, in their order. */
const CASTS_ANY_LAST = CASTS.filter((rule) => lastOf(rule) === '*');
/** ... and by each last key the rules name: those ending in it or in `*`, in their order (the first match wins). */
const CASTS_BY_LAST: ReadonlyMap<string, readonly CastRule[]> = new Map(
  CASTS.filter((rule) => lastOf(rule) !== '*').map((rule) => [lastOf(rule), CASTS.filter((r) => lastOf(r) === lastOf(rule) || lastOf(r) === '*')]),
);

/**
 * Returns a copy of `tree` with every string value interpolated and cast where the
 * specification wants a number or a boolean. The input is not modified.
 * @throws ParseError with code E_INTERPOLATION_SYNTAX or E_VARIABLE_REQUIRED, the path of
 *   the value and its position from `locate`.
 */
export function interpolate(tree: unknown, options: InterpolateOptions): unknown {
  return walk(tree, [], options);
}

function walk(node: unknown, path: TreePath, options: InterpolateOptions): unknown {
  if (typeof node === 'string') return castAt(path, interpolateString(node, path, options));
  if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i], options));
  if (node instanceof Override) return new Override(walk(node.value, path, options));
  if (typeof node === 'object' && node !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      const value = walk((node as Record<string, unknown>)[key], [...path, key], options);
      // As Object.fromEntries would: an own property, even for __proto__.
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }
  return node;
}

function interpolateString(value: string, path: TreePath, options: InterpolateOptions): string {
  try {
    const { onValue } = options;
    const lookup = onValue
      ? (name: string): string | undefined => {
          const found = options.lookup(name);
          if (found !== undefined) onValue(name, path);
          return found;
        }
      : options.lookup;
    const result = substitute(value, lookup);
    for (const name of result.unset) options.onUnset?.(name, path);
    return result.value;
  } catch (err) {
    if (err instanceof TemplateError) throw toParseError(err, path, options);
    throw err;
  }
}

function toParseError(err: TemplateError, path: TreePath, options: InterpolateOptions): ParseError {
  const hint = err.hint ?? (err.code === 'E_VARIABLE_REQUIRED' ? requiredHint(err.variable ?? 'the variable') : SYNTAX_HINT);
  return new ParseError(err.code, err.message, { path, position: options.locate?.(path), hint });
}

function requiredHint(name: string): string {
  return `Set ${name} in the environment or in the .env file, or give it a default with \${${name}:-default}.`;
}

/** The string cast to the type the specification wants at `path`, when it is a valid literal. */
function castAt(path: TreePath, value: string): unknown {
  const candidates = CASTS_BY_LAST.get(String(path[path.length - 1])) ?? CASTS_ANY_LAST;
  const rule = candidates.find(({ pattern }) => matches(pattern, path));
  return rule?.cast(value) ?? value;
}

function matches(pattern: readonly string[], path: TreePath): boolean {
  return pattern.length === path.length && pattern.every((part, i) => part === '*' || part === String(path[i]));
}
