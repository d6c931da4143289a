import type { HealthCheck } from '../../mesh/ingress/health-check.js';
import type { HttpVersion } from '../../mesh/ingress/port-protocol.js';
import { Elbv2TargetGroupResource } from '../template/cfn-spec-types.js';
import type { Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

export interface TargetGroupInputs {
  vpcId: Value<string>;
  /** The container port the tasks are registered on. */
  port: number;
  protocol: 'HTTP' | 'TCP' | 'UDP';
  /** For HTTP: how the load balancer speaks to the tasks (HTTP/1.1 when absent). */
  version?: HttpVersion;
  healthCheck: HealthCheck;
  deregistrationDelaySeconds: number;
}

/**
 * A target group of type `ip` (what awsvpc tasks register as) on the container port, with
 * its health check and a short deregistration delay. A target group of an HTTP2 or gRPC
 * target names its protocol version; its health check then speaks it too.
 */
export function renderTargetGroup(ctx: RenderContext, id: string, inputs: TargetGroupInputs): string {
  const { healthCheck: check } = inputs;
  const grpc = inputs.version === 'GRPC';
  const probe = check.path !== undefined;
  return ctx.template.add(
    id,
    new Elbv2TargetGroupResource({
      TargetType: 'ip',
      VpcId: inputs.vpcId,
      Port: inputs.port,
      Protocol: inputs.protocol,
      ...(inputs.version && inputs.version !== 'HTTP1' ? { ProtocolVersion: inputs.version } : {}),
      HealthCheckProtocol: probe ? 'HTTP' : 'TCP',
      HealthCheckPort: check.port !== undefined ? String(check.port) : 'traffic-port',
      ...(probe ? { HealthCheckPath: check.path, Matcher: grpc ? { GrpcCode: check.codes ?? '12' } : { HttpCode: check.codes ?? '200-399' } } : {}),
      HealthCheckIntervalSeconds: check.intervalSeconds,
      HealthCheckTimeoutSeconds: check.timeoutSeconds,
      HealthyThresholdCount: check.healthyThreshold,
      UnhealthyThresholdCount: check.unhealthyThreshold,
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(inputs.deregistrationDelaySeconds) }],
    }),
  );
}
