/**
 * Turns one compose document (interpolated, merged, `extends` resolved, profiles applied and
 * validated against the schema) into the normalized model, the way `docker compose config`
 * normalizes it (compose-go's transform/, loader/normalize.go and paths/): every short form in
 * its long form, defaults filled in, durations in nanoseconds, sizes in bytes, host paths
 * absolute, and every reference to a service, network, volume, secret or config checked.
 */
import path from 'node:path';
import _ from 'lodash';
import { parseByteSize } from './byte-size.js';
import { ParseError, type Position, type TreePath, type Warning } from './diagnostics.js';
import { parseDuration } from './duration.js';
import { isMapping } from './mapping.js';
import type {
  Deploy,
  DependsOn,
  EnvFileRef,
  Extensions,
  FileObject,
  Healthcheck,
  Network,
  Project,
  Service,
  ServiceFileRef,
  ServiceNetwork,
  ServicePort,
  ServiceVolume,
  Ulimit,
  Volume,
} from './model.js';
import { parsePort } from './ports.js';
import { parseVolumeShortSyntax } from './service-volumes.js';
import { splitShellWords } from './shell-words.js';

/** What canonicalize needs from its caller besides the document. */
export interface CanonicalContext {
  projectName: string;
  /** Absolute; relative paths (bind sources, env_file) resolve from here. */
  workingDir: string;
  /** Environment used to resolve bare `environment: [FOO]` entries. */
  lookup: (name: string) => string | undefined;
  /** Reads an env_file (absolute path); returns undefined when it does not exist. Throws ParseError on bad syntax. */
  readEnvFile: (path: string) => Record<string, string> | undefined;
  locate?: (path: TreePath) => Position | undefined;
  warn: (w: Warning) => void;
}

type Raw = Record<string, unknown>;
type Resource = 'networks' | 'volumes' | 'secrets' | 'configs';

/** What every service's normalization may consult. */
interface Scope {
  readonly context: CanonicalContext;
  /** Keys of the top-level resources (networks include the implicit `default`). */
  readonly declared: Readonly<Record<Resource, ReadonlySet<string>>>;
  readonly services: readonly string[];
}

/**
 * Normalizes one compose document into a Project. Throws a ParseError (with path and position)
 * for the first invalid value or dangling reference; reports lesser problems through `context.warn`.
 */
export function canonicalize(raw: Record<string, unknown>, context: CanonicalContext): Project {
  if (raw.version !== undefined) {
    warn(context, 'W_VERSION_OBSOLETE', ['version'], 'the top-level `version` is obsolete and ignored.');
  }
  const rawServices = mappingOrEmpty(raw.services);
  const scope: Scope = { context, declared: declaredResources(raw), services: Object.keys(rawServices) };
  const services = _.mapValues(rawServices, (service, name) => canonicalService(name, service, scope));
  const usesDefaultNetwork = Object.values(services).some((s) => Object.hasOwn(s.networks, 'default'));
  return {
    name: context.projectName,
    working_dir: context.workingDir,
    services,
    networks: projectNetworks(raw.networks, usesDefaultNetwork, context),
    volumes: resources('volumes', raw.volumes, context, projectVolume),
    secrets: resources('secrets', raw.secrets, context, fileObject),
    configs: resources('configs', raw.configs, context, fileObject),
    ...(isMapping(raw.models) ? { models: raw.models } : {}),
    extensions: splitExtensions(raw).extensions,
  };
}

// ---------------------------------------------------------------------------------------------
// Errors and warnings

function fail(context: CanonicalContext, code: string, at: TreePath, message: string, hint?: string): never {
  throw new ParseError(code, message, { hint, path: at, position: context.locate?.(at) });
}

function warn(context: CanonicalContext, code: string, at: TreePath, message: string): void {
  const position = context.locate?.(at);
  context.warn({ code, message, path: at, ...(position ? { position } : {}) });
}

/** Runs a parser whose ParseErrors know no location, and locates them at `at`. */
function within<T>(context: CanonicalContext, at: TreePath, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ParseError && error.path === undefined && error.file === undefined) {
      fail(context, error.code, at, error.message, error.hint);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Scalar conversions. The schema lets most typed keys be strings too (for interpolation), so
// each conversion also accepts its text form, as compose-go's interpolation casts do.

type Kind = 'bool' | 'int' | 'number' | 'octal' | 'duration' | 'bytes' | 'strings' | 'map';
/** Which keys of a mapping hold which kind of value, nested mappings included. */
interface Shape {
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

function toBoolean(value: unknown, at: TreePath, context: CanonicalContext): boolean {
  const parsed = typeof value === 'string' ? YAML_BOOLEANS.get(value.toLowerCase()) : value;
  if (typeof parsed !== 'boolean') {
    fail(context, 'E_TYPE', at, `${show(value)} is not a boolean.`, 'Write true or false.');
  }
  return parsed;
}

function toInteger(value: unknown, at: TreePath, context: CanonicalContext): number {
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
  return _.mapValues(assignments(value), (v) => v ?? '');
}

function numberOrText(value: unknown): number | string {
  return typeof value === 'number' ? value : String(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Converts the keys of `value` that `shape` names, recursively; other keys are kept as they are. */
function conform(value: unknown, at: TreePath, shape: Shape, context: CanonicalContext): unknown {
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

// ---------------------------------------------------------------------------------------------
// Shapes: the typed keys that need no more than a scalar conversion.

const RESOURCE_SPEC_SHAPE: Shape = { cpus: 'number', memory: 'bytes', pids: 'int' };
const UPDATE_CONFIG_SHAPE: Shape = {
  parallelism: 'int',
  delay: 'duration',
  monitor: 'duration',
  max_failure_ratio: 'number',
};
const DEPLOY_SHAPE: Shape = {
  replicas: 'int',
  labels: 'map',
  resources: { limits: RESOURCE_SPEC_SHAPE, reservations: RESOURCE_SPEC_SHAPE },
  update_config: UPDATE_CONFIG_SHAPE,
  rollback_config: UPDATE_CONFIG_SHAPE,
  restart_policy: { delay: 'duration', window: 'duration', max_attempts: 'int' },
  placement: { max_replicas_per_node: 'int' },
};
const HEALTHCHECK_SHAPE: Shape = {
  interval: 'duration',
  timeout: 'duration',
  start_period: 'duration',
  start_interval: 'duration',
  retries: 'int',
  disable: 'bool',
};
const SERVICE_SHAPE: Shape = {
  init: 'bool',
  read_only: 'bool',
  privileged: 'bool',
  tty: 'bool',
  stdin_open: 'bool',
  oom_kill_disable: 'bool',
  scale: 'int',
  pids_limit: 'int',
  cpu_count: 'int',
  cpu_shares: 'int',
  cpu_quota: 'int',
  cpu_period: 'int',
  oom_score_adj: 'int',
  mem_swappiness: 'int',
  cpus: 'number',
  cpu_percent: 'number',
  mem_limit: 'bytes',
  mem_reservation: 'bytes',
  memswap_limit: 'bytes',
  shm_size: 'bytes',
  stop_grace_period: 'duration',
  labels: 'map',
  annotations: 'map',
  sysctls: 'map',
  dns: 'strings',
  dns_search: 'strings',
  tmpfs: 'strings',
  label_file: 'strings',
  logging: { options: 'map' },
  healthcheck: HEALTHCHECK_SHAPE,
  deploy: DEPLOY_SHAPE,
};
const VOLUME_MOUNT_SHAPE: Shape = {
  read_only: 'bool',
  bind: { create_host_path: 'bool' },
  volume: { nocopy: 'bool', labels: 'map' },
  tmpfs: { size: 'bytes', mode: 'octal' },
};
const BUILD_SHAPE: Shape = { labels: 'map', no_cache: 'bool', pull: 'bool', privileged: 'bool', shm_size: 'bytes' };
const DEPENDENCY_SHAPE: Shape = { required: 'bool', restart: 'bool' };
const ENV_FILE_SHAPE: Shape = { required: 'bool' };
const FILE_REF_SHAPE: Shape = { mode: 'octal' };
const ULIMIT_SHAPE: Shape = { soft: 'int', hard: 'int' };
const NETWORK_SHAPE: Shape = {
  internal: 'bool',
  attachable: 'bool',
  enable_ipv4: 'bool',
  enable_ipv6: 'bool',
  labels: 'map',
  driver_opts: 'map',
};
const VOLUME_SHAPE: Shape = { labels: 'map', driver_opts: 'map' };
const FILE_OBJECT_SHAPE: Shape = { labels: 'map', driver_opts: 'map' };

// ---------------------------------------------------------------------------------------------
// Services

/** Typed Service keys whose long form depends on their own value only (see SERVICE_FIELDS). */
const FIELD_KEYS = [
  'image',
  'build',
  'command',
  'entrypoint',
  'ports',
  'expose',
  'volumes',
  'healthcheck',
  'labels',
  'logging',
  'secrets',
  'configs',
  'ulimits',
  'extra_hosts',
  'profiles',
  'user',
  'working_dir',
  'hostname',
  'init',
  'read_only',
  'privileged',
  'tty',
  'stdin_open',
  'cap_add',
  'cap_drop',
  'stop_grace_period',
  'stop_signal',
  'network_mode',
  'cpus',
  'mem_limit',
  'mem_reservation',
  'shm_size',
  'platform',
  'restart',
] as const satisfies readonly (keyof Service)[];
type FieldKey = (typeof FIELD_KEYS)[number];

/** Keys normalized together with others; `scale` ends up in deploy.replicas and is dropped. */
const CROSS_FIELD_KEYS = ['environment', 'env_file', 'depends_on', 'networks', 'deploy', 'scale'];

type FieldRule = (value: unknown, at: TreePath, scope: Scope) => unknown;

/** How to reach the long form of a typed key; keys not listed keep their (converted) value. */
const SERVICE_FIELDS: Readonly<Partial<Record<FieldKey, FieldRule>>> = {
  build: buildOf,
  command: commandOf,
  entrypoint: commandOf,
  ports: (value, at, scope) => asArray(value).flatMap((entry, i) => portOf(entry, [...at, i], scope.context)),
  expose: (value) => asArray(value).map(String),
  volumes: (value, at, scope) => asArray(value).map((entry, i) => volumeMountOf(entry, [...at, i], scope)),
  healthcheck: (value, at, scope) => healthcheckOf(mappingOrEmpty(value), at, scope.context),
  secrets: (value, at, scope) => fileRefsOf('secrets', value, at, scope),
  configs: (value, at, scope) => fileRefsOf('configs', value, at, scope),
  ulimits: (value, at, scope) => ulimitsOf(mappingOrEmpty(value), at, scope.context),
  extra_hosts: (value, at, scope) => extraHostsOf(value, at, scope.context),
};

function canonicalService(name: string, raw: unknown, scope: Scope): Service {
  const at = ['services', name];
  const { spec, extensions } = splitExtensions(mappingOrEmpty(conform(raw, at, SERVICE_SHAPE, scope.context)));
  const envFiles = envFilesOf(spec.env_file, [...at, 'env_file'], scope.context);
  const deploy = deployOf(spec, at, scope.context);
  const service: Raw = {
    name,
    ...serviceDefaults(),
    ...fieldsOf(spec, at, scope),
    environment: environmentOf(spec.environment, envFiles, scope.context),
    ...(envFiles === undefined ? {} : { env_file: envFiles.map((file) => file.ref) }),
    depends_on: dependsOnOf(name, spec, at, scope),
    networks: networksOf(name, spec, at, scope),
    ...(deploy === undefined ? {} : { deploy }),
    other: _.omit(spec, [...FIELD_KEYS, ...CROSS_FIELD_KEYS]),
    extensions,
  };
  return service as unknown as Service;
}

function serviceDefaults(): Partial<Service> {
  return {
    ports: [],
    expose: [],
    volumes: [],
    labels: {},
    secrets: [],
    configs: [],
    ulimits: {},
    extra_hosts: {},
    profiles: [],
    cap_add: [],
    cap_drop: [],
  };
}

function fieldsOf(spec: Raw, at: TreePath, scope: Scope): Raw {
  const fields: Raw = {};
  for (const key of FIELD_KEYS) {
    if (!Object.hasOwn(spec, key)) continue;
    const rule = SERVICE_FIELDS[key];
    fields[key] = rule ? rule(spec[key], [...at, key], scope) : spec[key];
  }
  return fields;
}

// --- command, entrypoint ---------------------------------------------------------------------

/** Words that are shell syntax, and useless as plain arguments. */
const SHELL_OPERATOR = /^[;&|<>]+$/;

function commandOf(value: unknown, at: TreePath, scope: Scope): string[] | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(String);
  const line = String(value);
  const words = within(scope.context, at, () => splitShellWords(line));
  const operator = words.find((word) => SHELL_OPERATOR.test(word));
  if (operator !== undefined) {
    const shown = JSON.stringify(line);
    warn(
      scope.context,
      'W_COMMAND_SHELL_OPERATOR',
      at,
      `"${operator}" in ${shown} is passed to the program as a plain argument, not run by a shell; ` +
        `write ["sh", "-c", ${shown}] to use a shell.`,
    );
  }
  return words;
}

// --- ports -----------------------------------------------------------------------------------

function portOf(entry: unknown, at: TreePath, context: CanonicalContext): ServicePort[] {
  return within(context, at, () => parsePort(entry));
}

// --- volumes ---------------------------------------------------------------------------------

function volumeMountOf(entry: unknown, at: TreePath, scope: Scope): ServiceVolume {
  const mount =
    typeof entry === 'string'
      ? shortVolumeOf(entry, at, scope.context)
      : (conform(entry, at, VOLUME_MOUNT_SHAPE, scope.context) as ServiceVolume);
  const { type, source, target } = mount;
  const resolved: ServiceVolume = {
    ...mount,
    ...(type === 'bind' && source !== undefined ? { source: hostPath(source, at, scope.context) } : {}),
    ...(typeof target === 'string' && target !== '' ? { target: cleanPath(target) } : {}),
  };
  if (resolved.type === 'volume' && resolved.source && !scope.declared.volumes.has(resolved.source)) {
    fail(
      scope.context,
      'E_VOLUME_UNDECLARED',
      at,
      `service "${String(at[1])}" mounts the volume "${resolved.source}", which is not declared.`,
      `Add "${resolved.source}:" under the top-level volumes: key, ` +
        'or start the source with "./" or "/" for a bind mount.',
    );
  }
  return resolved;
}

function shortVolumeOf(spec: string, at: TreePath, context: CanonicalContext): ServiceVolume {
  const { volume, ignoredOptions } = within(context, at, () => parseVolumeShortSyntax(spec));
  for (const option of ignoredOptions) {
    const message = `the volume option "${option}" of "${spec}" is not known and is ignored.`;
    warn(context, 'W_VOLUME_OPTION_IGNORED', at, message);
  }
  return volume;
}

/** Go's path.Clean, for container paths: no `.`, `..`, double or trailing slashes. */
function cleanPath(target: string): string {
  const normalized = path.posix.normalize(target);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

// --- healthcheck -----------------------------------------------------------------------------

const HEALTHCHECK_TEST_KINDS = ['CMD', 'CMD-SHELL', 'NONE'];

function healthcheckOf(check: Raw, at: TreePath, context: CanonicalContext): Healthcheck {
  const { test } = check;
  const isNone = test === 'NONE' || (Array.isArray(test) && test[0] === 'NONE');
  if (check.disable === true || isNone) return { disable: true };
  if (typeof test === 'string') return { ...check, test: ['CMD-SHELL', test] } as Healthcheck;
  if (Array.isArray(test) && test.length > 0 && !HEALTHCHECK_TEST_KINDS.includes(String(test[0]))) {
    fail(
      context,
      'E_HEALTHCHECK',
      [...at, 'test', 0],
      `a healthcheck test list must start with CMD, CMD-SHELL or NONE, not ${show(test[0])}.`,
      'Write ["CMD", "curl", "-f", "http://localhost"] to run a program, or a string to run it with a shell.',
    );
  }
  return check as Healthcheck;
}

// --- secrets, configs ------------------------------------------------------------------------

const FILE_REFS: Readonly<Record<'secrets' | 'configs', { code: string; noun: string }>> = {
  secrets: { code: 'E_SECRET_UNDECLARED', noun: 'secret' },
  configs: { code: 'E_CONFIG_UNDECLARED', noun: 'config' },
};

function fileRefsOf(kind: 'secrets' | 'configs', value: unknown, at: TreePath, scope: Scope): ServiceFileRef[] {
  const { code, noun } = FILE_REFS[kind];
  return asArray(value).map((entry, i) => {
    const refAt = [...at, i];
    const long = typeof entry === 'string' ? { source: entry } : conform(entry, refAt, FILE_REF_SHAPE, scope.context);
    const ref = long as ServiceFileRef;
    if (!scope.declared[kind].has(ref.source)) {
      fail(
        scope.context,
        code,
        refAt,
        `service "${String(at[1])}" uses the ${noun} "${ref.source}", which is not declared.`,
        `Add "${ref.source}:" under the top-level ${kind}: key (with file:, environment: or external: true).`,
      );
    }
    return ref;
  });
}

// --- ulimits, extra_hosts --------------------------------------------------------------------

function ulimitsOf(value: Raw, at: TreePath, context: CanonicalContext): Record<string, Ulimit> {
  return _.mapValues(value, (limit, name) => {
    if (isMapping(limit)) return conform(limit, [...at, name], ULIMIT_SHAPE, context) as Ulimit;
    const both = toInteger(limit, [...at, name], context);
    return { soft: both, hard: both };
  });
}

const EXTRA_HOST_SEPARATORS = ['=', ':'];
const EXTRA_HOST_HINT = 'Write it as "host=ip" (or "host:ip"), e.g. "db=10.0.0.5" or "myhost=::1".';

function extraHostsOf(value: unknown, at: TreePath, context: CanonicalContext): Record<string, string[]> {
  const hosts: Record<string, string[]> = {};
  for (const [host, ips, entryAt] of extraHostEntries(value, at, context)) {
    if (host === '' || /[:=]/.test(host)) {
      fail(context, 'E_EXTRA_HOST', entryAt, `"${host}" is not a valid host name for extra_hosts.`, EXTRA_HOST_HINT);
    }
    hosts[host] = [...(hosts[host] ?? []), ...ips.map(stripBrackets)];
  }
  return hosts;
}

function extraHostEntries(value: unknown, at: TreePath, context: CanonicalContext): [string, string[], TreePath][] {
  if (Array.isArray(value)) return value.map((item, i) => extraHostEntry(String(item), [...at, i], context));
  return Object.entries(mappingOrEmpty(value)).map(([host, ips]) => [
    host,
    Array.isArray(ips) ? ips.map(String) : [ips === null ? '' : String(ips)],
    [...at, host],
  ]);
}

/** "host=ip1,ip2" or "host:ip"; the first `=` wins over any `:` (IPv6). */
function extraHostEntry(item: string, at: TreePath, context: CanonicalContext): [string, string[], TreePath] {
  const separator = EXTRA_HOST_SEPARATORS.find((s) => item.includes(s));
  if (separator === undefined) {
    fail(context, 'E_EXTRA_HOST', at, `extra host "${item}" has no IP address.`, EXTRA_HOST_HINT);
  }
  const index = item.indexOf(separator);
  return [item.slice(0, index), item.slice(index + 1).split(','), at];
}

function stripBrackets(ip: string): string {
  return ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

// --- build -----------------------------------------------------------------------------------

const REMOTE_CONTEXT_PREFIXES = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];

function buildOf(value: unknown, at: TreePath, scope: Scope): Raw {
  const build =
    typeof value === 'string' ? { context: value } : mappingOrEmpty(conform(value, at, BUILD_SHAPE, scope.context));
  const context = typeof build.context === 'string' ? build.context : '.';
  const isRemote = context.includes('://') || REMOTE_CONTEXT_PREFIXES.some((prefix) => context.startsWith(prefix));
  return {
    ...build,
    context: isRemote ? context : hostPath(context, [...at, 'context'], scope.context),
    ...(build.dockerfile === undefined && build.dockerfile_inline === undefined ? { dockerfile: 'Dockerfile' } : {}),
    ...(build.args === undefined ? {} : { args: _.omitBy(resolved(build.args, scope.context.lookup), _.isNull) }),
  };
}

// --- environment, env_file -------------------------------------------------------------------

interface LocatedEnvFile {
  ref: EnvFileRef;
  /** The path as written in the compose file. */
  written: string;
  at: TreePath;
}

function envFilesOf(value: unknown, at: TreePath, context: CanonicalContext): LocatedEnvFile[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return [envFileOf(value, at, context)];
  return value.map((entry, i) => envFileOf(entry, [...at, i], context));
}

function envFileOf(entry: unknown, at: TreePath, context: CanonicalContext): LocatedEnvFile {
  const long = isMapping(entry) ? mappingOrEmpty(conform(entry, at, ENV_FILE_SHAPE, context)) : { path: entry };
  const written = String(long.path);
  const ref = { ...long, path: hostPath(written, at, context), required: long.required ?? true } as EnvFileRef;
  return { ref, written, at };
}

/** The variables of the env files (later files win) overridden by `environment`. */
function environmentOf(
  value: unknown,
  envFiles: LocatedEnvFile[] | undefined,
  context: CanonicalContext,
): Record<string, string | null> {
  const fromFiles = (envFiles ?? []).reduce<Record<string, string>>(
    (vars, file) => ({ ...vars, ...envFileVariables(file, context) }),
    {},
  );
  return { ...fromFiles, ...resolved(value, context.lookup) };
}

function envFileVariables(file: LocatedEnvFile, context: CanonicalContext): Record<string, string> {
  const variables = within(context, file.at, () => context.readEnvFile(file.ref.path));
  if (variables !== undefined) return variables;
  if (file.ref.required) {
    fail(
      context,
      'E_ENV_FILE_MISSING',
      file.at,
      `the env file "${file.written}" does not exist.`,
      `Create ${file.ref.path}, or make it optional with the long syntax: ` +
        `{ path: ${JSON.stringify(file.written)}, required: false }.`,
    );
  }
  return {};
}

/** `KEY=VALUE` list or mapping; a bare KEY (or a null value) takes lookup(KEY), null when unset. */
function resolved(value: unknown, lookup: CanonicalContext['lookup']): Record<string, string | null> {
  return _.mapValues(assignments(value), (v, key) => v ?? lookup(key) ?? null);
}

/** `KEY=VALUE` list or mapping as a mapping of strings; a bare KEY or a null value is null. */
function assignments(value: unknown): Record<string, string | null> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((item): [string, string | null] => {
        const [key = '', ...rest] = String(item).split('=');
        return [key, rest.length === 0 ? null : rest.join('=')];
      }),
    );
  }
  return _.mapValues(mappingOrEmpty(value), (v) => (v === null || v === undefined ? null : String(v)));
}

// --- depends_on ------------------------------------------------------------------------------

interface DependencyRef {
  service: string;
  at: TreePath;
  dependency: DependsOn;
}

interface ImplicitDependency {
  key: string;
  /** The service a value of `key` refers to, if any. */
  target: (ref: string) => string | undefined;
  restart: boolean;
}

/** Keys through which a service also depends on another one, as compose-go's normalize infers. */
const IMPLICIT_DEPENDENCIES: readonly ImplicitDependency[] = [
  { key: 'links', target: (link) => link.split(':')[0], restart: true },
  ...['network_mode', 'ipc', 'pid', 'uts', 'cgroup'].map((key) => ({
    key,
    target: (mode: string) => (mode.startsWith('service:') ? mode.slice('service:'.length) : undefined),
    restart: true,
  })),
  {
    key: 'volumes_from',
    target: (from) => (from.startsWith('container:') ? undefined : from.split(':')[0]),
    restart: false,
  },
];

function dependsOnOf(name: string, spec: Raw, at: TreePath, scope: Scope): Record<string, DependsOn> {
  const refs = [
    ...declaredDependencies(spec.depends_on, [...at, 'depends_on'], scope.context),
    ...implicitDependencies(spec, at),
  ];
  const dependencies: Record<string, DependsOn> = {};
  for (const ref of refs) {
    if (Object.hasOwn(dependencies, ref.service)) continue;
    if (scope.services.includes(ref.service)) dependencies[ref.service] = ref.dependency;
    else missingDependency(name, ref, scope);
  }
  return dependencies;
}

function declaredDependencies(value: unknown, at: TreePath, context: CanonicalContext): DependencyRef[] {
  return keyedEntries(value, at).map(([service, entry, entryAt]) => ({
    service,
    at: entryAt,
    dependency: {
      condition: 'service_started',
      required: true,
      ...mappingOrEmpty(conform(entry, entryAt, DEPENDENCY_SHAPE, context)),
    } as DependsOn,
  }));
}

function implicitDependencies(spec: Raw, at: TreePath): DependencyRef[] {
  return IMPLICIT_DEPENDENCIES.flatMap(({ key, target, restart }) =>
    listed(spec[key], [...at, key]).flatMap(([ref, refAt]) => {
      const service = target(ref);
      const dependency: DependsOn = { condition: 'service_started', required: true, restart };
      return service === undefined ? [] : [{ service, at: refAt, dependency }];
    }),
  );
}

function missingDependency(name: string, ref: DependencyRef, scope: Scope): void {
  if (!ref.dependency.required) {
    warn(
      scope.context,
      'W_DEPENDS_ON_MISSING',
      ref.at,
      `service "${name}" optionally depends on "${ref.service}", which is not a service of this project; ` +
        'the dependency is dropped.',
    );
    return;
  }
  fail(
    scope.context,
    'E_DEPENDS_ON_UNKNOWN',
    ref.at,
    `service "${name}" depends on "${ref.service}", which is not a service of this project.`,
    `Use one of the services (${scope.services.join(', ')}), or remove the dependency.`,
  );
}

// --- networks --------------------------------------------------------------------------------

function networksOf(name: string, spec: Raw, at: TreePath, scope: Scope): Record<string, ServiceNetwork | null> {
  const entries = keyedEntries(spec.networks, [...at, 'networks']);
  const hasMode = spec.network_mode !== undefined;
  if (entries.length === 0) return hasMode || spec.provider !== undefined ? {} : { default: null };
  if (hasMode) {
    fail(
      scope.context,
      'E_NETWORK_MODE_CONFLICT',
      [...at, 'networks'],
      `service "${name}" sets both network_mode and networks, which exclude each other.`,
      'Keep network_mode to share a network stack, or networks to join networks, not both.',
    );
  }
  for (const [network, , entryAt] of entries) {
    if (!scope.declared.networks.has(network)) {
      fail(
        scope.context,
        'E_NETWORK_UNDECLARED',
        entryAt,
        `service "${name}" joins the network "${network}", which is not declared.`,
        `Add "${network}:" under the top-level networks: key, or remove it from the service.`,
      );
    }
  }
  return Object.fromEntries(entries.map(([network, value]) => [network, isMapping(value) ? { ...value } : null]));
}

// --- deploy, scale and resources -------------------------------------------------------------

/** Service keys that are shorthands for deploy.resources, which they are copied into. */
const RESOURCE_SHORTHANDS = [
  { key: 'cpus', deployPath: ['resources', 'limits', 'cpus'] },
  { key: 'mem_limit', deployPath: ['resources', 'limits', 'memory'] },
  { key: 'mem_reservation', deployPath: ['resources', 'reservations', 'memory'] },
] as const;

function deployOf(spec: Raw, at: TreePath, context: CanonicalContext): Deploy | undefined {
  const declared = isMapping(spec.deploy) ? _.cloneDeep(spec.deploy) : undefined;
  const replicated = withScale(spec.scale, declared, at, context);
  return RESOURCE_SHORTHANDS.reduce(
    (deploy, shorthand) => withResource(shorthand, spec[shorthand.key], deploy, at, context),
    replicated,
  ) as Deploy | undefined;
}

function withScale(scale: unknown, deploy: Raw | undefined, at: TreePath, context: CanonicalContext): Raw | undefined {
  if (scale === undefined) return deploy;
  const replicas = deploy?.replicas;
  if (replicas !== undefined && replicas !== scale) {
    fail(
      context,
      'E_SCALE_CONFLICT',
      [...at, 'scale'],
      `scale (${show(scale)}) and deploy.replicas (${show(replicas)}) disagree.`,
      'Remove scale and set only deploy.replicas.',
    );
  }
  return { ...deploy, replicas: scale };
}

function withResource(
  shorthand: (typeof RESOURCE_SHORTHANDS)[number],
  value: unknown,
  deploy: Raw | undefined,
  at: TreePath,
  context: CanonicalContext,
): Raw | undefined {
  if (value === undefined) return deploy;
  const current: unknown = _.get(deploy, shorthand.deployPath);
  const deployKey = `deploy.${shorthand.deployPath.join('.')}`;
  if (current !== undefined && current !== value) {
    fail(
      context,
      'E_RESOURCES_CONFLICT',
      [...at, shorthand.key],
      `${shorthand.key} (${show(value)}) and ${deployKey} (${show(current)}) disagree.`,
      `Set only ${deployKey}, or give both the same value.`,
    );
  }
  return _.set(deploy ?? {}, shorthand.deployPath, value);
}

// ---------------------------------------------------------------------------------------------
// Top-level networks, volumes, secrets and configs

function declaredResources(raw: Raw): Record<Resource, ReadonlySet<string>> {
  const keys = (value: unknown): string[] => Object.keys(mappingOrEmpty(value));
  return {
    networks: new Set(['default', ...keys(raw.networks)]),
    volumes: new Set(keys(raw.volumes)),
    secrets: new Set(keys(raw.secrets)),
    configs: new Set(keys(raw.configs)),
  };
}

type ResourceOf<T> = (key: string, value: unknown, at: TreePath, context: CanonicalContext) => T;

function resources<T>(kind: Resource, value: unknown, context: CanonicalContext, of: ResourceOf<T>): Record<string, T> {
  return _.mapValues(mappingOrEmpty(value), (entry, key) => of(key, entry, [kind, key], context));
}

/** The implicit `default` network is added when a service is on it and the file does not declare it. */
function projectNetworks(value: unknown, usesDefault: boolean, context: CanonicalContext): Record<string, Network> {
  const networks = resources('networks', value, context, (key, entry, at) =>
    named<Network>(key, entry, at, NETWORK_SHAPE, context),
  );
  if (!usesDefault || Object.hasOwn(networks, 'default')) return networks;
  return { ...networks, default: { name: `${context.projectName}_default`, extensions: {} } };
}

/** A local volume with driver_opts `o: bind` is a bind mount of its (resolved) `device`. */
function projectVolume(key: string, value: unknown, at: TreePath, context: CanonicalContext): Volume {
  const volume = named<Volume>(key, value, at, VOLUME_SHAPE, context);
  const options = volume.driver_opts ?? {};
  const isLocalBind = (volume.driver === undefined || volume.driver === 'local') && options.o === 'bind';
  if (!isLocalBind || options.device === undefined) return volume;
  const device = hostPath(options.device, [...at, 'driver_opts', 'device'], context);
  return { ...volume, driver_opts: { ...options, device } };
}

function fileObject(key: string, value: unknown, at: TreePath, context: CanonicalContext): FileObject {
  const object = named<FileObject>(key, value, at, FILE_OBJECT_SHAPE, context);
  return object.file === undefined ? object : { ...object, file: hostPath(object.file, [...at, 'file'], context) };
}

/**
 * A top-level entry (null is {}), with `external` a boolean and its name defaulted: the key for
 * an external resource (or the deprecated external.name), `<project>_<key>` otherwise.
 */
function named<T extends { name: string; extensions: Extensions }>(
  key: string,
  value: unknown,
  at: TreePath,
  shape: Shape,
  context: CanonicalContext,
): T {
  const { spec, extensions } = splitExtensions(mappingOrEmpty(conform(value ?? {}, at, shape, context)));
  const external = externalOf(spec.external, [...at, 'external'], context);
  const name = spec.name ?? external.name ?? (external.external === true ? key : `${context.projectName}_${key}`);
  const externalFlag = external.external === undefined ? {} : { external: external.external };
  return { ...spec, ...externalFlag, name, extensions } as unknown as T;
}

function externalOf(value: unknown, at: TreePath, context: CanonicalContext): { external?: boolean; name?: string } {
  if (value === undefined) return {};
  if (!isMapping(value)) return { external: toBoolean(value, at, context) };
  return { external: true, ...(typeof value.name === 'string' ? { name: value.name } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Small readers of validated values

function mappingOrEmpty(value: unknown): Raw {
  return isMapping(value) ? value : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A list (by index) or a mapping (by key) of named entries: [name, value (null in a list), path]. */
function keyedEntries(value: unknown, at: TreePath): [string, unknown, TreePath][] {
  if (Array.isArray(value)) return value.map((name, i) => [String(name), null, [...at, i]]);
  return Object.entries(mappingOrEmpty(value)).map(([name, entry]) => [name, entry, [...at, name]]);
}

/** A string or a list of strings, each with its path. */
function listed(value: unknown, at: TreePath): [string, TreePath][] {
  if (typeof value === 'string') return [[value, at]];
  return asArray(value).map((item, i) => [String(item), [...at, i]]);
}

function splitExtensions(value: Raw): { spec: Raw; extensions: Extensions } {
  const isExtension = (_value: unknown, key: string): boolean => key.startsWith('x-');
  return { spec: _.omitBy(value, isExtension), extensions: _.pickBy(value, isExtension) };
}

/**
 * A host path made absolute like compose-go does: `~` is HOME (from lookup), a relative path
 * is joined to the working directory, an absolute path is kept as written.
 */
function hostPath(written: string, at: TreePath, context: CanonicalContext): string {
  const expanded = expandHome(written, at, context);
  return path.posix.isAbsolute(expanded) ? expanded : path.posix.join(context.workingDir, expanded);
}

function expandHome(written: string, at: TreePath, context: CanonicalContext): string {
  if (!written.startsWith('~')) return written;
  const home = context.lookup('HOME');
  if (home !== undefined) return path.posix.join(home, written.slice(1));
  warn(context, 'W_HOME_UNSET', at, `"~" in "${written}" is not expanded because HOME is not set.`);
  return written;
}
