/**
 * The scheduled jobs of a stack for `ps` (x-schedule, src/render/schedule/): each job's
 * schedule and its last run, the most recent task of its task definition family that EventBridge
 * Scheduler started (it sets the task's startedBy to `chronos-schedule/<schedule name>`).
 */
import { DescribeTasksCommand, paginateListTasks, type DesiredStatus, type ECSClient, type Task } from '@aws-sdk/client-ecs';

/** startedBy of the tasks EventBridge Scheduler runs. */
const SCHEDULER_STARTED_BY = 'chronos-schedule/';

/** The last run of a scheduled job. */
export interface JobRun {
  taskId: string;
  lastStatus: string;
  /** ISO 8601. */
  startedAt?: string;
  /** The exit code of the job's container, once it stopped. */
  exitCode?: number;
  stoppedReason?: string;
}

/** A scheduled job of the stack. */
export interface JobSchedule {
  expression: string;
  lastRun?: JobRun;
}

/** A job found in the stack: its compose service, schedule name and expression (the outputs), and its task definition's family. */
export interface StackJob {
  logicalStem: string;
  service: string;
  scheduleName: string;
  expression: string;
  family?: string;
}

/** The jobs of the root stack's outputs (`<Id>ScheduleName`, `<Id>ScheduleExpression`, `<Id>LogGroupName`); `families` by `<Id>TaskDefinition`. */
export function stackJobs(outputs: Record<string, string>, taskDefinitionArns: Record<string, string>): StackJob[] {
  return Object.keys(outputs)
    .filter((key) => key.endsWith('ScheduleName'))
    .map((key) => {
      const stem = key.slice(0, -'ScheduleName'.length);
      const family = /:task-definition\/(.+):\d+$/.exec(taskDefinitionArns[`${stem}TaskDefinition`] ?? '')?.[1];
      return {
        logicalStem: stem,
        service: outputs[`${stem}LogGroupName`]?.split('/').pop() ?? stem,
        scheduleName: outputs[key] ?? '',
        expression: outputs[`${stem}ScheduleExpression`] ?? '',
        ...(family ? { family } : {}),
      };
    });
}

async function familyTasks(client: ECSClient, cluster: string, family: string): Promise<string[]> {
  const arns: string[] = [];
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as DesiredStatus[]) {
    for await (const page of paginateListTasks({ client }, { cluster, family, desiredStatus })) arns.push(...(page.taskArns ?? []));
  }
  return arns;
}

/** The job's last run: its most recent task started by the scheduler; undefined before the first. */
export async function lastRun(client: ECSClient, cluster: string, job: StackJob): Promise<JobRun | undefined> {
  if (!job.family) return undefined;
  const arns = await familyTasks(client, cluster, job.family);
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    tasks.push(...((await client.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }))).tasks ?? []));
  }
  const time = (task: Task): number => (task.createdAt ?? task.startedAt ?? new Date(0)).getTime();
  const last = tasks.filter((task) => task.startedBy?.startsWith(SCHEDULER_STARTED_BY)).sort((a, b) => time(b) - time(a))[0];
  if (!last) return undefined;
  const exitCode = last.containers?.find((c) => c.name === job.service)?.exitCode;
  return {
    taskId: (last.taskArn ?? '').split('/').pop() ?? '',
    lastStatus: last.lastStatus ?? 'UNKNOWN',
    ...(last.startedAt ? { startedAt: last.startedAt.toISOString() } : {}),
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(last.stoppedReason ? { stoppedReason: last.stoppedReason } : {}),
  };
}
