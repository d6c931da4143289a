/**
 * The deploy layer: what the CLI calls to deploy (`up`), preview (`plan`, `diff`), delete
 * (`down`), cancel (`cancel`) and inspect (`ps`) a stack, read its services' logs (`logs`)
 * and run one-off tasks of them (`run`). It reports progress through
 * `DeployIo` and never prints. Every entry point throws AWS's errors explained
 * (src/deploy/aws-errors.ts): the cause, the action, and what to do.
 */
import { explained } from './aws-errors.js';
import { cancel as cancelStack } from './cancel.js';
import { down as deleteStack } from './down.js';
import { logs as serviceLogs } from './logs/logs.js';
import { exec as execCommand } from './operate/exec.js';
import { ls as listStacks, type LsOptions, type StackListing } from './operate/ls.js';
import { plan as planStack } from './plan.js';
import { ps as stackTasks } from './ps.js';
import { run as runTask } from './operate/run.js';
import { deployedTemplate as templateOf } from './template-diff.js';
import type { AwsTarget } from './types.js';
import { up as deploy } from './up.js';
import { lookup as lookUp } from './lookup/lookup.js';

const given = (target: AwsTarget): AwsTarget => target;

export const up = explained(deploy, (options) => options.target);
export const plan = explained(planStack, (options) => options.target);
export const down = explained(deleteStack, (options) => options.target);
export const cancel = explained(cancelStack, given);
export const ps = explained(stackTasks, given);
export const logs = explained(serviceLogs, (options) => options.target);
export const run = explained(runTask, (options) => options.target);
export const exec = explained(execCommand, given);
export const ls = explained<[AwsTarget, LsOptions?], StackListing[]>(listStacks, given);
export const deployedTemplate = explained(templateOf, given);
export const lookup = explained(lookUp, given);
export type { LookupResult } from './lookup/lookup.js';
export { diffTemplates, type ResourceDifference } from './template-diff.js';
export type { DownOptions, DownResult } from './down.js';
export type { PlanOptions, PlanResult } from './plan.js';
export type { LsOptions, StackListing } from './operate/ls.js';
export type { ServiceStatus, TaskStatus } from './ps.js';
export type { LogEvent, LogsOptions } from './logs/logs.js';
export type { RunOptions, RunResult, StartedTask } from './operate/run.js';
export type { JobRun, JobSchedule } from './operate/scheduled-jobs.js';
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
  StoppedTask,
  UpOptions,
} from './types.js';
