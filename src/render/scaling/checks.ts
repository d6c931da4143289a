/** The checks of a scaling plan, each refusal at the field as written. */
import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import type { Service } from '../../parser/model.js';
import { parseDuration } from '../../parser/syntax/duration.js';
import type { RenderContext } from '../context.js';
import { hasDockerBalancer } from '../load-balancer/docker-balancer.js';
import type { ScalingField, ScalingPlan, ScalingSchedule, XAutoscaling } from './types.js';

const SECOND = 1_000_000_000;

/**
 * Schedule expressions as Application Auto Scaling takes them: at(yyyy-mm-ddThh:mm:ss),
 * rate(value unit) with unit minute(s), hour(s) or day(s), cron(fields) with six fields:
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
 */
const SCHEDULE_FORMS = [/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/, /^rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)$/, /^cron\(\S+( \S+){5}\)$/];

/** The checked plan of `x`, written at `at` (pathOf: where each field is). */
export function checkScaling(ctx: RenderContext, name: string, service: Service, x: Partial<XAutoscaling>, at: TreePath, pathOf: (field: ScalingField) => TreePath): ScalingPlan {
  const refuse = (code: string, path: TreePath, message: string, hint: string): never => {
    throw new ParseError(code, message, { path, position: ctx.locate(path), hint });
  };
  const replicas = service.deploy?.replicas;
  if (x.Max === undefined) refuse('E_SCALING_RANGE', pathOf('Max'), `${name} scales without a maximum number of tasks.`, 'Give the most tasks it may run (x-autoscaling.Max).');
  const max = x.Max!;
  const min = x.Min ?? replicas ?? 1;
  if (min > max) refuse('E_SCALING_RANGE', pathOf('Min'), `${name} scales between ${min} and ${max} tasks: its minimum is above its maximum.`, 'Make Min at most Max.');
  if (replicas !== undefined && (replicas < min || replicas > max)) {
    const path: TreePath = ['services', name, 'deploy', 'replicas'];
    refuse('E_SCALING_REPLICAS', path, `deploy.replicas (${replicas}) is outside the range ${name} scales in (${min} to ${max}).`, 'Set deploy.replicas between Min and Max, or remove it.');
  }
  if (replicas !== undefined && replicas > min) {
    const path: TreePath = ['services', name, 'deploy', 'replicas'];
    ctx.warn({
      code: 'W_SCALING_START',
      message: `${name} starts with ${min} task${min === 1 ? '' : 's'}, not deploy.replicas (${replicas}): a scaling service leaves its task count to Application Auto Scaling, which keeps it between Min and Max, so that a deployment never resets it.`,
      path,
      position: ctx.locate(path),
    });
  }
  for (const field of ['CpuTarget', 'MemoryTarget'] as const) {
    const value = x[field];
    if (value !== undefined && !(value >= 1 && value <= 100)) refuse('E_SCALING_TARGET', pathOf(field), `${field} is ${value}%, and a utilization target is between 1 and 100.`, 'Give a percentage from 1 to 100.');
  }
  if (x.RequestsPerTarget !== undefined) requestsBehindBalancer(ctx, name, pathOf('RequestsPerTarget'), refuse);
  const cooldown = (field: 'ScaleInCooldown' | 'ScaleOutCooldown'): number | undefined => seconds(ctx, x[field], pathOf(field));
  const scaleInCooldown = cooldown('ScaleInCooldown');
  const scaleOutCooldown = cooldown('ScaleOutCooldown');
  const schedules = (x.Schedules ?? []).map((s, i) => checkSchedule(name, s, i, (field) => pathOf(['Schedules', i, field]), refuse));
  const names = schedules.map((s) => s.name);
  const twice = names.findIndex((n, i) => names.indexOf(n) !== i);
  if (twice >= 0) refuse('E_SCALING_SCHEDULE', pathOf(['Schedules', twice, 'Name']), `two schedules of ${name} are named ${names[twice]}.`, 'Give each schedule its own Name.');
  return {
    min,
    max,
    targets: {
      ...(x.CpuTarget !== undefined ? { cpu: x.CpuTarget } : {}),
      ...(x.MemoryTarget !== undefined ? { memory: x.MemoryTarget } : {}),
      ...(x.RequestsPerTarget !== undefined ? { requests: x.RequestsPerTarget } : {}),
    },
    ...(scaleInCooldown !== undefined ? { scaleInCooldown } : {}),
    ...(scaleOutCooldown !== undefined ? { scaleOutCooldown } : {}),
    disableScaleIn: x.DisableScaleIn === true,
    schedules,
    at,
    pathOf,
  };
}

type Refuse = (code: string, path: TreePath, message: string, hint: string) => never;

/** ALBRequestCountPerTarget counts the requests of one target group of a load balancer: the service's own, behind the project's balancer. */
function requestsBehindBalancer(ctx: RenderContext, name: string, path: TreePath, refuse: Refuse): void {
  const ingress = ctx.plan.ingress;
  if (!ingress?.services[name]?.http) {
    refuse('E_SCALING_REQUESTS', path, `${name} scales on requests per target, but no published HTTP port of it is behind the project's Application Load Balancer.`, 'Publish its HTTP port behind the load balancer (x-ingress), or scale on CpuTarget or MemoryTarget.');
  }
  if (ingress?.application?.kind === 'existing') {
    refuse('E_SCALING_REQUESTS', path, `${name} scales on requests per target, but its rule is on an existing listener (x-ingress.Listener), whose load balancer the template cannot name in the metric.`, 'Scale on CpuTarget or MemoryTarget, or let compose-x make the load balancer.');
  }
  if (hasDockerBalancer(ctx)) {
    refuse('E_SCALING_REQUESTS', path, `${name} scales on requests per target, but its listener is on the existing load balancer of x-aws-loadbalancer, which the template cannot name in the metric.`, 'Scale on CpuTarget or MemoryTarget, or remove x-aws-loadbalancer to have compose-x make the load balancer.');
  }
}

/** A cooldown: seconds, or a duration of whole seconds. */
function seconds(ctx: RenderContext, value: number | string | undefined, path: TreePath): number | undefined {
  if (value === undefined) return undefined;
  const hint = 'Give whole seconds (60) or a duration ("1m30s").';
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return value;
    throw new ParseError('E_SCALING_COOLDOWN', `a cooldown of ${value} seconds is not a whole number of seconds.`, { path, position: ctx.locate(path), hint });
  }
  let nanos: number;
  try {
    nanos = parseDuration(value);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    throw new ParseError('E_SCALING_COOLDOWN', error.message, { path, position: ctx.locate(path), hint });
  }
  if (nanos < 0 || nanos % SECOND !== 0) throw new ParseError('E_SCALING_COOLDOWN', `a cooldown of ${value} is not a whole number of seconds.`, { path, position: ctx.locate(path), hint });
  return nanos / SECOND;
}

function checkSchedule(service: string, s: NonNullable<XAutoscaling['Schedules']>[number], i: number, pathOf: (field: string) => TreePath, refuse: Refuse): ScalingSchedule {
  if (!SCHEDULE_FORMS.some((form) => form.test(s.Schedule))) {
    refuse('E_SCALING_SCHEDULE', pathOf('Schedule'), `"${s.Schedule}" is not a schedule Application Auto Scaling reads.`, 'Write at(2026-12-31T23:00:00), rate(5 minutes), or cron(0 8 ? * MON-FRI *) (six fields).');
  }
  if (s.Timezone !== undefined && !isTimeZone(s.Timezone)) {
    refuse('E_SCALING_SCHEDULE', pathOf('Timezone'), `"${s.Timezone}" is not a time zone.`, 'Name an IANA time zone, such as Europe/Paris or UTC.');
  }
  if (s.Min === undefined && s.Max === undefined) refuse('E_SCALING_SCHEDULE', pathOf('Schedule'), 'a schedule changes neither Min nor Max.', 'Give the schedule a Min, a Max, or both.');
  if (s.Min !== undefined && s.Max !== undefined && s.Min > s.Max) refuse('E_SCALING_SCHEDULE', pathOf('Min'), `a schedule sets Min ${s.Min} above Max ${s.Max}.`, 'Make Min at most Max.');
  return {
    name: s.Name ?? `${service}-schedule-${i + 1}`,
    schedule: s.Schedule,
    ...(s.Timezone !== undefined ? { timezone: s.Timezone } : {}),
    ...(s.Min !== undefined ? { min: s.Min } : {}),
    ...(s.Max !== undefined ? { max: s.Max } : {}),
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
