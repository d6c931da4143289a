/**
 * `x-schedule` (schemas/x-schedule.json): a service that is a scheduled job, run by an
 * EventBridge Scheduler schedule (src/render/schedule/), not a long-running ECS service. Read
 * here because the support checks (restart: "no") and the render both ask.
 */
import { isMapping } from '../parser/mapping.js';
import type { Project, Service } from '../parser/model.js';

/** x-schedule, in its long form. */
export interface Schedule {
  expression: string;
  timezone?: string;
  enabled: boolean;
  /** Minutes of the flexible time window; undefined: OFF. */
  flexibleWindow?: number;
}

/** The schedule of a service; undefined when it has none. */
export function scheduleOf(service: Service | undefined): Schedule | undefined {
  const raw = service?.extensions['x-schedule'];
  if (typeof raw === 'string') return { expression: raw, enabled: true };
  if (!isMapping(raw)) return undefined;
  const x = raw as { Expression: string; Timezone?: string; Enabled?: boolean; FlexibleWindow?: number };
  return {
    expression: x.Expression,
    enabled: x.Enabled ?? true,
    ...(x.Timezone ? { timezone: x.Timezone } : {}),
    ...(x.FlexibleWindow !== undefined ? { flexibleWindow: x.FlexibleWindow } : {}),
  };
}

/** Whether the project's service `name` is a scheduled job. */
export function isScheduled(project: Project, name: string): boolean {
  return scheduleOf(project.services[name]) !== undefined;
}
