import { Ref, type ContainerDefinition, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import type { TaskSize } from '../service/fargate-size.js';

/** The AWS X-Ray daemon image AWS publishes on Amazon ECR Public (https://docs.aws.amazon.com/xray/latest/devguide/xray-daemon.html). */
export const XRAY_DAEMON_IMAGE = 'public.ecr.aws/xray/aws-xray-daemon:latest';
export const XRAY_DAEMON_CONTAINER = 'xray-daemon';
const XRAY_DAEMON_PORT = 2000;
/** CPU units and memory reservation of AWS's example daemon container (https://docs.aws.amazon.com/xray/latest/devguide/xray-daemon-ecs.html). */
export const XRAY_DAEMON_BUDGET: TaskSize = { cpu: 32, memory: 256 };

/** The daemon Envoy sends its traces to, on this UDP port. */
export interface XRayDaemon {
  image: Value<string>;
  port: number;
}

/** The `XRayDaemonImage` parameter (default: AWS's image). */
export function renderXRayDaemon(ctx: RenderContext, port: number): XRayDaemon {
  ctx.template.parameter('XRayDaemonImage', {
    Type: 'String',
    Description: 'The AWS X-Ray daemon image that runs beside each Envoy and relays its traces to X-Ray.',
    Default: XRAY_DAEMON_IMAGE,
  });
  return { image: Ref('XRayDaemonImage'), port };
}

/**
 * The daemon container: not essential (the app runs on without traces), the region to send
 * to (AWS_REGION: a Fargate task has no instance metadata to read it from), its UDP port, a bind
 * address on another port than its default (`--bind`,
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-daemon-configuration.html), and `user`
 * when it must run as Envoy's uid, which the App Mesh proxy configuration lets past Envoy.
 */
export function xrayDaemonContainer(daemon: XRayDaemon, logGroupId: string, streamPrefix: string, user?: string): ContainerDefinition {
  return {
    Name: XRAY_DAEMON_CONTAINER,
    Image: daemon.image,
    Essential: false,
    Cpu: XRAY_DAEMON_BUDGET.cpu,
    MemoryReservation: XRAY_DAEMON_BUDGET.memory,
    ...(user !== undefined ? { User: user } : {}),
    Environment: [{ Name: 'AWS_REGION', Value: Ref('AWS::Region') }],
    ...(daemon.port !== XRAY_DAEMON_PORT ? { Command: ['--bind', `0.0.0.0:${daemon.port}`] } : {}),
    PortMappings: [{ ContainerPort: daemon.port, Protocol: 'udp' }],
    LogConfiguration: {
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': Ref(logGroupId), 'awslogs-region': Ref('AWS::Region'), 'awslogs-stream-prefix': streamPrefix },
    },
  };
}

/** What the daemon may do with the task role: AWS's managed policy AWSXRayDaemonWriteAccess (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSXRayDaemonWriteAccess.html). */
export const XRAY_DAEMON_STATEMENT = {
  Sid: 'XRayDaemon',
  Effect: 'Allow',
  Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
  Resource: '*',
} as const;
