/**
 * A stopped ECS task as compose-x reports it: why the task stopped and, per container, its
 * exit code and reason; which of a deployment's stopped tasks explains its failure; the most
 * recent stopped task of a service, for `ps`.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { StoppedContainer, StoppedTask } from '../types.js';

/** The ECS service a task belongs to, as compose-x names it. */
export interface TaskOwner {
  service: string;
  logicalId: string;
}

/** API batch limits: DescribeServices takes 10 services, DescribeTasks 100 tasks. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** ECS has stopped the task, or stopped every one of its containers (so their exit codes are known). */
export function hasStopped(task: Task): boolean {
  if (task.lastStatus === 'STOPPED') return true;
  const containers = task.containers ?? [];
  return task.desiredStatus === 'STOPPED' && containers.length > 0 && containers.every((container) => container.lastStatus === 'STOPPED');
}

/** The task's id: the last part of its ARN. */
export function taskId(taskArn: string): string {
  return taskArn.split('/').pop() ?? taskArn;
}

/** The task's stop as compose-x reports it; containers without an exit code or a reason say nothing and are left out. */
export function toStoppedTask(task: Task, owner: TaskOwner): StoppedTask {
  const containers: StoppedContainer[] = (task.containers ?? []).flatMap((container) => {
    const said = { ...(container.exitCode !== undefined ? { exitCode: container.exitCode } : {}), ...(container.reason ? { reason: container.reason } : {}) };
    return Object.keys(said).length > 0 ? [{ name: container.name ?? '', ...said }] : [];
  });
  const stoppedAt = task.stoppedAt ?? task.stoppingAt;
  return {
    service: owner.service,
    logicalId: owner.logicalId,
    taskId: taskId(task.taskArn ?? ''),
    ...(stoppedAt ? { stoppedAt } : {}),
    stoppedReason: task.stoppedReason ?? 'no reason given',
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    containers,
  };
}

/** A task the scheduler stopped to scale in or to replace a deployment: it did not fail. */
function wasScaledIn(task: StoppedTask): boolean {
  return /^Scaling activity initiated by/.test(task.stoppedReason);
}

/**
 * The stopped task that explains a failed deployment: the first one of the service whose
 * CloudFormation event failed (`logicalId`), else the first one; tasks stopped by a scale-in
 * only when no other task stopped.
 */
export function explainingTask(stopped: readonly StoppedTask[], logicalId: string | undefined): StoppedTask | undefined {
  const failed = stopped.filter((task) => !wasScaledIn(task));
  const candidates = failed.length > 0 ? failed : stopped;
  return candidates.find((task) => task.logicalId === logicalId) ?? candidates[0];
}

/** The task that stopped last (by stoppedAt, else stoppingAt); undefined when none has. */
export function latestStopped(tasks: readonly Task[]): Task | undefined {
  const time = (task: Task): number => (task.stoppedAt ?? task.stoppingAt ?? new Date(0)).getTime();
  return tasks.filter((task) => task.desiredStatus === 'STOPPED' || task.lastStatus === 'STOPPED').reduce<Task | undefined>((latest, task) => (latest === undefined || time(task) > time(latest) ? task : latest), undefined);
}
