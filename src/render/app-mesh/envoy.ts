import { Ref, Select, Split, Sub, type ContainerDefinition, type Value } from '../template/cfn.js';
import type { EcsTaskDefinitionProxyConfiguration } from '../template/cfn-spec-types.js';
import type { EnvoySettings } from '../../mesh/app-mesh/plan.js';
import type { RenderContext } from '../context.js';
import type { TaskSize } from '../service/fargate-size.js';
import { ecrRepositoryArn } from '../service/iam.js';
import { renderXRayDaemon, XRAY_DAEMON_BUDGET, XRAY_DAEMON_STATEMENT, xrayDaemonContainer, type XRayDaemon } from './xray.js';

/**
 * The public SSM parameter whose value is the current App Mesh Envoy image of the region
 * (`<account>.dkr.ecr.<region>.amazonaws.com/aws-appmesh-envoy:<version>`), the default of the
 * `EnvoyImage` parameter. (https://docs.aws.amazon.com/app-mesh/latest/userguide/envoy.html)
 */
export const ENVOY_IMAGE_PARAMETER = '/aws/service/appmesh/envoy';
/** What a task needs on top of its app for Envoy. */
export const ENVOY_BUDGET: TaskSize = { cpu: 256, memory: 256 };
/** Envoy runs as this user; the proxy configuration lets its own traffic through. */
export const ENVOY_UID = '1337';
export const ENVOY_CONTAINER = 'envoy';
const ENVOY_ADMIN_PORT = 9901;

/** The Envoy image of the sidecars and gateways, and what the execution role pulls it from. */
export interface RenderedEnvoy {
  image: Value<string>;
  /** The private ECR repository of the image (none for a public registry). */
  repositories: Value<string>[];
  /** The agent's optional variables (tracing, stats, log level), sorted. */
  environment: Record<string, string>;
  /** The X-Ray daemon that runs beside each Envoy, when Envoy traces to its own host. */
  xrayDaemon?: XRayDaemon;
}

/**
 * The `EnvoyImage` parameter: x-appmesh.Envoy.Image as a String default when it is written,
 * else AWS's SSM parameter of the current image, pulled from AWS's `aws-appmesh-envoy`
 * repository of the region. That repository's account is 840364872350 in most regions but
 * another in a few (me-south-1, ap-east-1, af-south-1...), so it is read from the registry
 * of the image the parameter resolves to.
 */
export function renderEnvoy(ctx: RenderContext, settings: EnvoySettings): RenderedEnvoy {
  const description = 'The AWS App Mesh Envoy image of the sidecars and gateways';
  const tracing = { environment: settings.environment, ...(settings.xrayDaemon ? { xrayDaemon: renderXRayDaemon(ctx, settings.xrayDaemon.port) } : {}) };
  if (settings.image !== undefined) {
    ctx.template.parameter('EnvoyImage', { Type: 'String', Description: `${description}.`, Default: settings.image });
    const repository = ecrRepositoryArn(settings.image);
    return { image: Ref('EnvoyImage'), repositories: repository ? [repository] : [], ...tracing };
  }
  ctx.template.parameter('EnvoyImage', {
    Type: 'AWS::SSM::Parameter::Value<String>',
    Description: `${description}: the SSM parameter that holds it (AWS keeps ${ENVOY_IMAGE_PARAMETER} on the current release).`,
    Default: ENVOY_IMAGE_PARAMETER,
  });
  const account = Select(0, Split('.', Ref('EnvoyImage')));
  const repository = Sub('arn:${AWS::Partition}:ecr:${AWS::Region}:${Account}:repository/aws-appmesh-envoy', { Account: account });
  return { image: Ref('EnvoyImage'), repositories: [repository], ...tracing };
}

export interface EnvoyInputs {
  image: Value<string>;
  /** The ARN of the virtual node or virtual gateway this Envoy stands for. */
  resourceArn: Value<string>;
  logGroupId: string;
  /** The agent's optional variables (tracing, stats, log level), sorted. */
  environment: Record<string, string>;
  /**
   * A node's sidecar runs as user 1337, the IgnoredUID of the proxy configuration; a gateway's
   * Envoy stands alone and serves its listener port as the image's own user, which may bind a
   * port under 1024 (uid 1337 may not). AWS: "When creating a virtual gateway,
   * proxyConfiguration and user should not be configured."
   * (https://docs.aws.amazon.com/app-mesh/latest/userguide/virtual_gateways.html)
   */
  role: { kind: 'sidecar' } | { kind: 'gateway'; port: number };
}

/** What a node's task gets for App Mesh: its containers beside the app, the proxy configuration, the roles' needs and the size. */
export interface MeshSidecars {
  sidecars: ContainerDefinition[];
  proxyConfiguration: EcsTaskDefinitionProxyConfiguration;
  /** Repositories the execution role pulls from. */
  ecrRepositories: Value<string>[];
  taskStatements: object[];
  budget: TaskSize;
}

/**
 * The Envoy sidecar of a node: its container, the APPMESH proxy configuration of the node's
 * port, Envoy's pull grant and permission; and the X-Ray daemon Envoy traces to, as Envoy's
 * uid so that its calls to X-Ray go past Envoy.
 */
export function nodeSidecars(envoy: RenderedEnvoy, node: { resourceArn: Value<string>; port: number; logGroupId: string; streamPrefix: string }): MeshSidecars {
  const container = envoyContainer(
    { image: envoy.image, resourceArn: node.resourceArn, logGroupId: node.logGroupId, environment: envoy.environment, role: { kind: 'sidecar' } },
    `${node.streamPrefix}-envoy`,
  );
  const tracing = tracingOf(envoy, node.logGroupId, `${node.streamPrefix}-xray`, ENVOY_UID);
  return {
    sidecars: [container, ...tracing.sidecars],
    proxyConfiguration: appMeshProxyConfiguration([node.port]),
    ecrRepositories: envoy.repositories,
    taskStatements: [streamAggregatedResources(node.resourceArn), ...tracing.taskStatements],
    budget: { cpu: ENVOY_BUDGET.cpu + tracing.budget.cpu, memory: ENVOY_BUDGET.memory + tracing.budget.memory },
  };
}

/** The X-Ray daemon container, its permission and its size, when Envoy traces to one of its own; nothing otherwise. */
export function tracingOf(
  envoy: RenderedEnvoy,
  logGroupId: string,
  streamPrefix: string,
  user?: string,
): { sidecars: ContainerDefinition[]; taskStatements: object[]; budget: TaskSize } {
  if (!envoy.xrayDaemon) return { sidecars: [], taskStatements: [], budget: { cpu: 0, memory: 0 } };
  return { sidecars: [xrayDaemonContainer(envoy.xrayDaemon, logGroupId, streamPrefix, user)], taskStatements: [XRAY_DAEMON_STATEMENT], budget: XRAY_DAEMON_BUDGET };
}

/**
 * The Envoy container: APPMESH_RESOURCE_ARN, a health check on its admin interface, a high
 * open-files limit, user 1337 as a sidecar, the listener port as a gateway.
 */
export function envoyContainer(inputs: EnvoyInputs, streamPrefix: string): ContainerDefinition {
  const environment = [
    { Name: 'APPMESH_RESOURCE_ARN', Value: inputs.resourceArn },
    ...Object.entries(inputs.environment)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([Name, Value]) => ({ Name, Value })),
  ];
  return {
    Name: ENVOY_CONTAINER,
    Image: inputs.image,
    Essential: true,
    ...(inputs.role.kind === 'sidecar' ? { User: ENVOY_UID } : {}),
    Environment: environment,
    ...(inputs.role.kind === 'gateway' ? { PortMappings: [{ ContainerPort: inputs.role.port, Protocol: 'tcp' }] } : {}),
    HealthCheck: {
      Command: ['CMD-SHELL', `curl -s http://localhost:${ENVOY_ADMIN_PORT}/server_info | grep state | grep -q LIVE`],
      Interval: 5,
      Timeout: 2,
      Retries: 3,
      StartPeriod: 10,
    },
    Ulimits: [{ Name: 'nofile', SoftLimit: 15000, HardLimit: 15000 }],
    LogConfiguration: {
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': Ref(inputs.logGroupId), 'awslogs-region': Ref('AWS::Region'), 'awslogs-stream-prefix': streamPrefix },
    },
  };
}

/** The task's App Mesh proxy configuration: Envoy intercepts the app's traffic. */
function appMeshProxyConfiguration(appPorts: number[]): EcsTaskDefinitionProxyConfiguration {
  const properties: [string, string][] = [
    ['AppPorts', appPorts.join(',')],
    ['EgressIgnoredIPs', '169.254.170.2,169.254.169.254'],
    ['IgnoredUID', ENVOY_UID],
    ['ProxyEgressPort', '15001'],
    ['ProxyIngressPort', '15000'],
  ];
  return { Type: 'APPMESH', ContainerName: ENVOY_CONTAINER, ProxyConfigurationProperties: properties.map(([Name, Value]) => ({ Name, Value })) };
}

/** The one permission Envoy needs: its configuration, for its own node or gateway. */
export function streamAggregatedResources(resourceArn: Value<string>): object {
  return { Sid: 'AppMeshEnvoy', Effect: 'Allow', Action: 'appmesh:StreamAggregatedResources', Resource: resourceArn };
}
