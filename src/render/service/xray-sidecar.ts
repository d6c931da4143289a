/**
 * ECS ComposeX's service-level `x-xray` (https://docs.compose-x.io/syntax/compose_x/xray.html):
 * the AWS X-Ray daemon beside the service, the one App Mesh's tracing Envoy gets
 * (../app-mesh/xray.ts), with the task-role permissions of AWSXRayDaemonWriteAccess. The app
 * sends its segments to 127.0.0.1:2000/udp, where the X-Ray SDKs look by default.
 */
import type { ContainerDefinition } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import { renderXRayDaemon, XRAY_DAEMON_BUDGET, XRAY_DAEMON_CONTAINER, XRAY_DAEMON_STATEMENT, xrayDaemonContainer } from '../app-mesh/xray.js';
import type { TaskSize } from './fargate-size.js';

/** The daemon's default port (https://docs.aws.amazon.com/xray/latest/devguide/xray-daemon-configuration.html). */
const XRAY_PORT = 2000;

export interface XRaySidecar {
  sidecars: ContainerDefinition[];
  taskStatements: object[];
  budget: TaskSize;
}

/** The daemon of a service whose x-xray is on (true, or a mapping), unless a sidecar already runs one. */
export function xraySidecar(ctx: RenderContext, service: string, logGroupId: string, sidecars: readonly ContainerDefinition[]): XRaySidecar | undefined {
  const xray = ctx.project.services[service]?.extensions['x-xray'];
  if (xray === undefined || xray === false || xray === null) return undefined;
  if (sidecars.some((c) => c.Name === XRAY_DAEMON_CONTAINER)) return undefined;
  const daemon = renderXRayDaemon(ctx, XRAY_PORT);
  return { sidecars: [xrayDaemonContainer(daemon, logGroupId, `${service}-xray`)], taskStatements: [XRAY_DAEMON_STATEMENT], budget: XRAY_DAEMON_BUDGET };
}

/** Two budgets taken out of one task. */
export function addBudgets(a: TaskSize | undefined, b: TaskSize | undefined): TaskSize | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}
