/**
 * Turns one compose document (interpolated, merged, `extends` resolved, profiles applied and
 * validated against the schema) into the normalized model, the way `docker compose config`
 * normalizes it (compose-go's transform/, loader/normalize.go and paths/): every short form in
 * its long form, defaults filled in, durations in nanoseconds, sizes in bytes, host paths
 * absolute, and every reference to a service, network, volume, secret or config checked.
 */
import mapValues from 'lodash/mapValues.js';
import omit from 'lodash/omit.js';
import { warn, within } from './errors.js';
import type { TreePath } from '../diagnostics.js';
import { dependsOnOf } from './service/depends-on.js';
import { extraHostsOf } from './service/extra-hosts.js';
import { healthcheckOf } from './service/healthcheck.js';
import { isMapping } from '../mapping.js';
import type { Project, Service, ServicePort } from '../model.js';
import { parsePort } from '../syntax/ports.js';
import type { CanonicalContext, Scope } from './context.js';
import { declaredResources, projectResources } from './project-resources.js';
import { asArray, mappingOrEmpty, splitExtensions, type Raw } from './raw-values.js';
import { conform } from './scalar-conversions.js';
import { buildOf } from './service/build.js';
import { commandOf } from './service/command.js';
import { deployOf } from './service/deploy.js';
import { envFilesOf, environmentOf } from './service/environment.js';
import { fileRefsOf } from './service/file-refs.js';
import { networksOf } from './service/networks.js';
import { SERVICE_SHAPE } from './service-shape.js';
import { ulimitsOf } from './service/ulimits.js';
import { volumeMountOf } from './service/volume-mounts.js';

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
  const services = mapValues(rawServices, (service, name) => canonicalService(name, service, scope));
  const usesDefaultNetwork = Object.values(services).some((s) => Object.hasOwn(s.networks, 'default'));
  return {
    name: context.projectName,
    working_dir: context.workingDir,
    services,
    ...projectResources(raw, usesDefaultNetwork, context),
    ...(isMapping(raw.models) ? { models: raw.models } : {}),
    extensions: splitExtensions(raw).extensions,
  };
}

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

/**
 * How to reach the long form of a typed key; keys not listed keep their (converted) value.
 * A rule that gives undefined leaves the key out (an empty `platform` is no platform, as in Compose).
 */
const SERVICE_FIELDS: Readonly<Partial<Record<FieldKey, FieldRule>>> = {
  build: buildOf,
  command: commandOf,
  entrypoint: commandOf,
  ports: portsOf,
  expose: (value) => asArray(value).map(String),
  volumes: (value, at, scope) => asArray(value).map((entry, i) => volumeMountOf(entry, [...at, i], scope)),
  healthcheck: (value, at, scope) => healthcheckOf(mappingOrEmpty(value), at, scope.context),
  secrets: (value, at, scope) => fileRefsOf('secrets', value, at, scope),
  configs: (value, at, scope) => fileRefsOf('configs', value, at, scope),
  ulimits: (value, at, scope) => ulimitsOf(mappingOrEmpty(value), at, scope.context),
  extra_hosts: (value, at, scope) => extraHostsOf(value, at, scope.context),
  platform: (value) => (value === '' ? undefined : value),
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
    other: omit(spec, [...FIELD_KEYS, ...CROSS_FIELD_KEYS]),
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
    const value = rule ? rule(spec[key], [...at, key], scope) : spec[key];
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

/** The ports one per container port (a range is several); where a range was, the context learns where each was written. */
function portsOf(value: unknown, at: TreePath, scope: Scope): ServicePort[] {
  const written = asArray(value).map((entry, i) => within(scope.context, [...at, i], () => parsePort(entry)));
  const ports = written.flat();
  if (ports.length !== written.length) scope.context.expanded?.(at, written.flatMap((entries, i) => entries.map(() => i)));
  return ports;
}
