/**
 * Where a failed deployment went wrong: the first failure with a reason of its own. Cancelled
 * siblings ("Resource creation cancelled") and summaries ("The following resource(s) failed
 * to create: [...]", "Embedded stack ... was not successfully created") only point elsewhere,
 * often into a nested stack, whose events the poller has read too.
 */
import { isStackEvent, type StackEventRecord } from './events.js';
import type { RootCause } from '../types.js';

/** Reasons that say another resource failed, rather than why. */
const POINTERS: readonly RegExp[] = [
  /^Resource (creation|update|deletion) cancelled/,
  /^The following resource\(s\) failed to/,
  /^Embedded stack .* was not successfully/,
];

function isPointer(reason: string): boolean {
  return POINTERS.some((pointer) => pointer.test(reason));
}

function toRootCause(event: StackEventRecord & { reason: string }): RootCause {
  const { stackName, logicalId, type, status, reason } = event;
  return { stackName, logicalId, type, status, reason };
}

function hasReason(event: StackEventRecord): event is StackEventRecord & { reason: string } {
  return event.reason !== undefined && event.reason !== '';
}

/**
 * The root cause among a deployment's events (oldest first, nested stacks' included): the
 * first *_FAILED event whose reason is its own, else the first *_FAILED event, else the
 * reason the stack gave for rolling back. Undefined when no event says anything.
 */
export function rootCause(events: readonly StackEventRecord[]): RootCause | undefined {
  const failures = events.filter((event) => event.status.endsWith('_FAILED')).filter(hasReason);
  const failure = failures.find((event) => !isPointer(event.reason)) ?? failures[0];
  if (failure) return toRootCause(failure);
  const rollback = events.filter(hasReason).find((event) => isStackEvent(event) && event.status.endsWith('ROLLBACK_IN_PROGRESS'));
  return rollback && toRootCause(rollback);
}
