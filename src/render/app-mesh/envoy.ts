import { Ref, type ContainerDefinition, type Value } from '../template/cfn.js';
import type { EcsTaskDefinitionProxyConfiguration } from '../template/cfn-spec-types.js';
import type { RenderContext } from '../context.js';
import type { TaskSize } from '../service/fargate-size.js';

/** The App Mesh Envoy image compose-x defaults to (the `EnvoyImage` parameter). */
export const ENVOY_IMAGE = 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod';
/** What a task needs on top of its app for Envoy. */
export const ENVOY_BUDGET: TaskSize = { cpu: 256, memory: 256 };
/** Envoy runs as this user; the proxy configuration lets its own traffic through. */
export const ENVOY_UID = '1337';
export const ENVOY_CONTAINER = 'envoy';
const ENVOY_ADMIN_PORT = 9901;

/** The `EnvoyImage` parameter (default: x-appmesh.Envoy.Image, else ENVOY_IMAGE). */
export function envoyImage(ctx: RenderContext, image: string | undefined): Value<string> {
  ctx.template.parameter('EnvoyImage', {
    Type: 'String',
    Description: 'The AWS App Mesh Envoy image of the sidecars and gateways.',
    Default: image ?? ENVOY_IMAGE,
  });
  return Ref('EnvoyImage');
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
export function appMeshProxyConfiguration(appPorts: number[]): EcsTaskDefinitionProxyConfiguration {
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
