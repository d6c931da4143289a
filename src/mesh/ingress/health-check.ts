/**
 * The health check of a target group: from `x-ingress.HealthCheck`, else from the compose
 * healthcheck where it is an HTTP probe of the same port (`curl -f http://localhost:8080/health`
 * checks /health every `interval`), else compose-x's defaults. The defaults follow the ECS
 * guide on deployment speed (a healthy target in two passing checks):
 * https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/load-balancer-healthcheck.html
 */
import type { Healthcheck, Service } from '../../parser/model.js';
import type { HttpVersion } from './port-protocol.js';

/** x-ingress.HealthCheck, as schemas/x-ingress.json allows it. */
export interface XHealthCheck {
  Path?: string;
  Codes?: string;
  Interval?: number;
  Timeout?: number;
  Port?: number;
  GracePeriod?: number;
}

export interface HealthCheck {
  /** The HTTP (or gRPC) path; absent for a TCP check. */
  path?: string;
  /** Healthy answers: HTTP codes, or gRPC codes for a gRPC target. */
  codes?: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** A port other than the traffic port. */
  port?: number;
}

/** The limits of a target group's health check (AWS::ElasticLoadBalancingV2::TargetGroup). */
const INTERVAL = { min: 5, max: 300, default: 15 };
const TIMEOUT = { min: 2, max: 120, default: 5 };
const UNHEALTHY = { min: 2, max: 10, default: 3 };
const HEALTHY_THRESHOLD = 2;
/** curl -f and wget fail on an answer of 400 or more. */
const HTTP_CODES = '200-399';
/** The Application Load Balancer's own gRPC check: a method no service implements answers 12 (UNIMPLEMENTED), which shows the server is up. */
const GRPC_CHECK = { path: '/AWS.ALB/healthcheck', codes: '12' };
/** Seconds ECS ignores failed checks of a task that has just started, at least (AWS Copilot's default). */
const GRACE_PERIOD = 60;

const PROBE =
  /(?:^|[\s;&|(])(?:\S*\/)?(?:curl|wget)\s[^;&|]*?\bhttp:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"?#]*)?/;

/** The path the compose healthcheck probes over HTTP on `port` (curl or wget to localhost), if it does. */
export function probedPath(healthcheck: Healthcheck | undefined, port: number): string | undefined {
  const test = healthcheck && !healthcheck.disable ? healthcheck.test : undefined;
  if (!test || (test[0] !== 'CMD' && test[0] !== 'CMD-SHELL')) return undefined;
  const found = PROBE.exec(test.slice(1).join(' '));
  if (!found || Number(found[1] ?? 80) !== port) return undefined;
  return found[2] ?? '/';
}

function seconds(nanos: number | undefined, range: { min: number; max: number; default: number }): number {
  if (nanos === undefined) return range.default;
  return Math.min(range.max, Math.max(range.min, Math.round(nanos / 1e9)));
}

/** The check of an HTTP target on `port`: x-ingress first, then the compose HTTP probe of that port, then the defaults (clamped to AWS's ranges). */
export function httpHealthCheck(service: Service, port: number, version: HttpVersion, x: XHealthCheck = {}): HealthCheck {
  const probed = version === 'GRPC' ? undefined : probedPath(service.healthcheck, port);
  const compose = probed !== undefined ? service.healthcheck : undefined;
  const interval = x.Interval ?? seconds(compose?.interval, INTERVAL);
  const defaults = version === 'GRPC' ? GRPC_CHECK : { path: probed ?? '/', codes: HTTP_CODES };
  return {
    path: x.Path ?? defaults.path,
    codes: x.Codes ?? defaults.codes,
    intervalSeconds: interval,
    timeoutSeconds: Math.min(x.Timeout ?? seconds(compose?.timeout, TIMEOUT), interval - 1),
    healthyThreshold: HEALTHY_THRESHOLD,
    unhealthyThreshold: Math.min(UNHEALTHY.max, Math.max(UNHEALTHY.min, compose?.retries ?? UNHEALTHY.default)),
    ...(x.Port !== undefined ? { port: x.Port } : {}),
  };
}

/** The check of a TCP or UDP target: a TCP connection to the port (or to x-ingress.HealthCheck.Port), an HTTP GET when x-ingress gives a Path. */
export function networkHealthCheck(x: XHealthCheck = {}): HealthCheck {
  const interval = x.Interval ?? INTERVAL.default;
  return {
    ...(x.Path !== undefined ? { path: x.Path, codes: x.Codes ?? HTTP_CODES } : {}),
    intervalSeconds: interval,
    timeoutSeconds: Math.min(x.Timeout ?? TIMEOUT.default, interval - 1),
    healthyThreshold: HEALTHY_THRESHOLD,
    unhealthyThreshold: UNHEALTHY.default,
    ...(x.Port !== undefined ? { port: x.Port } : {}),
  };
}

/** Seconds ECS ignores failed load balancer checks of a new task: x-ingress, else the compose start_period when longer than 60, else 60. */
export function gracePeriod(service: Service, x: XHealthCheck = {}): number {
  const start = service.healthcheck?.start_period;
  return x.GracePeriod ?? Math.max(GRACE_PERIOD, start === undefined ? 0 : Math.ceil(start / 1e9));
}
