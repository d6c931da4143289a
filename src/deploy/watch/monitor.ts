/**
 * Following a stack until it settles: the status on a timer, the new events as `event`
 * messages with a done/total count, a final read of the events once the status has settled
 * (so no failure reason is lost), and a stop on Ctrl-C that leaves the stack alone.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ComposeXError } from '../../parser/diagnostics.js';
import { isStackEvent, StackEventPoller, toResourceEvent, type StackEventRecord } from './events.js';
import { Interruption } from './interruption.js';
import type { TaskWatcher } from './tasks.js';
import { DELETE_COMPLETE, describeStack, isInProgress, isSettled, type StackState } from '../stack/stack-status.js';
import type { DeployIo } from '../types.js';

/** How often to look, and for how long. */
export interface FollowOptions {
  /** Milliseconds between polls. Default: 2000. */
  pollInterval?: number;
  /** Milliseconds before giving up with E_DEPLOY_TIMEOUT; CloudFormation goes on regardless. Default: 4 hours. */
  timeout?: number;
}

/** How following ended: the stack settled, or the user pressed Ctrl-C first. */
export type Followed = { kind: 'settled'; status: string } | { kind: 'interrupted'; status: string };

const DEFAULT_POLL_INTERVAL = 2000;
const DEFAULT_TIMEOUT = 4 * 60 * 60 * 1000;

/**
 * Polls the stack's status until it settles, calling `onPoll` before each status read and
 * once more after it has settled (`settled` true). A stack that no longer exists has settled as DELETE_COMPLETE.
 */
async function follow(cf: CloudFormationClient, stack: string, options: FollowOptions, io: Pick<DeployIo, 'interrupted'>, onPoll: (settled: boolean) => Promise<void>): Promise<Followed> {
  const { pollInterval = DEFAULT_POLL_INTERVAL, timeout = DEFAULT_TIMEOUT } = options;
  const deadline = Date.now() + timeout;
  const interruption = new Interruption(io.interrupted);
  for (;;) {
    await onPoll(false);
    const status = (await describeStack(cf, stack))?.status ?? DELETE_COMPLETE;
    if (isSettled(status)) {
      await onPoll(true);
      return { kind: 'settled', status };
    }
    if (Date.now() > deadline) {
      throw new ComposeXError(
        'E_DEPLOY_TIMEOUT',
        `gave up following ${stack} after ${Math.round(timeout / 60_000)} min: it is still ${status}, and CloudFormation carries on without compose-x.`,
      );
    }
    if (await interruption.pause(pollInterval)) return { kind: 'interrupted', status };
  }
}

/** Waits, without reporting events, until the stack (name or ARN) settles. */
export async function waitForStack(cf: CloudFormationClient, stack: string, options: FollowOptions, io: Pick<DeployIo, 'interrupted'>): Promise<Followed> {
  return follow(cf, stack, options, io, async () => undefined);
}

/**
 * The stack by name when it exists, once settled: a stack in progress (another deployment, a
 * rollback) is waited for after a `waiting-for-stack` message, never raced.
 */
export async function settledStack(
  cf: CloudFormationClient,
  stackName: string,
  options: FollowOptions,
  io: DeployIo,
): Promise<{ kind: 'settled'; stack: StackState | undefined } | { kind: 'interrupted'; status: string }> {
  const stack = await describeStack(cf, stackName);
  if (!stack || !isInProgress(stack.status)) return { kind: 'settled', stack };
  io.emit({ kind: 'waiting-for-stack', status: stack.status });
  const waited = await waitForStack(cf, stack.id, options, io);
  if (waited.kind === 'interrupted') return waited;
  return { kind: 'settled', stack: await describeStack(cf, stackName) };
}

/** The n of "n/total": resources of the followed stack (not nested stacks', not the stack itself) that finished. */
class ProgressCount {
  private readonly finished = new Set<string>();

  constructor(readonly total: number) {}

  record(event: StackEventRecord): number {
    const done = event.status.endsWith('_COMPLETE') || event.status.endsWith('_FAILED') || event.status === 'DELETE_SKIPPED';
    if (done && !event.nested && !isStackEvent(event)) this.finished.add(event.logicalId);
    return Math.min(this.finished.size, this.total);
  }
}

/** What to follow. */
export interface MonitorOptions extends FollowOptions {
  /** The stack name or, better, its ARN (which still answers once the stack is deleted). */
  stack: string;
  /** The newest event before the operation began (`latestEventId`): only later events are reported. */
  afterEventId?: string;
  /** The resources the operation touches, for the done/total count. */
  total: number;
}

/**
 * Follows the stack until its status settles, emitting each new event (nested stacks'
 * included) as `{kind: 'event', event, done, total}`. On Ctrl-C (`io.interrupted`) it stops
 * watching and returns the last status seen; nothing is cancelled or deleted. Returns every
 * event reported, for the root cause. `tasks`, when given, watches the ECS tasks of the
 * services the events name, on each poll.
 */
export async function monitorStack(cf: CloudFormationClient, options: MonitorOptions, io: DeployIo, tasks?: TaskWatcher): Promise<Followed & { events: StackEventRecord[] }> {
  const poller = new StackEventPoller(cf, options.stack, options.afterEventId !== undefined ? { afterEventId: options.afterEventId } : {});
  const progress = new ProgressCount(options.total);
  const events: StackEventRecord[] = [];
  const followed = await follow(cf, options.stack, options, io, async (settled) => {
    const fresh = await poller.poll();
    for (const event of fresh) {
      events.push(event);
      io.emit({ kind: 'event', event: toResourceEvent(event), done: progress.record(event), total: progress.total });
    }
    await tasks?.poll(fresh, settled);
  });
  return { ...followed, events };
}
