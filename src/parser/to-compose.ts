import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { ANY_MAP, inComposeOrder, PROJECT, SERVICE, type OutputFormat } from './compose-output/key-order.js';
import { goJson } from './compose-output/go-json.js';
import { formatDuration } from './syntax/duration.js';
import type { Deploy, Healthcheck, Project, Service, UpdateConfig } from './model.js';

/**
 * The model as `docker compose config` prints it: long forms, durations as Go prints
 * them ("1m30s"), sizes in bytes, empty defaults left out, `x-` keys back in place; env
 * files are already in `environment`, so, as Compose does, `env_file` is not printed. Every
 * literal `$` is written `$$` again, so that the output read as a compose file gives the same
 * model. (Its keys in docker compose's order: `composeText`.)
 */
export function toComposeDocument(project: Project): Record<string, unknown> {
  return escapeDollars(composeDocument(project)) as Record<string, unknown>;
}

/**
 * The text of `docker compose config` (`--format yaml` or `json`): the document with its keys
 * in the order compose-go's types marshal them (src/parser/compose-output/key-order.ts), the
 * JSON as Go writes it, a literal `$` as `$$`. Ends with a newline.
 */
export function composeText(project: Project, format: OutputFormat): string {
  return documentText(inComposeOrder(composeDocument(project), PROJECT, { format }), format, true);
}

/**
 * A document of unknown shape as `docker compose config --no-interpolate` prints the model it
 * has not interpolated: every mapping's keys sorted, `$` as written.
 */
export function composeDocumentText(document: Record<string, unknown>, format: OutputFormat): string {
  return documentText(inComposeOrder(document, ANY_MAP, { format }), format, false);
}

function documentText(ordered: unknown, format: OutputFormat, escape: boolean): string {
  const text = format === 'json' ? `${goJson(ordered, '  ')}\n` : stringify(ordered, { lineWidth: 0 });
  return escape ? text.replaceAll('$', () => '$$') : text;
}

/**
 * docker compose's hash of a service (`config --hash`, the com.docker.compose.config-hash
 * label; ServiceHash in docker/compose pkg/compose/hash.go): the SHA-256 of the service's
 * JSON as json.Marshal writes it, without `build`, `pull_policy`, `scale`, `deploy.replicas`,
 * `depends_on` and `profiles` (changes that need no new container) nor the `x-` keys.
 */
export function serviceHash(service: Service): string {
  const { build: _build, pull_policy: _pull, scale: _scale, depends_on: _deps, profiles: _profiles, ...hashed } = serviceDocument(service);
  if (typeof hashed['deploy'] === 'object' && hashed['deploy'] !== null) {
    const { replicas: _replicas, ...deploy } = hashed['deploy'] as Record<string, unknown>;
    hashed['deploy'] = deploy;
  }
  const json = goJson(inComposeOrder(hashed, SERVICE, { format: 'json', extensions: false }));
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

function composeDocument(project: Project): Record<string, unknown> {
  const document: Record<string, unknown> = {
    name: project.name,
    services: Object.fromEntries(Object.entries(project.services).map(([name, s]) => [name, serviceDocument(s)])),
  };
  const sections = { networks: project.networks, volumes: project.volumes, secrets: project.secrets, configs: project.configs };
  for (const [key, entries] of Object.entries(sections)) {
    if (Object.keys(entries).length === 0) continue;
    document[key] = Object.fromEntries(
      Object.entries(entries).map(([name, entry]) => {
        const { extensions, ...rest } = entry;
        if ('environment_value' in rest) delete rest.environment_value;
        return [name, compact({ ...rest, ...extensions })];
      }),
    );
  }
  return { ...document, ...project.extensions };
}

function serviceDocument(service: Service): Record<string, unknown> {
  const { name: _name, env_file: _resolvedIntoEnvironment, other, extensions, healthcheck, deploy, extra_hosts, stop_grace_period, ...typed } = service;
  const out: Record<string, unknown> = {
    ...typed,
    // `command: null` is the image's command, as when it is not set: printed as not set.
    command: typed.command ?? undefined,
    entrypoint: typed.entrypoint ?? undefined,
    ...other,
    healthcheck: healthcheck && healthcheckDocument(healthcheck),
    deploy: deploy && deployDocument(deploy),
    extra_hosts: Object.entries(extra_hosts).flatMap(([host, ips]) => ips.map((ip) => `${host}=${ip}`)),
    stop_grace_period: stop_grace_period === undefined ? undefined : formatDuration(stop_grace_period),
    mem_limit: bytes(service.mem_limit),
    mem_reservation: bytes(service.mem_reservation),
    shm_size: bytes(service.shm_size),
  };
  return compact({ ...out, ...extensions });
}

function healthcheckDocument(h: Healthcheck): Record<string, unknown> {
  return compact({
    ...h,
    interval: duration(h.interval),
    timeout: duration(h.timeout),
    start_period: duration(h.start_period),
    start_interval: duration(h.start_interval),
  });
}

function deployDocument(d: Deploy): Record<string, unknown> {
  const resources = d.resources && {
    limits: d.resources.limits && { ...d.resources.limits, memory: bytes(d.resources.limits.memory) },
    reservations: d.resources.reservations && { ...d.resources.reservations, memory: bytes(d.resources.reservations.memory) },
  };
  const policy = d.restart_policy && { ...d.restart_policy, delay: duration(d.restart_policy.delay), window: duration(d.restart_policy.window) };
  return compact({
    ...d,
    resources,
    update_config: d.update_config && updateDocument(d.update_config),
    rollback_config: d.rollback_config && updateDocument(d.rollback_config),
    restart_policy: policy,
  });
}

function updateDocument(u: UpdateConfig): Record<string, unknown> {
  return { ...u, delay: duration(u.delay), monitor: duration(u.monitor) };
}

function duration(value: number | undefined): string | undefined {
  return value === undefined ? undefined : formatDuration(value);
}

/** Compose prints sizes as a string of bytes. */
function bytes(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** Drops undefined values and empty lists and mappings, recursively. */
function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const c = compact(v);
    if (c === undefined) continue;
    if (Array.isArray(c) && c.length === 0) continue;
    if (typeof c === 'object' && c !== null && !Array.isArray(c) && Object.keys(c).length === 0 && !isEmptyOnPurpose(k)) continue;
    out[k] = c;
  }
  return out as T;
}

/** `volume: {}` and `bind: {}` say what a mount is; keep them like Compose does. */
function isEmptyOnPurpose(key: string): boolean {
  return key === 'volume' || key === 'bind';
}

/** `$` as `$$` in every string and key, as docker compose config writes its output. */
function escapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$', () => '$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeDollars(k), escapeDollars(v)]));
}
