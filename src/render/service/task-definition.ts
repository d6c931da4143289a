import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import type { Healthcheck, Service } from '../../parser/model.js';
import type { Listener } from '../../mesh/graph.js';
import { kernelCapabilities } from '../../support/capabilities.js';
import { sizeText, TASK_DEFINITION_BYTES } from '../../support/storage/limits.js';
import { GetAtt, Ref, TaskDefinition, type ContainerDefinition, type ContainerSecret, type Value } from '../template/cfn.js';
import type { EcsTaskDefinitionProxyConfiguration } from '../template/cfn-spec-types.js';
import type { RenderContext } from '../context.js';
import { filesInitContainer, FILES_METADATA } from '../storage/init-container.js';
import type { TaskStorage } from '../storage/task-storage.js';
import type { TaskSize } from './fargate-size.js';

export interface TaskInputs {
  /** The app container's image: the service's image, or the one compose-x builds. */
  image: Value<string>;
  listeners: Listener[];
  logGroupId: string;
  executionRole: string;
  taskRole: string;
  size: TaskSize;
  /** The most the app container may take of the task when a proxy shares its size (task-size.ts). */
  appCeiling?: TaskSize;
  secrets: ContainerSecret[];
  storage: TaskStorage;
  /** Containers beside the app's (the App Mesh Envoy, the X-Ray daemon), which the app waits for: HEALTHY with a health check, else START. */
  sidecars?: ContainerDefinition[];
  proxyConfiguration?: EcsTaskDefinitionProxyConfiguration;
  /** GiB of ephemeral storage (x-fargate.EphemeralStorage), when above Fargate's 20. */
  ephemeralStorage?: number;
  /** Run the app under an init process unless the service says `init: false` (ECS Exec, exec.ts). */
  initProcess?: boolean;
  /** The other services of an ECS ComposeX family, each a container of this task (family-containers.ts). */
  members?: MemberContainer[];
  /** The app container's waits on those members (its depends_on inside the family). */
  memberWaits?: { ContainerName: string; Condition: string }[];
}

/** A family member's container: its service, image, ports, whether it is essential, and its waits on the others. */
export interface MemberContainer {
  name: string;
  service: Service;
  image: Value<string>;
  listeners: Listener[];
  essential: boolean;
  waits: { ContainerName: string; Condition: string }[];
}

const SECOND = 1_000_000_000;
const MiB = 1024 * 1024;

/** ECS's ranges for container health checks, and Docker's defaults when compose sets none. */
const HEALTHCHECK_RANGES = {
  interval: { key: 'Interval', min: 5, max: 300, default: 30 },
  timeout: { key: 'Timeout', min: 2, max: 120, default: 30 },
  start_period: { key: 'StartPeriod', min: 0, max: 300, default: 0 },
} as const;
const RETRIES = { min: 1, max: 10, default: 3 };
/** Fargate's longest StopTimeout. */
const MAX_STOP_TIMEOUT = 120;
/** The values of a port mapping's AppProtocol; another compose app_protocol (mqtt, postgresql...) is plain TCP to ECS. */
const APP_PROTOCOLS = new Set(['http', 'http2', 'grpc']);
const ARCHITECTURES: Record<string, string> = { 'linux/amd64': 'X86_64', 'linux/x86_64': 'X86_64', 'linux/arm64': 'ARM64', 'linux/arm64/v8': 'ARM64' };

/**
 * The Fargate task definition of a service: its container, named after the service, the init
 * container of its files and any sidecar; refused when it would pass ECS's size limit.
 */
export function renderTaskDefinition(ctx: RenderContext, name: string, service: Service, inputs: TaskInputs): string {
  const id = ctx.serviceIds.of(name);
  const architecture = service.platform ? ARCHITECTURES[service.platform] : undefined;
  const app = container(ctx, name, service, inputs);
  const files = inputs.storage.files.length > 0 ? filesInitContainer(name, inputs.storage.files, app.Image, inputs.logGroupId) : undefined;
  const waits = [
    ...(inputs.memberWaits ?? []),
    ...(files ? [{ ContainerName: files.container.Name, Condition: 'SUCCESS' }] : []),
    ...(inputs.sidecars ?? []).map((c) => ({ ContainerName: c.Name, Condition: c.HealthCheck ? 'HEALTHY' : 'START' })),
  ];
  const { LogConfiguration: logs, ...settings } = app;
  const members = (inputs.members ?? []).map((m) => {
    const { LogConfiguration: memberLogs, ...member } = container(ctx, m.name, m.service, {
      ...inputs,
      image: m.image,
      listeners: m.listeners,
      secrets: [],
      storage: { ...inputs.storage, mountPoints: [] },
      appCeiling: undefined,
    });
    return { ...member, Essential: m.essential, ...(m.waits.length > 0 ? { DependsOn: m.waits } : {}), LogConfiguration: memberLogs };
  });
  const containers = [
    { ...settings, ...(waits.length > 0 ? { DependsOn: waits } : {}), LogConfiguration: logs },
    ...members,
    ...(files ? [files.container] : []),
    ...(inputs.sidecars ?? []),
  ];
  const volumes = inputs.storage.volumes;
  const properties = {
    Family: `${ctx.project.name}-${name}`,
    Cpu: String(inputs.size.cpu),
    Memory: String(inputs.size.memory),
    NetworkMode: 'awsvpc',
    RequiresCompatibilities: ['FARGATE'],
    ExecutionRoleArn: GetAtt(inputs.executionRole, 'Arn'),
    TaskRoleArn: GetAtt(inputs.taskRole, 'Arn'),
    ...(architecture ? { RuntimePlatform: { CpuArchitecture: architecture, OperatingSystemFamily: 'LINUX' } } : {}),
    ...(inputs.ephemeralStorage !== undefined ? { EphemeralStorage: { SizeInGiB: inputs.ephemeralStorage } } : {}),
    ContainerDefinitions: containers,
    ...(volumes.length > 0 ? { Volumes: volumes } : {}),
    ...(inputs.proxyConfiguration ? { ProxyConfiguration: inputs.proxyConfiguration } : {}),
  };
  withinEcsSize(ctx, name, app, properties);
  const task = new TaskDefinition(properties);
  return ctx.template.add(`${id}TaskDefinition`, files ? task.metadata({ [FILES_METADATA]: files.metadata }) : task);
}

/** The compose key each large part of a container definition is rendered from, to point at. */
const COMPOSE_KEY_OF: Readonly<Record<string, string>> = {
  Environment: 'environment',
  DockerLabels: 'labels',
  Command: 'command',
  EntryPoint: 'entrypoint',
  SystemControls: 'sysctls',
  Ulimits: 'ulimits',
  Secrets: 'secrets',
  PortMappings: 'ports',
  MountPoints: 'volumes',
  HealthCheck: 'healthcheck',
};

/** A task definition must fit in what ECS registers; the error points at the key of the app container that takes the most of it. */
function withinEcsSize(ctx: RenderContext, name: string, app: ContainerDefinition, properties: object): void {
  const bytes = Buffer.byteLength(JSON.stringify(properties));
  if (bytes <= TASK_DEFINITION_BYTES) return;
  const [largest = 'Environment', largestBytes = 0] = Object.entries(app)
    .filter(([property]) => property in COMPOSE_KEY_OF)
    .map(([property, value]): [string, number] => [property, Buffer.byteLength(JSON.stringify(value))])
    .sort((a, b) => b[1] - a[1])[0] ?? [];
  const key = COMPOSE_KEY_OF[largest] ?? 'environment';
  const path: TreePath = ['services', name, key];
  throw new ParseError(
    'E_TASK_DEFINITION_SIZE',
    `the task definition of service "${name}" would be ${sizeText(bytes)}, over the ${sizeText(TASK_DEFINITION_BYTES)} ECS registers (${key}: ${sizeText(largestBytes)} of it).`,
    {
      path,
      position: ctx.locate(path),
      hint: 'Keep large or many values out of the task definition: put them in a file of the image, or in secrets: (read at start), and pass the container a few of them.',
    },
  );
}

function container(ctx: RenderContext, name: string, service: Service, inputs: TaskInputs): ContainerDefinition {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const ceiling = inputs.appCeiling;
  const environment = Object.entries(service.environment)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([Name, Value]) => ({ Name, Value }));
  const labels = sortedEntries(service.labels);
  const ulimits = Object.entries(service.ulimits)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([Name, u]) => ({ Name, SoftLimit: u.soft, HardLimit: u.hard }));
  const sysctls = sortedEntries((service.other['sysctls'] as Record<string, string> | undefined) ?? {});
  const mounts = inputs.storage.mountPoints;
  const capabilities = kernelCapabilities(service.cap_add, service.cap_drop);
  const linux = {
    ...(service.init !== undefined || inputs.initProcess ? { InitProcessEnabled: service.init ?? true } : {}),
    ...(Object.keys(capabilities).length > 0 ? { Capabilities: capabilities } : {}),
  };
  const healthcheck = service.healthcheck && !service.healthcheck.disable ? healthCheck(ctx, name, service.healthcheck) : undefined;
  const stop = service.stop_grace_period === undefined ? undefined : stopTimeout(ctx, name, service.stop_grace_period);
  return {
    Name: name,
    Image: inputs.image,
    ...pullCredentials(service.extensions['x-aws-pull_credentials']),
    Essential: true,
    ...(service.entrypoint ? { EntryPoint: service.entrypoint } : {}),
    ...(service.command ? { Command: service.command } : {}),
    ...(environment.length > 0 ? { Environment: environment } : {}),
    ...(inputs.secrets.length > 0 ? { Secrets: inputs.secrets } : {}),
    ...(inputs.listeners.length > 0
      ? {
          PortMappings: inputs.listeners.map((l) => ({
            ContainerPort: l.port,
            Protocol: l.protocol,
            ...(l.name ? { Name: l.name } : {}),
            ...(l.name && APP_PROTOCOLS.has(l.appProtocol?.toLowerCase() ?? '') ? { AppProtocol: l.appProtocol?.toLowerCase() } : {}),
          })),
        }
      : {}),
    ...(limits?.cpus !== undefined ? { Cpu: capped(Math.round(limits.cpus * 1024), ceiling?.cpu) } : {}),
    ...(limits?.memory !== undefined ? { Memory: capped(Math.ceil(limits.memory / MiB), ceiling?.memory) } : {}),
    ...(reservations?.memory !== undefined ? { MemoryReservation: capped(Math.ceil(reservations.memory / MiB), ceiling?.memory) } : {}),
    ...(healthcheck ? { HealthCheck: healthcheck } : {}),
    ...(service.user !== undefined ? { User: service.user } : {}),
    ...(service.working_dir !== undefined ? { WorkingDirectory: service.working_dir } : {}),
    ...(labels.length > 0 ? { DockerLabels: Object.fromEntries(labels) } : {}),
    ...(ulimits.length > 0 ? { Ulimits: ulimits } : {}),
    ...(sysctls.length > 0 ? { SystemControls: sysctls.map(([Namespace, Value]) => ({ Namespace, Value })) } : {}),
    ...(Object.keys(linux).length > 0 ? { LinuxParameters: linux } : {}),
    ...(service.read_only !== undefined ? { ReadonlyRootFilesystem: service.read_only } : {}),
    ...(service.tty !== undefined ? { PseudoTerminal: service.tty } : {}),
    ...(service.stdin_open !== undefined ? { Interactive: service.stdin_open } : {}),
    ...(stop !== undefined ? { StopTimeout: stop } : {}),
    ...(mounts.length > 0 ? { MountPoints: mounts } : {}),
    LogConfiguration: {
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': Ref(inputs.logGroupId), 'awslogs-region': Ref('AWS::Region'), 'awslogs-stream-prefix': name },
    },
  };
}

function healthCheck(ctx: RenderContext, name: string, h: Healthcheck): ContainerDefinition['HealthCheck'] {
  const at: TreePath = ['services', name, 'healthcheck'];
  const seconds = (key: keyof typeof HEALTHCHECK_RANGES): number => {
    const range = HEALTHCHECK_RANGES[key];
    const value = h[key];
    const wanted = value === undefined ? range.default : Math.round(value / SECOND);
    return clamp(ctx, [...at, key], wanted, range.min, range.max, `${range.key} seconds`);
  };
  return {
    Command: h.test ?? [],
    Interval: seconds('interval'),
    Timeout: seconds('timeout'),
    Retries: clamp(ctx, [...at, 'retries'], h.retries ?? RETRIES.default, RETRIES.min, RETRIES.max, 'Retries'),
    StartPeriod: seconds('start_period'),
  };
}

function stopTimeout(ctx: RenderContext, name: string, grace: number): number {
  return clamp(ctx, ['services', name, 'stop_grace_period'], Math.round(grace / SECOND), 0, MAX_STOP_TIMEOUT, 'StopTimeout seconds');
}

function clamp(ctx: RenderContext, path: TreePath, value: number, min: number, max: number, what: string): number {
  const clamped = Math.min(max, Math.max(min, value));
  if (clamped !== value) {
    ctx.warn({
      code: 'W_CLAMPED',
      message: `${value} is outside ECS's range for ${what} (${min}-${max}); ${clamped} is used.`,
      path,
      position: ctx.locate(path),
    });
  }
  return clamped;
}

function capped(value: number, ceiling: number | undefined): number {
  return ceiling === undefined ? value : Math.min(value, ceiling);
}

function sortedEntries(map: Record<string, string>): [string, string][] {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Docker's x-aws-pull_credentials: the Secrets Manager secret of a private registry's
 * credentials, which the execution role may read (service-stack.ts;
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html).
 */
function pullCredentials(arn: unknown): { RepositoryCredentials?: { CredentialsParameter: string } } {
  return typeof arn === 'string' ? { RepositoryCredentials: { CredentialsParameter: arn } } : {};
}
