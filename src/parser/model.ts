/**
 * The normalized Compose model: what the parser hands to mesh and render.
 *
 * Keys keep the Compose Specification's names (snake_case) so that `compose-x config`
 * prints this model as `docker compose config` does. Every short form is expanded:
 * ports, volumes, depends_on, environment, healthcheck.test, command and entrypoint
 * are in their long forms; durations are nanoseconds and sizes are bytes (numbers).
 * Keys the parser does not reshape keep their validated YAML value.
 */

/** Nanoseconds, like Go's time.Duration. */
export type Duration = number;
/** Bytes. */
export type Bytes = number;

/** Top-level and per-element `x-` keys, verbatim after interpolation. */
export type Extensions = Record<string, unknown>;

export interface Project {
  name: string;
  /** Absolute directory of the first compose file; relative paths resolve from it. */
  working_dir: string;
  services: Record<string, Service>;
  networks: Record<string, Network>;
  volumes: Record<string, Volume>;
  secrets: Record<string, FileObject>;
  configs: Record<string, FileObject>;
  /** Top-level `models` (AI models), verbatim after validation; absent when the file has none. */
  models?: Record<string, unknown>;
  /** Top-level `x-*` keys. */
  extensions: Extensions;
  /** The services the active profiles leave out, with their profiles; absent when none is. Not printed by `config`. */
  disabled_services?: Record<string, string[]>;
}

export interface ServicePort {
  /** ingress (the default) or host in Docker; any other text (e.g. awsvpc) is kept as written. */
  mode: string;
  host_ip?: string;
  target: number;
  /** A single port or a range "8000-8010", as Compose prints it. */
  published?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  app_protocol?: string;
  name?: string;
}

export interface ServiceVolume {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Named volume, absolute host path, or absent for an anonymous volume / tmpfs. */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: 'z' | 'Z' };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: Bytes; mode?: number };
  image?: { subpath?: string };
}

export type DependsOnCondition =
  | 'service_started'
  | 'service_healthy'
  | 'service_completed_successfully';

export interface DependsOn {
  condition: DependsOnCondition;
  required: boolean;
  restart?: boolean;
}

export interface Healthcheck {
  /** ['CMD', ...], ['CMD-SHELL', cmd] or ['NONE']. */
  test?: string[];
  interval?: Duration;
  timeout?: Duration;
  retries?: number;
  start_period?: Duration;
  start_interval?: Duration;
  disable?: boolean;
}

export interface ResourceSpec {
  cpus?: number;
  memory?: Bytes;
  pids?: number;
  devices?: unknown[];
  generic_resources?: unknown[];
}

export interface UpdateConfig {
  parallelism?: number;
  delay?: Duration;
  failure_action?: string;
  monitor?: Duration;
  max_failure_ratio?: number;
  order?: 'start-first' | 'stop-first';
}

export interface Deploy {
  mode?: string;
  replicas?: number;
  labels?: Record<string, string>;
  resources?: { limits?: ResourceSpec; reservations?: ResourceSpec };
  update_config?: UpdateConfig;
  rollback_config?: UpdateConfig;
  restart_policy?: {
    condition?: string;
    delay?: Duration;
    max_attempts?: number;
    window?: Duration;
  };
  placement?: unknown;
  endpoint_mode?: string;
}

export interface ServiceNetwork {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  priority?: number;
  [key: string]: unknown;
}

export interface Logging {
  driver?: string;
  options?: Record<string, string>;
}

export interface Ulimit {
  soft: number;
  hard: number;
}

export interface ServiceFileRef {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface EnvFileRef {
  /** Absolute path. */
  path: string;
  required: boolean;
  format?: string;
}

/**
 * A service's `build` in its long form (the Compose Build Specification): a local context
 * absolute (a remote one, a URL, as written), the Dockerfile defaulted unless inline, args and
 * labels as mappings, secrets as references to top-level secrets, ssh as id -> path ('' for
 * the agent), additional contexts as name -> absolute path or URL.
 */
export interface Build {
  context: string;
  /** Relative to the context (or absolute), as Docker reads it. */
  dockerfile?: string;
  dockerfile_inline?: string;
  args?: Record<string, string>;
  target?: string;
  platforms?: string[];
  secrets?: ServiceFileRef[];
  ssh?: Record<string, string>;
  additional_contexts?: Record<string, string>;
  cache_from?: string[];
  cache_to?: string[];
  labels?: Record<string, string>;
  network?: string;
  no_cache?: boolean;
  pull?: boolean;
  extra_hosts?: unknown;
  shm_size?: Bytes;
  tags?: string[];
  /** Every other key of the build, verbatim after validation (entitlements, privileged, provenance, sbom, ulimits, isolation). */
  [key: string]: unknown;
}

/**
 * One compose service. Keys the renderer reads are typed; the rest of the
 * specification's keys are kept as validated (see `other`).
 */
export interface Service {
  name: string;
  image?: string;
  build?: Build;
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment: Record<string, string | null>;
  env_file?: EnvFileRef[];
  ports: ServicePort[];
  expose: string[];
  volumes: ServiceVolume[];
  depends_on: Record<string, DependsOn>;
  healthcheck?: Healthcheck;
  deploy?: Deploy;
  networks: Record<string, ServiceNetwork | null>;
  labels: Record<string, string>;
  logging?: Logging;
  secrets: ServiceFileRef[];
  configs: ServiceFileRef[];
  ulimits: Record<string, Ulimit>;
  extra_hosts: Record<string, string[]>;
  profiles: string[];
  user?: string;
  working_dir?: string;
  hostname?: string;
  init?: boolean;
  read_only?: boolean;
  privileged?: boolean;
  tty?: boolean;
  stdin_open?: boolean;
  cap_add: string[];
  cap_drop: string[];
  stop_grace_period?: Duration;
  stop_signal?: string;
  network_mode?: string;
  cpus?: number;
  mem_limit?: Bytes;
  mem_reservation?: Bytes;
  shm_size?: Bytes;
  platform?: string;
  restart?: string;
  /** Every other specification key of the service, verbatim after validation. */
  other: Record<string, unknown>;
  /** The service's `x-*` keys. */
  extensions: Extensions;
}

export interface Network {
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  internal?: boolean;
  attachable?: boolean;
  enable_ipv6?: boolean;
  ipam?: unknown;
  labels?: Record<string, string>;
  extensions: Extensions;
}

export interface Volume {
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  labels?: Record<string, string>;
  extensions: Extensions;
}

/** A top-level secret or config. */
export interface FileObject {
  name: string;
  file?: string;
  environment?: string;
  /** A config's `environment` variable's value when the project was read (absent when unset); not printed by `config`. */
  environment_value?: string;
  content?: string;
  external?: boolean;
  labels?: Record<string, string>;
  driver?: string;
  driver_opts?: Record<string, string>;
  template_driver?: string;
  extensions: Extensions;
}
