import type { ComposeKeySupport } from './key-support.js';

const RESOURCES_INSTEAD = 'Size the task with deploy.resources (or cpus: and mem_limit:).';

/** The rows of COMPOSE_KEYS for CPU, memory, process and storage limits, devices and GPUs. */
export const RESOURCE_KEYS: readonly ComposeKeySupport[] = [
  {
    key: 'blkio_config',
    treatment: 'warning',
    ecs: 'Fargate does not support block I/O weights or limits; they are ignored.',
    instead: 'Remove blkio_config.',
  },
  {
    key: 'cgroup',
    treatment: 'warning',
    ecs: 'Fargate manages the cgroup namespace of its tasks; the setting is ignored.',
    instead: 'Remove cgroup.',
  },
  {
    key: 'cgroup_parent',
    treatment: 'warning',
    ecs: 'Fargate puts each task in a cgroup of its own; the parent is ignored.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'cpu_count',
    treatment: 'warning',
    ecs: 'A Windows CPU count, ignored on Fargate.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'cpu_percent',
    treatment: 'warning',
    ecs: 'A Windows CPU percentage, ignored on Fargate.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'cpu_period',
    treatment: 'warning',
    ecs: 'Fargate sets the CPU quota from the task size; the period is ignored.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'cpu_quota',
    treatment: 'warning',
    ecs: 'Fargate sets the CPU quota from the task size; the quota is ignored.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'cpu_rt_period',
    treatment: 'warning',
    ecs: 'Fargate does not support the real-time scheduler; the period is ignored.',
    instead: 'Remove cpu_rt_period.',
  },
  {
    key: 'cpu_rt_runtime',
    treatment: 'warning',
    ecs: 'Fargate does not support the real-time scheduler; the runtime is ignored.',
    instead: 'Remove cpu_rt_runtime.',
  },
  {
    key: 'cpu_shares',
    treatment: 'warning',
    ecs: 'Fargate gives each task CPUs of its own; relative CPU shares are ignored.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'cpus',
    treatment: 'parser',
    ecs: 'Folded into deploy.resources.limits.cpus by the parser (Fargate task size, container Cpu); 0 or less is an error.',
  },
  {
    key: 'cpuset',
    treatment: 'warning',
    ecs: 'Fargate does not pin containers to CPUs; the CPU set is ignored.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'device_cgroup_rules',
    treatment: 'error',
    ecs: 'Fargate gives containers no access to host devices.',
    instead: 'Remove device_cgroup_rules; workloads that need devices cannot run on Fargate.',
  },
  {
    key: 'devices',
    treatment: 'error',
    ecs: 'Fargate has no host devices to map into the container.',
    instead: 'Remove devices; workloads that need devices cannot run on Fargate.',
  },
  {
    key: 'gpus',
    treatment: 'error',
    ecs: 'Fargate has no GPUs.',
    instead: 'Remove gpus; GPU workloads need ECS on EC2 GPU instances, which compose-x does not render.',
  },
  {
    key: 'mem_limit',
    treatment: 'parser',
    ecs: 'Folded into deploy.resources.limits.memory by the parser (Fargate task size, container Memory); 0, or less than mem_reservation, is an error.',
  },
  {
    key: 'mem_reservation',
    treatment: 'parser',
    ecs: 'Folded into deploy.resources.reservations.memory by the parser (container MemoryReservation); 0 is an error.',
  },
  {
    key: 'mem_swappiness',
    treatment: 'warning',
    ecs: 'Fargate tasks have no swap; the setting is ignored.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'memswap_limit',
    treatment: 'warning',
    ecs: 'Fargate tasks have no swap; the limit is ignored.',
    instead: RESOURCES_INSTEAD,
  },
  {
    key: 'oom_kill_disable',
    treatment: 'warning',
    ecs: 'Fargate stops a container that exceeds its memory; the setting is ignored.',
    instead: 'Raise the memory limit in deploy.resources.',
  },
  {
    key: 'oom_score_adj',
    treatment: 'warning',
    ecs: 'Fargate does not support OOM score adjustments; the setting is ignored.',
    instead: 'Raise the memory limit in deploy.resources.',
  },
  {
    key: 'pids_limit',
    treatment: 'warning',
    ecs: 'Fargate does not limit the number of processes; the limit is ignored.',
    instead: 'Remove pids_limit.',
  },
  {
    key: 'shm_size',
    treatment: 'warning',
    ecs: 'Fargate does not let a task size /dev/shm; the size is ignored.',
    instead: "Make the app use less shared memory (e.g. Chromium's --disable-dev-shm-usage).",
  },
  {
    key: 'storage_opt',
    treatment: 'warning',
    ecs: 'Fargate gives each task its own ephemeral storage (20 GiB by default); storage options are ignored.',
    instead: 'Remove storage_opt.',
  },
  { key: 'ulimits', treatment: 'rendered', ecs: 'ContainerDefinitions[].Ulimits' },
];
