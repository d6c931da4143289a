/**
 * x-deployment (schemas/x-deployment.json) read into each service's deployment plan, and what
 * each strategy needs checked against the mesh plan. ECS shifts the traffic of a BLUE_GREEN,
 * LINEAR or CANARY deployment on a load balancer or through Service Connect
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html,
 * linear-deployment-implementation.html, canary-deployment-implementation.html); compose-x
 * renders it on the project's Application Load Balancer and on Service Connect servers.
 */
import { isMapping } from '../../parser/mapping.js';
import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import { parseDuration } from '../../parser/syntax/duration.js';
import type { RenderContext } from '../context.js';

export type Strategy = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

/** x-deployment as the schema allows it. */
interface XDeployment {
  Strategy?: Strategy;
  BakeTime?: number | string;
  StepPercent?: number;
  StepBakeTime?: number | string;
  CanaryPercent?: number;
  CanaryBakeTime?: number | string;
  Alarms?: string[];
  TestTraffic?: { Header: string; Value: string };
}

/** How ECS deploys a new revision of one service. */
export interface DeploymentPlan {
  strategy: Strategy;
  /** BLUE_GREEN, LINEAR, CANARY: minutes the old revision is kept after the shift. */
  bakeTimeMinutes?: number;
  linear?: { stepPercent: number; stepBakeTimeMinutes: number };
  canary?: { canaryPercent: number; canaryBakeTimeMinutes: number };
  /** CloudWatch alarms that fail and roll back a deployment. */
  alarms: string[];
  /** Service Connect test traffic: requests with this header reach the new revision first. */
  testTraffic?: { header: string; value: string };
  /** Whether the traffic shifts on the Application Load Balancer (its alternate target group and the infrastructure role). */
  onLoadBalancer: boolean;
}

/**
 * The defaults are ECS's own where it has one (CanaryConfiguration: 5% for 10 minutes,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html;
 * LinearConfiguration: 10% every 6 minutes,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html).
 * BakeTimeInMinutes has none and BLUE_GREEN requires it
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html):
 * compose-x keeps the old revision 5 minutes.
 */
export const DEPLOYMENT_DEFAULTS = { bakeTime: 5, stepPercent: 10, stepBakeTime: 6, canaryPercent: 5, canaryBakeTime: 10 } as const;

/** The settings each strategy takes besides Strategy and Alarms. */
const SETTINGS: Record<Strategy, readonly (keyof XDeployment)[]> = {
  ROLLING: [],
  BLUE_GREEN: ['BakeTime', 'TestTraffic'],
  LINEAR: ['BakeTime', 'StepPercent', 'StepBakeTime', 'TestTraffic'],
  CANARY: ['BakeTime', 'CanaryPercent', 'CanaryBakeTime', 'TestTraffic'],
};

const NANOS_PER_MINUTE = 60_000_000_000;

/** The deployment plan of every service with x-deployment; the others roll. */
export function planDeployments(ctx: RenderContext): Record<string, DeploymentPlan> {
  const out: Record<string, DeploymentPlan> = {};
  for (const name of ctx.graph.services) {
    const x = ctx.project.services[name]?.extensions['x-deployment'];
    if (isMapping(x)) out[name] = planDeployment(ctx, name, x as XDeployment);
  }
  return out;
}

function planDeployment(ctx: RenderContext, name: string, x: XDeployment): DeploymentPlan {
  const at = (key?: keyof XDeployment): TreePath => ['services', name, 'x-deployment', ...(key ? [key] : [])];
  const refuse = (key: keyof XDeployment | undefined, code: string, message: string, hint: string): never => {
    throw new ParseError(code, message, { path: at(key), position: ctx.locate(at(key)) ?? ctx.locate(at()), hint });
  };
  const strategy = x.Strategy ?? 'ROLLING';
  const stray = (Object.keys(x) as (keyof XDeployment)[]).find((key) => key !== 'Strategy' && key !== 'Alarms' && !SETTINGS[strategy].includes(key));
  if (stray) {
    const owners = (Object.keys(SETTINGS) as Strategy[]).filter((s) => SETTINGS[s].includes(stray));
    refuse(stray, 'E_DEPLOYMENT_SETTINGS', `x-deployment.${stray} is a setting of ${owners.join(', ')}, and "${name}" deploys with ${strategy}.`, `Remove ${stray}, or set Strategy: ${owners[0]}.`);
  }
  const minutes = (key: 'BakeTime' | 'StepBakeTime' | 'CanaryBakeTime', fallback: number): number => {
    const value = x[key];
    if (value === undefined) return fallback;
    if (typeof value === 'number') return value;
    const nanos = parseDuration(value);
    if (nanos % NANOS_PER_MINUTE !== 0 || nanos / NANOS_PER_MINUTE > 1440) {
      refuse(key, 'E_DEPLOYMENT_SETTINGS', `x-deployment.${key} "${value}" is not a whole number of minutes from 0 to 1440: ECS counts bake times in minutes.`, 'Write minutes (5) or a duration of whole minutes ("5m", "1h30m").');
    }
    return nanos / NANOS_PER_MINUTE;
  };
  for (const key of ['StepPercent', 'CanaryPercent'] as const) {
    const value = x[key];
    // ECS takes multiples of 0.1; a schema's multipleOf 0.1 refuses 0.3 (floating point), so it is checked here.
    if (value !== undefined && Math.abs(value * 10 - Math.round(value * 10)) > 1e-9) {
      refuse(key, 'E_DEPLOYMENT_SETTINGS', `x-deployment.${key} ${value} is not a multiple of 0.1, as ECS takes a share of traffic.`, `Round it to one decimal (${Math.round(value * 10) / 10}).`);
    }
  }
  const plan: DeploymentPlan = { strategy, alarms: x.Alarms ?? [], onLoadBalancer: false };
  if (strategy === 'ROLLING') return plan;
  const shift = trafficShift(ctx, name);
  if (shift.problem) refuse('Strategy', 'E_DEPLOYMENT_STRATEGY', `x-deployment.Strategy ${strategy} ${shift.problem}`, shift.hint ?? '');
  if (x.TestTraffic && !shift.serviceConnect) {
    refuse('TestTraffic', 'E_DEPLOYMENT_SETTINGS', `x-deployment.TestTraffic routes Service Connect requests by header, and "${name}" is not a Service Connect server.`, 'Remove TestTraffic, or make the service a Service Connect server (x-serviceconnect).');
  }
  return {
    ...plan,
    bakeTimeMinutes: minutes('BakeTime', DEPLOYMENT_DEFAULTS.bakeTime),
    ...(strategy === 'LINEAR'
      ? { linear: { stepPercent: x.StepPercent ?? DEPLOYMENT_DEFAULTS.stepPercent, stepBakeTimeMinutes: minutes('StepBakeTime', DEPLOYMENT_DEFAULTS.stepBakeTime) } }
      : {}),
    ...(strategy === 'CANARY'
      ? { canary: { canaryPercent: x.CanaryPercent ?? DEPLOYMENT_DEFAULTS.canaryPercent, canaryBakeTimeMinutes: minutes('CanaryBakeTime', DEPLOYMENT_DEFAULTS.canaryBakeTime) } }
      : {}),
    ...(x.TestTraffic ? { testTraffic: { header: x.TestTraffic.Header, value: x.TestTraffic.Value } } : {}),
    onLoadBalancer: shift.loadBalancer,
  };
}

interface TrafficShift {
  loadBalancer: boolean;
  serviceConnect: boolean;
  /** Why the strategy cannot shift this service's traffic (the rest of a sentence), and how to fix it. */
  problem?: string;
  hint?: string;
}

/** Where the traffic of `name` can shift: the Application Load Balancer, Service Connect, both, or why neither. */
function trafficShift(ctx: RenderContext, name: string): TrafficShift {
  const ingress = ctx.plan.ingress?.services[name];
  const loadBalancer = ingress?.http !== undefined && ctx.plan.ingress?.application !== undefined;
  const serviceConnect = (ctx.plan.serviceConnect?.members[name]?.servers.length ?? 0) > 0;
  const shift = { loadBalancer, serviceConnect };
  if (ingress && ingress.network.length > 0) {
    return {
      ...shift,
      problem: `needs the traffic of "${name}" on the Application Load Balancer or Service Connect, and it publishes TCP or UDP ports on the Network Load Balancer, where compose-x renders no traffic shift.`,
      hint: 'Use Strategy: ROLLING for this service, or publish only HTTP ports (behind the Application Load Balancer).',
    };
  }
  const routed = ctx.plan.ingress?.routes.find((route) => route.targets.some((t) => t.service === name));
  if (routed || (ingress && ingress.routed.length > 0)) {
    return {
      ...shift,
      problem: `shifts the traffic of one listener rule of "${name}", and x-ingress.Routes${routed ? ` (${routed.path})` : ''} forwards to it too: ECS would move one rule and leave the route on the old revision.`,
      hint: 'Use Strategy: ROLLING for this service, or reach it through its own published port instead of x-ingress.Routes.',
    };
  }
  if (loadBalancer || serviceConnect) return shift;
  if (ctx.plan.appMesh?.nodes[name]) {
    return { ...shift, problem: `shifts traffic on a load balancer or Service Connect, and "${name}" is reached through App Mesh.`, hint: 'Migrate to Service Connect (compose-x migrate appmesh), or use Strategy: ROLLING.' };
  }
  if (ctx.plan.cloudMap?.services[name]) {
    return {
      ...shift,
      problem: `shifts traffic on a load balancer or Service Connect, and "${name}" is reached through Cloud Map DNS, whose answers ECS does not shift.`,
      hint: 'Make it a Service Connect server (x-serviceconnect) instead of x-cloudmap, or use Strategy: ROLLING.',
    };
  }
  return {
    ...shift,
    problem: `shifts traffic on a load balancer or Service Connect, and "${name}" has neither: no published HTTP port behind the project's load balancer, no Service Connect port.`,
    hint: "Publish its HTTP port (ports: with the project's load balancer), make it a Service Connect server (x-serviceconnect), or use Strategy: ROLLING.",
  };
}
