/**
 * `down`: delete a stack, after a confirmation, following its events to DELETE_COMPLETE and
 * listing the resources its DeletionPolicy kept.
 */
import { DeleteStackCommand, ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { lostContact } from './aws-errors.js';
import { cloudFormation } from './clients.js';
import { deleteImagesStack } from './images/publish.js';
import { latestEventId, toResourceEvent } from './watch/events.js';
import { monitorStack, settledStack, type FollowOptions } from './watch/monitor.js';
import { rootCause } from './watch/root-cause.js';
import { DELETE_COMPLETE, describeStack } from './stack/stack-status.js';
import type { AwsTarget, DeployIo, ResourceEvent, RootCause } from './types.js';

export interface DownOptions {
  target: AwsTarget;
  stackName: string;
  /** Skip the confirmation. */
  yes: boolean;
  /** Milliseconds between event polls (tests use 0). Default: 2000. */
  pollInterval?: number;
}

/** The outcome of `down`; exit code 0 for `deleted` and `absent`. */
export type DownResult =
  | { kind: 'deleted'; retained: ResourceEvent[] }
  | { kind: 'absent' }
  | { kind: 'declined' }
  | { kind: 'failed'; status: string; rootCause?: RootCause }
  | { kind: 'interrupted'; status: string };

/** The resources of the stack itself (not its nested stacks'), for the done/total count. */
async function resourceCount(cf: CloudFormationClient, stackId: string): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await cf.send(new ListStackResourcesCommand({ StackName: stackId, ...(nextToken ? { NextToken: nextToken } : {}) }));
    count += page.StackResourceSummaries?.length ?? 0;
    nextToken = page.NextToken;
  } while (nextToken);
  return count;
}

/**
 * Deletes the stack: `absent` when there is none; unless `yes`, asks
 * `Delete the stack <name> and its resources?` (`declined` on no); waits for an operation in
 * progress (`waiting-for-stack`), then deletes and follows it (`event` messages) to `deleted`,
 * with the resources kept by their DeletionPolicy (DELETE_SKIPPED events, nested stacks'
 * included); `failed` with the root cause (DELETE_FAILED); `interrupted` on Ctrl-C. Then the
 * images stack compose-x made for the project's builds (`<stack>-images`, known by its tag)
 * is deleted too, its repositories emptied.
 */
export async function down(options: DownOptions, io: DeployIo): Promise<DownResult> {
  const cf = cloudFormation(options.target);
  const { stackName } = options;
  const follow: FollowOptions = options.pollInterval !== undefined ? { pollInterval: options.pollInterval } : {};
  if (!(await describeStack(cf, stackName))) return { kind: 'absent' };
  if (!options.yes && !(await io.confirm(`Delete the stack ${stackName} and its resources?`))) return { kind: 'declined' };
  const settled = await settledStack(cf, stackName, follow, io);
  if (settled.kind === 'interrupted') return settled;
  const { stack } = settled;
  if (!stack) return { kind: 'absent' };
  const afterEventId = await latestEventId(cf, stack.id);
  const total = await resourceCount(cf, stack.id);
  await cf.send(new DeleteStackCommand({ StackName: stack.id }));
  const monitored = await monitorStack(cf, { stack: stack.id, total, ...(afterEventId !== undefined ? { afterEventId } : {}), ...follow }, io).catch((error: unknown) => {
    throw lostContact(stackName, `the deletion of ${stackName} started`, error, options.target);
  });
  if (monitored.kind === 'interrupted') return { kind: 'interrupted', status: monitored.status };
  if (monitored.status !== DELETE_COMPLETE) {
    const cause = rootCause(monitored.events);
    return { kind: 'failed', status: monitored.status, ...(cause ? { rootCause: cause } : {}) };
  }
  const retained = monitored.events.filter((event) => event.status === 'DELETE_SKIPPED').map(toResourceEvent);
  await deleteImagesStack(options.target, stackName, follow, io);
  return { kind: 'deleted', retained };
}
