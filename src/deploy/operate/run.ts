/**
 * `run`: a one-off task of a deployed service, as `docker compose run` starts a one-off
 * container: the service's task definition, cluster, network configuration and capacity
 * provider strategy (or launch type), read from the ECS service; the command and environment
 * overridden; the task's logs followed until it stops, and its container's exit code.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type RunTaskCommandInput,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { ComposeXError } from '../../parser/diagnostics.js';
import { splitShellWords } from '../../parser/syntax/shell-words.js';
import { cloudFormation, cloudWatchLogs, ecs } from '../clients.js';
import { serviceLogGroups } from '../logs/logs.js';
import { follow, type LogEvent } from '../logs/log-reader.js';
import { stackServices } from '../ps.js';
import { composeServiceOf } from '../stack/compose-service.js';
import type { AwsTarget } from '../types.js';

export interface RunOptions {
  target: AwsTarget;
  stackName: string;
  service: string;
  /** The container's command, as argv; none: the image's. */
  command: string[];
  environment: Record<string, string>;
  /** Replaces the image's entrypoint (split as a shell would), through a copy of the task definition (ECS overrides no entrypoint). */
  entrypoint?: string;
  /** Start the task and return. */
  detach: boolean;
  /** Ends following: the task is stopped. */
  signal?: AbortSignal;
  onStarted(task: StartedTask): void;
  onEvent(event: LogEvent): void;
}

export interface StartedTask {
  cluster: string;
  taskArn: string;
  taskId: string;
}

export interface RunResult extends StartedTask {
  /** The exit code of the service's container; absent when detached or interrupted. */
  exitCode?: number;
  /** Set when the task was stopped by Ctrl-C. */
  interrupted?: boolean;
}

const STARTED_BY = 'compose-x run';
const TASK_POLL_MS = 3_000;

/** The ECS service that runs the compose service `service`, found by its `compose-x:service` tag. */
async function deployedService(target: AwsTarget, stackName: string, service: string): Promise<Service> {
  const members = await stackServices(cloudFormation(target), stackName);
  const client = ecs(target);
  const names: string[] = [];
  for (const member of members) {
    const { services = [] } = await client.send(new DescribeServicesCommand({ cluster: member.cluster, services: [member.arn], include: ['TAGS'] }));
    for (const found of services) {
      const name = composeServiceOf(found, member.logicalId);
      if (name === service) return found;
      names.push(name);
    }
  }
  throw new ComposeXError('E_NO_SUCH_SERVICE', `no such service: ${service} (the ECS services of stack ${stackName}: ${names.sort().join(', ') || 'none'}).`);
}

/**
 * A copy of the task definition with the service's container's entrypoint replaced, in the
 * family `<family>-run`: RunTask's container overrides have a command and no entrypoint
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerOverride.html).
 */
async function withEntrypoint(client: ECSClient, taskDefinition: string, container: string, entryPoint: string[]): Promise<string> {
  const { taskDefinition: current } = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
  if (!current) throw new ComposeXError('E_RUN', `ECS does not describe the task definition ${taskDefinition}.`);
  const { taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy, deregisteredAt, ...copy } = current;
  const containerDefinitions = (copy.containerDefinitions ?? []).map((definition) => (definition.name === container ? { ...definition, entryPoint } : definition));
  const registered = await client.send(new RegisterTaskDefinitionCommand({ ...copy, family: `${copy.family ?? container}-run`, containerDefinitions }));
  return registered.taskDefinition?.taskDefinitionArn ?? '';
}

/** RunTask's input: the service's task definition, network and capacity, the overrides. */
function runTaskInput(service: Service, taskDefinition: string, options: RunOptions): RunTaskCommandInput {
  const environment = Object.entries(options.environment).map(([name, value]) => ({ name, value }));
  return {
    cluster: service.clusterArn,
    taskDefinition,
    count: 1,
    startedBy: STARTED_BY,
    ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
    ...(service.capacityProviderStrategy?.length ? { capacityProviderStrategy: service.capacityProviderStrategy } : { launchType: service.launchType ?? 'FARGATE' }),
    ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
    ...(service.enableExecuteCommand ? { enableExecuteCommand: true } : {}),
    propagateTags: 'TASK_DEFINITION',
    tags: [{ key: 'compose-x:service', value: options.service }],
    overrides: {
      containerOverrides: [{ name: options.service, ...(options.command.length > 0 ? { command: options.command } : {}), ...(environment.length > 0 ? { environment } : {}) }],
    },
  };
}

async function describeTask(client: ECSClient, cluster: string, taskArn: string): Promise<Task | undefined> {
  return (await client.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }))).tasks?.[0];
}

/** The exit code of the stopped task's service container, or the error of a task it never ran in. */
function exitCodeOf(task: Task, service: string): number {
  const container = task.containers?.find((candidate) => candidate.name === service) ?? task.containers?.[0];
  if (container?.exitCode !== undefined) return container.exitCode;
  const reasons = [task.stoppedReason, container?.reason].filter((reason): reason is string => Boolean(reason));
  throw new ComposeXError('E_TASK_NOT_STARTED', `the task of ${service} stopped before its container ran: ${reasons.join(': ') || task.stopCode || 'ECS gives no reason'}.`);
}

/** Starts the one-off task; unless detached, follows its logs until it stops and returns its container's exit code. */
export async function run(options: RunOptions): Promise<RunResult> {
  const client = ecs(options.target);
  const service = await deployedService(options.target, options.stackName, options.service);
  const [group] = options.detach ? [] : await serviceLogGroups(options.target, options.stackName, [options.service], false);
  const deployed = service.taskDefinition ?? '';
  const taskDefinition = options.entrypoint ? await withEntrypoint(client, deployed, options.service, splitShellWords(options.entrypoint)) : deployed;
  const begun = Date.now();
  const answer = await client.send(new RunTaskCommand(runTaskInput(service, taskDefinition, options)));
  const taskArn = answer.tasks?.[0]?.taskArn;
  if (!taskArn) {
    const failures = (answer.failures ?? []).map((failure) => [failure.reason, failure.detail].filter(Boolean).join(': ')).join('; ');
    throw new ComposeXError('E_RUN', `ECS did not start the task of ${options.service}: ${failures || 'RunTask returned no task'}.`);
  }
  const started = { cluster: service.clusterArn ?? '', taskArn, taskId: taskArn.split('/').pop() ?? taskArn };
  options.onStarted(started);
  if (options.detach || !group) return started;
  let stopped: Task | undefined;
  let checked = 0;
  const finished = async (): Promise<boolean> => {
    if (Date.now() - checked < TASK_POLL_MS) return false;
    checked = Date.now();
    const task = await describeTask(client, started.cluster, taskArn);
    if (task?.lastStatus === 'STOPPED') stopped = task;
    return stopped !== undefined;
  };
  const read = { sources: [{ group, taskId: started.taskId }], proxy: false, start: begun, printed: [], finished, ...(options.signal ? { signal: options.signal } : {}) };
  await follow(cloudWatchLogs(options.target), read, options.onEvent);
  if (!stopped) {
    await client.send(new StopTaskCommand({ cluster: started.cluster, task: taskArn, reason: 'Stopped by compose-x run (Ctrl-C)' }));
    return { ...started, interrupted: true };
  }
  return { ...started, exitCode: exitCodeOf(stopped, options.service) };
}
