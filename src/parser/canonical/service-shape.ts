/** The typed keys of a service that need no more than a scalar conversion, nested keys included. */
import type { Shape } from './scalar-conversions.js';

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

export const SERVICE_SHAPE: Shape = {
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
