/**
 * How many tasks each service runs and on what, read from a template: the range, targets and
 * schedules of its scalable target (src/render/scaling/), or its fixed DesiredCount; its
 * capacity provider strategy and ephemeral storage (src/render/service/capacity.ts). The review
 * page and `diff --rendered` both read it.
 */

type Json = Record<string, unknown>;

/** A resource of a template: its logical ID, type and properties. */
export interface TemplateResource {
  id: string;
  type: string;
  properties: Json;
}

export interface ServiceScaling {
  /** `2-10` when it scales, else its fixed count: `3`. */
  tasks: string;
  /** The count it starts with: its scalable target's minimum, or its DesiredCount. */
  start: number;
  /** `CPU 70%`, `memory 80%`, `500 requests per target`. */
  targets: string[];
  scalesIn: boolean;
  /** `name: cron(...) (Europe/Paris) -> min 4, max 20`. */
  schedules: string[];
  /** `FARGATE`, `FARGATE_SPOT`, `FARGATE (base 1, weight 1) + FARGATE_SPOT (weight 3)`. */
  capacity: string;
  /** GiB, when the task definition sets it. */
  ephemeralStorage?: number;
  /** The logical IDs of the scalable target and its policies. */
  resources: string[];
}

const METRIC_NAMES: Readonly<Record<string, (value: string) => string>> = {
  ECSServiceAverageCPUUtilization: (v) => `CPU ${v}%`,
  ECSServiceAverageMemoryUtilization: (v) => `memory ${v}%`,
  ALBRequestCountPerTarget: (v) => `${v} requests per target`,
};

const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The logical ID a Ref or Fn::GetAtt points at. */
function target(value: unknown): string | undefined {
  const o = obj(value);
  const getAtt = o['Fn::GetAtt'];
  const id = o['Ref'] ?? (Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined);
  return typeof id === 'string' ? id : undefined;
}

/** The ECS service a scalable target scales: the GetAtt <Service>.Name of its ResourceId. */
function scaledService(properties: Json): string | undefined {
  const join = list(obj(properties['ResourceId'])['Fn::Join']);
  const name = list(join[1]).map((part) => obj(part)['Fn::GetAtt']).find((getAtt) => (Array.isArray(getAtt) ? getAtt[1] === 'Name' : typeof getAtt === 'string' && getAtt.endsWith('.Name')));
  return name === undefined ? undefined : target({ 'Fn::GetAtt': name });
}

/** Each ECS service's scaling and capacity, by the ECS service's logical ID; a scheduled job's tasks per run and capacity, by its schedule's. */
export function scalingOf(resources: readonly TemplateResource[]): Map<string, ServiceScaling> {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const targets = new Map(resources.filter((r) => r.type === 'AWS::ApplicationAutoScaling::ScalableTarget').map((r) => [scaledService(r.properties), r] as const));
  const policies = resources.filter((r) => r.type === 'AWS::ApplicationAutoScaling::ScalingPolicy');
  const out = new Map<string, ServiceScaling>();
  for (const service of resources.filter((r) => r.type === 'AWS::ECS::Service')) {
    const scalable = targets.get(service.id);
    const own = scalable ? policies.filter((p) => target(p.properties['ScalingTargetId']) === scalable.id) : [];
    const tracking = own.map((p) => obj(p.properties['TargetTrackingScalingPolicyConfiguration']));
    const task = byId.get(target(service.properties['TaskDefinition']) ?? '');
    const storage = obj(task?.properties['EphemeralStorage'])['SizeInGiB'];
    out.set(service.id, {
      tasks: scalable ? `${String(scalable.properties['MinCapacity'])}-${String(scalable.properties['MaxCapacity'])}` : String(service.properties['DesiredCount'] ?? 1),
      start: Number(scalable ? scalable.properties['MinCapacity'] : (service.properties['DesiredCount'] ?? 1)),
      targets: tracking.map((t) => {
        const type = String(obj(t['PredefinedMetricSpecification'])['PredefinedMetricType']);
        return (METRIC_NAMES[type] ?? ((v: string) => `${type} ${v}`))(String(t['TargetValue']));
      }),
      scalesIn: !tracking.some((t) => t['DisableScaleIn'] === true),
      schedules: list(scalable?.properties['ScheduledActions']).map(obj).map(scheduleText),
      capacity: capacityText(service.properties),
      ...(typeof storage === 'number' ? { ephemeralStorage: storage } : {}),
      resources: scalable ? [scalable.id, ...own.map((p) => p.id)] : [],
    });
  }
  for (const job of resources.filter((r) => r.type === 'AWS::Scheduler::Schedule')) {
    const ecs = obj(obj(job.properties['Target'])['EcsParameters']);
    const count = Number(ecs['TaskCount'] ?? 1);
    const storage = obj(byId.get(target(ecs['TaskDefinitionArn']) ?? '')?.properties['EphemeralStorage'])['SizeInGiB'];
    out.set(job.id, {
      tasks: String(count),
      start: count,
      targets: [],
      scalesIn: true,
      schedules: [],
      capacity: capacityText(ecs),
      ...(typeof storage === 'number' ? { ephemeralStorage: storage } : {}),
      resources: [],
    });
  }
  return out;
}

function scheduleText(action: Json): string {
  const range = obj(action['ScalableTargetAction']);
  const bounds = [range['MinCapacity'] === undefined ? '' : `min ${String(range['MinCapacity'])}`, range['MaxCapacity'] === undefined ? '' : `max ${String(range['MaxCapacity'])}`].filter((s) => s !== '');
  const zone = typeof action['Timezone'] === 'string' ? ` (${action['Timezone']})` : '';
  return `${String(action['ScheduledActionName'])}: ${String(action['Schedule'])}${zone} -> ${bounds.join(', ')}`;
}

/** The providers of the strategy, with base and weight when there are several or a base; LaunchType's FARGATE without one. */
function capacityText(service: Json): string {
  const strategy = list(service['CapacityProviderStrategy']).map(obj);
  if (strategy.length === 0) return String(service['LaunchType'] ?? 'FARGATE');
  if (strategy.length === 1 && !strategy[0]!['Base']) return String(strategy[0]!['CapacityProvider']);
  return strategy
    .map((item) => {
      const share = [item['Base'] ? `base ${String(item['Base'])}` : '', `weight ${String(item['Weight'] ?? 0)}`].filter((s) => s !== '');
      return `${String(item['CapacityProvider'])} (${share.join(', ')})`;
    })
    .join(' + ');
}

/** Whether a service's scaling or capacity is worth a line of the review: it scales, or is not plain on-demand Fargate with the default storage. */
export function isNotable(scaling: ServiceScaling): boolean {
  return scaling.resources.length > 0 || scaling.capacity !== 'FARGATE' || scaling.ephemeralStorage !== undefined;
}

/** `2-10 on CPU 70%, memory 80% (no scale-in), 2 schedules`: what `diff --rendered` compares. */
export function scalingText(scaling: ServiceScaling): string {
  const on = scaling.targets.length > 0 ? ` on ${scaling.targets.join(', ')}` : '';
  const scaleIn = scaling.targets.length > 0 && !scaling.scalesIn ? ' (no scale-in)' : '';
  const schedules = scaling.schedules.length > 0 ? `, ${scaling.schedules.length} schedule${scaling.schedules.length === 1 ? '' : 's'}` : '';
  return `${scaling.tasks}${on}${scaleIn}${schedules}`;
}
