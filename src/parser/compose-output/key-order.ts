/**
 * The order of keys in `docker compose config`, which marshals compose-go's Go types: a Go
 * struct's fields in the order the struct declares them (then its `x-` keys), a Go map's keys
 * sorted (yaml.v3's natural order in YAML, bytes in JSON). The field lists are those of
 * compose-spec/compose-go types/types.go, types/build.go, types/healthcheck.go,
 * types/envfile.go and types/project.go.
 */

/** How a value of the model is marshalled. */
export type Shape =
  | { kind: 'struct'; fields: readonly string[]; of: Readonly<Record<string, Shape>>; json?: JsonStruct }
  | { kind: 'map'; of?: Shape }
  | { kind: 'list'; of: Shape }
  | { kind: 'value' };

/** What encoding/json does differently with a struct. */
interface JsonStruct {
  /** Fields without `omitempty` effect (nil slices, non-pointer structs): printed when absent, with this value. */
  always?: Readonly<Record<string, unknown>>;
  /** The project, which compose-go's MarshalJSON turns into a map: every key sorted. */
  asMap?: boolean;
}

export type OutputFormat = 'yaml' | 'json';

export interface OrderOptions {
  format: OutputFormat;
  /** false: leave out the `x-` keys of structs, as encoding/json does (`json:"-"`). Default: true. */
  extensions?: boolean;
}

const VALUE: Shape = { kind: 'value' };
const MAP: Shape = { kind: 'map' };
const struct = (fields: readonly string[], of: Record<string, Shape> = {}, json?: JsonStruct): Shape => ({ kind: 'struct', fields, of, ...(json ? { json } : {}) });
const mapOf = (of: Shape): Shape => ({ kind: 'map', of });
const listOf = (of: Shape): Shape => ({ kind: 'list', of });

const FILE_REFERENCE = struct(['source', 'target', 'uid', 'gid', 'mode']);
const ULIMIT = struct(['soft', 'hard']);
const RESOURCE = struct(['cpus', 'memory', 'pids', 'devices', 'generic_resources']);
const UPDATE = struct(['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order']);
const DEPLOY = struct(
  ['mode', 'replicas', 'labels', 'update_config', 'rollback_config', 'resources', 'restart_policy', 'placement', 'endpoint_mode'],
  {
    labels: MAP,
    update_config: UPDATE,
    rollback_config: UPDATE,
    resources: struct(['limits', 'reservations'], { limits: RESOURCE, reservations: RESOURCE }),
    restart_policy: struct(['condition', 'delay', 'max_attempts', 'window']),
    placement: struct(['constraints', 'preferences', 'max_replicas_per_node']),
  },
  { always: { resources: {}, placement: {} } },
);
const BUILD = struct(
  [
    'context', 'dockerfile', 'dockerfile_inline', 'entitlements', 'args', 'provenance', 'sbom', 'ssh', 'labels', 'cache_from', 'cache_to',
    'no_cache', 'no_cache_filter', 'additional_contexts', 'pull', 'extra_hosts', 'isolation', 'network', 'target', 'secrets', 'shm_size',
    'tags', 'ulimits', 'platforms', 'privileged',
  ],
  { args: MAP, labels: MAP, additional_contexts: MAP, secrets: listOf(FILE_REFERENCE), ulimits: mapOf(ULIMIT) },
);
const SERVICE_VOLUME = struct(['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'], {
  bind: struct(['selinux', 'propagation', 'create_host_path', 'recursive']),
  volume: struct(['labels', 'nocopy', 'subpath'], { labels: MAP }),
  tmpfs: struct(['size', 'mode']),
  image: struct(['subpath']),
});
const SERVICE_NETWORK = struct(
  ['aliases', 'driver_opts', 'gw_priority', 'interface_name', 'ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address', 'priority'],
  { driver_opts: MAP },
);

/** compose-go's ServiceConfig, field by field. */
export const SERVICE = struct(
  [
    'profiles', 'annotations', 'attach', 'build', 'develop', 'blkio_config', 'cap_add', 'cap_drop', 'cgroup_parent', 'cgroup', 'cpu_count',
    'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpus', 'cpuset', 'cpu_shares', 'command', 'configs',
    'container_name', 'credential_spec', 'depends_on', 'deploy', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search',
    'dockerfile', 'domainname', 'entrypoint', 'provider', 'environment', 'env_file', 'expose', 'extends', 'external_links', 'extra_hosts',
    'group_add', 'gpus', 'hostname', 'healthcheck', 'image', 'init', 'ipc', 'isolation', 'labels', 'label_file', 'links', 'logging',
    'log_driver', 'log_opt', 'mem_limit', 'mem_reservation', 'memswap_limit', 'mem_swappiness', 'mac_address', 'models', 'net',
    'network_mode', 'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'privileged', 'pull_policy',
    'read_only', 'restart', 'runtime', 'scale', 'secrets', 'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal',
    'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volume_driver', 'volumes',
    'volumes_from', 'working_dir', 'post_start', 'pre_stop',
  ],
  {
    annotations: MAP,
    build: BUILD,
    configs: listOf(FILE_REFERENCE),
    credential_spec: struct(['config', 'file', 'registry']),
    depends_on: mapOf(struct(['condition', 'restart', 'required'])),
    deploy: DEPLOY,
    devices: listOf(struct(['source', 'target', 'permissions'])),
    environment: MAP,
    env_file: listOf(struct(['path', 'required', 'format'])),
    extends: struct(['file', 'service']),
    healthcheck: struct(['test', 'timeout', 'interval', 'retries', 'start_period', 'start_interval', 'disable']),
    labels: MAP,
    logging: struct(['driver', 'options'], { options: MAP }),
    log_opt: MAP,
    networks: mapOf(SERVICE_NETWORK),
    ports: listOf(struct(['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'])),
    secrets: listOf(FILE_REFERENCE),
    storage_opt: MAP,
    sysctls: MAP,
    ulimits: mapOf(ULIMIT),
    volumes: listOf(SERVICE_VOLUME),
  },
  // ShellCommand is a slice without omitempty for JSON: an unset command is `null` there.
  { always: { command: null, entrypoint: null } },
);

const NETWORK = struct(
  ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'labels', 'enable_ipv4', 'enable_ipv6'],
  { driver_opts: MAP, labels: MAP, ipam: struct(['driver', 'config'], { config: listOf(struct(['subnet', 'gateway', 'ip_range', 'aux_addresses'], { aux_addresses: MAP })) }) },
  { always: { ipam: {} } },
);
const VOLUME = struct(['name', 'driver', 'driver_opts', 'external', 'labels'], { driver_opts: MAP, labels: MAP });
const FILE_OBJECT = struct(['name', 'file', 'environment', 'content', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'], {
  labels: MAP,
  driver_opts: MAP,
});

/** compose-go's Project. */
export const PROJECT = struct(
  ['name', 'services', 'networks', 'volumes', 'secrets', 'configs'],
  { services: mapOf(SERVICE), networks: mapOf(NETWORK), volumes: mapOf(VOLUME), secrets: mapOf(FILE_OBJECT), configs: mapOf(FILE_OBJECT) },
  { asMap: true },
);

/** A document (or `x-` value) of unknown shape: a Go `map[string]any`, every mapping sorted. */
export const ANY_MAP: Shape = MAP;

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);

/**
 * `value` with its mappings as Maps, in the order docker compose prints their keys; lists keep
 * their order. A mapping the shape does not know is a Go map (sorted, all the way down).
 */
export function inComposeOrder(value: unknown, shape: Shape, options: OrderOptions): unknown {
  if (Array.isArray(value)) return value.map((item) => inComposeOrder(item, shape.kind === 'list' ? shape.of : VALUE, options));
  if (!isMapping(value)) return value;
  const compare = options.format === 'yaml' ? compareYamlKeys : compareGoStrings;
  if (shape.kind !== 'struct') {
    const of = shape.kind === 'map' ? (shape.of ?? ANY_MAP) : ANY_MAP;
    return new Map(Object.keys(value).sort(compare).map((key) => [key, inComposeOrder(value[key], of, options)]));
  }
  const json = options.format === 'json' ? shape.json : undefined;
  const withDefaults = { ...(json?.always ?? {}), ...value };
  const fields = shape.fields.filter((key) => key in withDefaults);
  const rest = Object.keys(withDefaults)
    .filter((key) => !shape.fields.includes(key) && (options.extensions !== false || !key.startsWith('x-')))
    .sort(compare);
  const keys = json?.asMap ? [...fields, ...rest].sort(compare) : [...fields, ...rest];
  return new Map(keys.map((key) => [key, inComposeOrder(withDefaults[key], shape.of[key] ?? ANY_MAP, options)]));
}

/** Strings in Go's order (sort.Strings, and encoding/json's map keys): by the bytes of their UTF-8. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Map keys in yaml.v3's order (keyList.Less in its sorter.go): letters by code point, digit runs by value. */
export function compareYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0;
}

const isLetter = (rune: string | undefined): boolean => rune !== undefined && /^\p{L}$/u.test(rune);
const isDigit = (rune: string | undefined): boolean => rune !== undefined && /^\p{Nd}$/u.test(rune);
/** Go's `int64(r - '0')`, and its int64 arithmetic, wrapping as Go wraps. */
const digitValue = (rune: string): bigint => BigInt((rune.codePointAt(0) ?? 0) - 48);
const int64 = (value: bigint): bigint => BigInt.asIntN(64, value);

function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const x = ar[i] ?? '';
    const y = br[i] ?? '';
    if (x === y) {
      digits = isDigit(x);
      continue;
    }
    const xl = isLetter(x);
    const yl = isLetter(y);
    if (xl && yl) return (x.codePointAt(0) ?? 0) < (y.codePointAt(0) ?? 0);
    if (xl || yl) return digits ? xl : yl;
    let an = 0n;
    let bn = 0n;
    if (x === '0' || y === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = int64(an * 10n + digitValue(ar[ai] ?? '0'));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = int64(bn * 10n + digitValue(br[bi] ?? '0'));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return (x.codePointAt(0) ?? 0) < (y.codePointAt(0) ?? 0);
  }
  return ar.length < br.length;
}
