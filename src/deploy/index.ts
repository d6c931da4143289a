/**
 * The deploy layer: what the CLI calls to deploy (`up`), preview (`plan`, `diff`), delete
 * (`down`), cancel (`cancel`) and inspect (`ps`) a stack. It reports progress through
 * `DeployIo` and never prints.
 */
export { cancel } from './cancel.js';
export { down, type DownOptions, type DownResult } from './down.js';
export { plan, type PlanOptions, type PlanResult } from './plan.js';
export { ps, type ServiceStatus, type TaskStatus } from './ps.js';
export { deployedTemplate, diffTemplates } from './template-diff.js';
export { up } from './up.js';
export type {
  AwsTarget,
  ChangeAction,
  ChangeRow,
  DeployIo,
  DeployMessage,
  DeployResult,
  DeployTemplates,
  ResourceEvent,
  RootCause,
  UpOptions,
} from './types.js';
