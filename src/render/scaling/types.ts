/** The scaling plan of a service, and x-autoscaling as schemas/x-autoscaling.json allows it. */
import type { TreePath } from '../../parser/diagnostics.js';

/** A scheduled change of the range. */
export interface ScalingSchedule {
  name: string;
  schedule: string;
  timezone?: string;
  min?: number;
  max?: number;
}

/** The metrics target tracking follows, and the value each keeps. */
export interface ScalingTargets {
  cpu?: number;
  memory?: number;
  requests?: number;
}

export interface ScalingPlan {
  min: number;
  max: number;
  targets: ScalingTargets;
  /** Seconds. */
  scaleInCooldown?: number;
  scaleOutCooldown?: number;
  disableScaleIn: boolean;
  schedules: ScalingSchedule[];
  /** Where each field of the plan was written, for errors: the plan's own path, and each field's. */
  at: TreePath;
  pathOf: (field: ScalingField) => TreePath;
}

export type ScalingField = 'Min' | 'Max' | 'CpuTarget' | 'MemoryTarget' | 'RequestsPerTarget' | 'ScaleInCooldown' | 'ScaleOutCooldown' | ['Schedules', number, string];

/** x-autoscaling as schemas/x-autoscaling.json allows it. */
export interface XAutoscaling {
  Min?: number;
  Max: number;
  CpuTarget?: number;
  MemoryTarget?: number;
  RequestsPerTarget?: number;
  ScaleInCooldown?: number | string;
  ScaleOutCooldown?: number | string;
  DisableScaleIn?: boolean;
  Schedules?: { Name?: string; Schedule: string; Timezone?: string; Min?: number; Max?: number }[];
}
