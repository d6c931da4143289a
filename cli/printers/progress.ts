import type { DeployMessage, ResourceEvent, StoppedTask } from '../../src/deploy/types.js';
import { formatBroadening } from './broadening.js';
import { formatChangeSet } from './change-set.js';
import { eraseLine, type Paint } from '../io/colour.js';

/** Prints what the deploy layer reports: plain lines in CI, one redrawn status line at a terminal. */
export interface ActivityPrinter {
  print(message: DeployMessage): void;
  /** Ends a redrawn line before other output. */
  flush(): void;
}

function statusStyle(status: string): 'red' | 'green' | 'yellow' | 'dim' {
  if (status.includes('FAILED') || status.includes('ROLLBACK')) return 'red';
  if (status.endsWith('_COMPLETE')) return 'green';
  if (status.endsWith('_IN_PROGRESS')) return 'yellow';
  return 'dim';
}

function eventLine(event: ResourceEvent, done: number, total: number, paint: Paint): string {
  const time = event.timestamp.toISOString().slice(11, 19);
  const where = event.stackName ? `${event.stackName}/` : '';
  const reason = event.reason ? `  ${event.reason}` : '';
  return `${time}  [${done}/${total}]  ${paint(event.status.padEnd(20), statusStyle(event.status))}  ${event.type.padEnd(36)}  ${where}${event.logicalId}${reason}`;
}

/** Why a task stopped, on one line: `web task 0a1b2c stopped: Essential container in task exited (EssentialContainerExited)`. */
export function stoppedTaskLine(task: StoppedTask): string {
  return `${task.service} task ${task.taskId} stopped: ${task.stoppedReason}${task.stopCode ? ` (${task.stopCode})` : ''}`;
}

/** Each container that said something: `container web: exit code 1: OutOfMemoryError`. */
export function stoppedContainerLines(task: StoppedTask): string[] {
  return task.containers.map(({ name, exitCode, reason }) => {
    const said = [...(exitCode !== undefined ? [`exit code ${exitCode}`] : []), ...(reason ? [reason] : [])];
    return `container ${name}: ${said.join(': ')}`;
  });
}

function taskLines(task: StoppedTask, paint: Paint): string {
  const time = (task.stoppedAt ?? new Date()).toISOString().slice(11, 19);
  const details = stoppedContainerLines(task).map((line) => `\n          ${line}`).join('');
  return `${time}  ${paint('TASK STOPPED'.padEnd(20), 'red')}  ${stoppedTaskLine(task)}${details}`;
}

function otherLine(stack: string, message: Exclude<DeployMessage, { kind: 'event' }>, paint: Paint): string {
  switch (message.kind) {
    case 'uploaded':
      return `${message.reused ? 'template already in S3' : 'uploaded template'}: ${message.url}`;
    case 'waiting-for-stack':
      return `${stack} is ${message.status}: waiting for it to finish first`;
    case 'change-set':
      return formatChangeSet(stack, message.changeSetType, message.changes, paint);
    case 'broadening':
      return formatBroadening(stack, message.broadening, paint);
    case 'executing':
      return `executing ${message.changeSetName}`;
    case 'deleting-failed-stack':
      return `deleting ${stack}, left in ${message.status} by a failed create (--replace-failed)`;
    case 'images-stack':
      return message.outcome === 'up-to-date' ? `${message.stackName}: the image repositories are up to date` : `${message.stackName}: deploying the image repositories`;
    case 'image':
      if (message.outcome === 'present') return `image of ${message.service} already built: ${message.uri}`;
      return message.outcome === 'building'
        ? `building the image of ${message.service}${message.site === 'remote' ? ' in AWS CodeBuild' : ''}: ${message.uri}`
        : `built and pushed the image of ${message.service}: ${message.uri}`;
    case 'build-output':
      return paint(`  ${message.service} | ${message.line}`, 'dim');
    case 'task-stopped':
      return taskLines(message.task, paint);
    case 'tasks-unwatched':
      return paint(`not watching the ECS tasks any more: ${message.reason}`, 'yellow');
  }
}

/** History: every message on its own line (CI logs, pipes). */
export function historyPrinter(stack: string, out: NodeJS.WritableStream, paint: Paint): ActivityPrinter {
  return {
    print: (m) => out.write(`${m.kind === 'event' ? eventLine(m.event, m.done, m.total, paint) : otherLine(stack, m, paint)}\n`),
    flush: () => undefined,
  };
}

/**
 * Current: at a terminal, failures and finished resources scroll as lines, while one
 * status line at the bottom redraws with the count (done/total) and the latest resource.
 */
export function currentPrinter(stack: string, out: NodeJS.WriteStream, paint: Paint): ActivityPrinter {
  let pending = false;
  const clear = (): void => {
    if (pending) eraseLine(out);
    pending = false;
  };
  return {
    print(m) {
      clear();
      if (m.kind !== 'event') {
        out.write(`${otherLine(stack, m, paint)}\n`);
        return;
      }
      const line = eventLine(m.event, m.done, m.total, paint);
      if (m.event.status.includes('FAILED') || m.event.status.endsWith('_COMPLETE')) out.write(`${line}\n`);
      const width = out.columns ?? 120;
      out.write(`${stack}: ${m.done}/${m.total} resources  ${m.event.logicalId} ${m.event.status}`.slice(0, width - 1));
      pending = true;
    },
    flush: clear,
  };
}
