/**
 * `exec`: a command in a running container through ECS Exec, as the AWS CLI's
 * `aws ecs execute-command` does it (awscli/customizations/ecs/executecommand.py): ExecuteCommand,
 * then the Session Manager plugin with the session, the region, `StartSession`, the profile,
 * the target `ecs:<cluster>_<task id>_<container runtime id>` and the ECS endpoint.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { DescribeServicesCommand, DescribeTasksCommand, ExecuteCommandCommand, paginateListTasks, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { ComposeXError } from '../../parser/diagnostics.js';
import { cloudFormation, ecs } from '../clients.js';
import { describeStack } from '../stack/stack-status.js';
import type { AwsTarget } from '../types.js';

export const SESSION_MANAGER_PLUGIN = 'session-manager-plugin';
const PLUGIN_INSTALL_URL = 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html';

export interface ExecOptions {
  stackName: string;
  service: string;
  /** The command and its arguments; `/bin/sh` when empty. */
  command: string[];
  /** A task ID (or ARN) instead of a running task of the service. */
  task?: string;
  /** Default: the service's own container, named after it. */
  container?: string;
}

/** The file of an executable on the PATH, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter).filter((d) => d !== '')) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      continue;
    }
  }
  return undefined;
}

function notEnabled(service: string): ComposeXError {
  return new ComposeXError(
    'E_EXEC_NOT_ENABLED',
    `ECS Exec is not enabled on the tasks of service "${service}". Set \`x-exec: true\` on it in the compose file and run \`compose-x up\` first (tasks started before that cannot be reached).`,
  );
}

/** The ECS service of a compose service in the stack (its `compose-x:service` tag), and the cluster. */
async function stackService(client: ECSClient, outputs: Record<string, string>, service: string): Promise<{ cluster: string; serviceName?: string; execEnabled: boolean }> {
  const cluster = outputs['ClusterName'];
  if (!cluster) throw new ComposeXError('E_EXEC_NO_CLUSTER', 'the stack has no ClusterName output: was it deployed by compose-x up?');
  const names = Object.entries(outputs).flatMap(([key, value]) => (key.endsWith('ServiceName') ? [value] : []));
  for (let i = 0; i < names.length; i += 10) {
    const { services = [] } = await client.send(new DescribeServicesCommand({ cluster, services: names.slice(i, i + 10), include: ['TAGS'] }));
    const found = services.find((s) => s.tags?.some((tag) => tag.key === 'compose-x:service' && tag.value === service) ?? false);
    if (found) return { cluster, ...(found.serviceName ? { serviceName: found.serviceName } : {}), execEnabled: found.enableExecuteCommand === true };
  }
  throw new ComposeXError('E_EXEC_NO_SERVICE', `the stack has no ECS service for "${service}"${Object.keys(outputs).some((k) => k.endsWith('ScheduleName')) ? ' (a scheduled job has no running service: pass --task with the ID of one of its running tasks)' : ''}.`);
}

/** The running task to open the session in: the one given, else the first running task of the service by ID. */
async function runningTask(client: ECSClient, cluster: string, options: ExecOptions, serviceName: string | undefined): Promise<Task> {
  const arns: string[] = [];
  if (options.task) arns.push(options.task);
  else {
    for await (const page of paginateListTasks({ client }, { cluster, serviceName, desiredStatus: 'RUNNING' })) arns.push(...(page.taskArns ?? []));
  }
  const { tasks = [] } = arns.length > 0 ? await client.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(0, 100) })) : {};
  const running = tasks.filter((task) => task.lastStatus === 'RUNNING').sort((a, b) => ((a.taskArn ?? '') < (b.taskArn ?? '') ? -1 : 1));
  const task = running[0];
  if (!task) {
    throw new ComposeXError('E_EXEC_NO_TASK', options.task ? `task ${options.task} is not running in cluster ${cluster}.` : `service "${options.service}" has no running task: see \`compose-x ps\`.`);
  }
  return task;
}

/**
 * Opens the session and runs the plugin on this terminal; resolves with the plugin's exit
 * code. Without the plugin on the PATH, says how to install it, before any call to AWS.
 */
export async function exec(target: AwsTarget, options: ExecOptions): Promise<number> {
  const plugin = onPath(SESSION_MANAGER_PLUGIN);
  if (!plugin) {
    throw new ComposeXError('E_EXEC_NO_PLUGIN', `compose-x exec needs the AWS Session Manager plugin (${SESSION_MANAGER_PLUGIN}) on the PATH, as aws ecs execute-command does. Install it: ${PLUGIN_INSTALL_URL}`);
  }
  const outputs = (await describeStack(cloudFormation(target), options.stackName))?.outputs;
  if (!outputs) throw new ComposeXError('E_EXEC_NO_STACK', `there is no stack ${options.stackName}: run compose-x up first.`);
  const client = ecs(target);
  const found = options.task ? { cluster: outputs['ClusterName'] ?? '', execEnabled: true } : await stackService(client, outputs, options.service);
  if (!found.execEnabled) throw notEnabled(options.service);
  const task = await runningTask(client, found.cluster, options, 'serviceName' in found ? found.serviceName : undefined);
  if (task.enableExecuteCommand !== true) throw notEnabled(options.service);
  const containerName = options.container ?? options.service;
  const container = task.containers?.find((c) => c.name === containerName);
  if (!container?.runtimeId) {
    const names = (task.containers ?? []).map((c) => c.name).join(', ');
    throw new ComposeXError('E_EXEC_NO_CONTAINER', `task ${task.taskArn ?? ''} has no running container "${containerName}" (its containers: ${names}); pick one with --container.`);
  }
  const response = await client.send(
    new ExecuteCommandCommand({ cluster: found.cluster, task: task.taskArn, container: containerName, interactive: true, command: options.command.length > 0 ? options.command.join(' ') : '/bin/sh' }),
  );
  const clusterName = (response.clusterArn ?? found.cluster).split('/').pop() ?? '';
  const taskId = (response.taskArn ?? task.taskArn ?? '').split('/').pop() ?? '';
  const region = await client.config.region();
  const endpoint = target.endpoint ?? `https://ecs.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  const args = [
    JSON.stringify(response.session ?? {}),
    region,
    'StartSession',
    target.profile ?? process.env['AWS_PROFILE'] ?? '',
    JSON.stringify({ Target: `ecs:${clusterName}_${taskId}_${container.runtimeId}` }),
    endpoint,
  ];
  return runPlugin(plugin, args);
}

/** The plugin on this terminal; Ctrl-C and the like go to it (the session), not to compose-x, as the AWS CLI ignores them meanwhile. */
function runPlugin(plugin: string, args: string[]): Promise<number> {
  const ignore = (): void => undefined;
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTSTP'];
  for (const signal of signals) process.on(signal, ignore);
  return new Promise<number>((resolve, reject) => {
    const child = spawn(plugin, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  }).finally(() => {
    for (const signal of signals) process.off(signal, ignore);
  });
}
