/**
 * ECS ComposeX's x-scaling (https://docs.compose-x.io/syntax/compose_x/ecs.details/scaling.html)
 * and Docker's deploy.x-aws-autoscaling (https://docs.docker.com/cloud/ecs-integration/, "Auto
 * scaling": min, max, cpu or mem) read as x-autoscaling. A field compose-x does not carry is a
 * warning that names it; the errors of the plan point at the fields as written.
 */
import type { TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { RenderContext } from '../context.js';
import type { ScalingField, XAutoscaling } from './types.js';

export interface ReadForm {
  value: Partial<XAutoscaling>;
  pathOf: (field: ScalingField) => TreePath;
}

type Raw = Record<string, unknown>;

/** x-scaling.TargetScaling's fields, by the x-autoscaling field each becomes. */
const TARGET_SCALING: Readonly<Record<string, keyof XAutoscaling>> = {
  CpuTarget: 'CpuTarget',
  MemoryTarget: 'MemoryTarget',
  RamTarget: 'MemoryTarget',
  TgtTargetsCount: 'RequestsPerTarget',
  ScaleInCooldown: 'ScaleInCooldown',
  ScaleOutCooldown: 'ScaleOutCooldown',
  DisableScaleIn: 'DisableScaleIn',
};

/** A scheduled action's fields, by where x-scaling writes them. */
const SCHEDULE_FIELDS: Readonly<Record<string, TreePath>> = {
  Name: ['ScheduledActionName'],
  Schedule: ['Schedule'],
  Timezone: ['Timezone'],
  Min: ['ScalableTargetAction', 'MinCapacity'],
  Max: ['ScalableTargetAction', 'MaxCapacity'],
};

const CARRIED_ACTION_KEYS = new Set(['ScheduledActionName', 'Schedule', 'Timezone', 'ScalableTargetAction']);

export function composeXScaling(ctx: RenderContext, at: TreePath, raw: unknown): ReadForm {
  const x: Raw = isMapping(raw) ? raw : {};
  const notCarried = (path: TreePath, why: string): void => warn(ctx, 'W_COMPOSEX_NOT_CARRIED', [...at, ...path], `compose-x does not carry ${path.join('.')} of x-scaling: ${why}.`);
  const value: Partial<XAutoscaling> = {};
  const range = typeof x['Range'] === 'string' ? /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(x['Range']) : null;
  if (range) Object.assign(value, { Min: Number(range[1]), Max: Number(range[2]) });
  const targets: Raw = isMapping(x['TargetScaling']) ? x['TargetScaling'] : {};
  const targetPaths = new Map<string, TreePath>();
  for (const [key, v] of Object.entries(targets)) {
    const field = TARGET_SCALING[key];
    if (field === undefined) {
      notCarried(['TargetScaling', key], 'it has no x-autoscaling counterpart');
      continue;
    }
    Object.assign(value, { [field]: v });
    targetPaths.set(field, ['TargetScaling', key]);
  }
  const actions = Array.isArray(x['ScheduledActions']) ? x['ScheduledActions'] : [];
  value.Schedules = actions.map((action: unknown, i) => {
    const a: Raw = isMapping(action) ? action : {};
    for (const key of Object.keys(a).filter((k) => !CARRIED_ACTION_KEYS.has(k))) {
      notCarried(['ScheduledActions', i, key], key === 'MacroParameters' ? 'compose-x names each action itself (<service>-schedule-<n>) unless ScheduledActionName does' : 'x-autoscaling.Schedules has no such field');
    }
    const target: Raw = isMapping(a['ScalableTargetAction']) ? a['ScalableTargetAction'] : {};
    return {
      Schedule: String(a['Schedule'] ?? ''),
      ...(typeof a['ScheduledActionName'] === 'string' ? { Name: a['ScheduledActionName'] } : {}),
      ...(typeof a['Timezone'] === 'string' ? { Timezone: a['Timezone'] } : {}),
      ...(typeof target['MinCapacity'] === 'number' ? { Min: target['MinCapacity'] } : {}),
      ...(typeof target['MaxCapacity'] === 'number' ? { Max: target['MaxCapacity'] } : {}),
    };
  });
  for (const key of Object.keys(x).filter((k) => !['Range', 'TargetScaling', 'ScheduledActions'].includes(k))) {
    notCarried([key], 'only Range, TargetScaling and ScheduledActions are read (step scaling on SQS queues and other resources is not rendered)');
  }
  return {
    value,
    pathOf: (field) => {
      if (Array.isArray(field)) return [...at, 'ScheduledActions', field[1], ...(SCHEDULE_FIELDS[field[2]] ?? [])];
      if (field === 'Min' || field === 'Max') return x['Range'] === undefined ? at : [...at, 'Range'];
      return [...at, ...(targetPaths.get(field) ?? ['TargetScaling'])];
    },
  };
}

/** Docker's fields, by the x-autoscaling field each becomes. */
const DOCKER_FIELDS: Readonly<Record<string, keyof XAutoscaling>> = { min: 'Min', max: 'Max', cpu: 'CpuTarget', mem: 'MemoryTarget' };

export function dockerScaling(ctx: RenderContext, service: string, at: TreePath, raw: unknown): ReadForm {
  const x: Raw = isMapping(raw) ? raw : {};
  const value: Partial<XAutoscaling> = {};
  const paths = new Map<string, TreePath>();
  for (const [key, v] of Object.entries(x)) {
    const field = DOCKER_FIELDS[key];
    if (field === undefined) {
      warn(ctx, 'W_DOCKER_NOT_CARRIED', [...at, key], `compose-x does not carry ${key} of x-aws-autoscaling: Docker's form has min, max, cpu and mem.`);
      continue;
    }
    Object.assign(value, { [field]: v });
    paths.set(field, [key]);
  }
  if (value.CpuTarget !== undefined && value.MemoryTarget !== undefined) {
    warn(ctx, 'W_DOCKER_NOT_CARRIED', [...at, 'mem'], `${service} tracks both cpu and mem, which Docker's ECS integration refused (one or the other); compose-x renders a policy for each.`);
  }
  return { value, pathOf: (field) => [...at, ...(Array.isArray(field) ? [] : (paths.get(field) ?? []))] };
}

function warn(ctx: RenderContext, code: string, path: TreePath, message: string): void {
  ctx.warn({ code, message, path, position: ctx.locate(path) });
}
