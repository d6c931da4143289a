/**
 * Reading a stack's events as a deployment goes: only the events after the deployment began,
 * oldest first, every page, and the events of the nested stacks the stack is working on.
 */
import { DescribeStackEventsCommand, type CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation';
import { isInProgress } from '../stack/stack-status.js';
import type { ResourceEvent } from '../types.js';

/** A stack event with what following and diagnosing a deployment need besides what is printed. */
export interface StackEventRecord extends ResourceEvent {
  eventId: string;
  stackId: string;
  /** The resource's physical ID; for a nested stack resource, the nested stack's ARN. */
  physicalId?: string;
  /** The event is a nested stack's, not the followed stack's. */
  nested: boolean;
}

/** Where the new events start. */
export interface PollerStart {
  /** Report only events newer than this one: the newest event before the operation began. */
  afterEventId?: string;
  /** Report only events at or after this time: a nested stack's, from its parent's event on. */
  since?: Date;
}

const NESTED_STACK = 'AWS::CloudFormation::Stack';

/** The event of the stack itself (its status), rather than of one of its resources. */
export function isStackEvent(event: StackEventRecord): boolean {
  return event.type === NESTED_STACK && event.logicalId === event.stackName;
}

/** The event as the CLI prints it. */
export function toResourceEvent(event: StackEventRecord): ResourceEvent {
  const { timestamp, stackName, logicalId, type, status, reason } = event;
  return { timestamp, stackName, logicalId, type, status, ...(reason !== undefined ? { reason } : {}) };
}

function toRecord(event: StackEvent & { EventId: string }): StackEventRecord {
  const reason = event.ResourceStatusReason ?? event.HookStatusReason;
  return {
    timestamp: event.Timestamp ?? new Date(0),
    stackName: event.StackName ?? '',
    logicalId: event.LogicalResourceId ?? '',
    type: event.ResourceType ?? '',
    status: event.ResourceStatus ?? event.HookStatus ?? '',
    ...(reason ? { reason } : {}),
    eventId: event.EventId,
    stackId: event.StackId ?? '',
    ...(event.PhysicalResourceId ? { physicalId: event.PhysicalResourceId } : {}),
    nested: false,
  };
}

/** The ID of the stack's newest event, to start a poller after it; undefined when there is none. */
export async function latestEventId(cf: CloudFormationClient, stack: string): Promise<string | undefined> {
  const { StackEvents = [] } = await cf.send(new DescribeStackEventsCommand({ StackName: stack }));
  return StackEvents[0]?.EventId;
}

/** A nested stack being followed: `active` while its parent reports it in progress, `final` for one last read. */
interface NestedFollow {
  poller: StackEventPoller;
  state: 'active' | 'final' | 'idle';
}

/**
 * Reads a stack's new events on each `poll`. A nested stack is read from the moment its
 * resource is reported in progress until one last read after it is reported finished.
 */
export class StackEventPoller {
  private readonly seen = new Set<string>();
  private readonly nestedStacks = new Map<string, NestedFollow>();

  /** `stack` is a stack name or ARN (an ARN still answers after the stack is deleted). */
  constructor(
    private readonly cf: CloudFormationClient,
    readonly stack: string,
    private readonly start: PollerStart = {},
  ) {}

  /** The events since the last poll, the nested stacks' included, oldest first. */
  async poll(): Promise<StackEventRecord[]> {
    const own = await this.readNew();
    this.trackNestedStacks(own);
    const nested = await this.pollNestedStacks();
    // A stable sort: at equal times, a parent's events stay before its nested stacks'.
    return [...own, ...nested].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  }

  private isOld(event: StackEvent & { EventId: string }): boolean {
    if (this.seen.has(event.EventId) || event.EventId === this.start.afterEventId) return true;
    return this.start.since !== undefined && event.Timestamp !== undefined && event.Timestamp < this.start.since;
  }

  /** Pages newest first until an event seen before, or older than the start. */
  private async readNew(): Promise<StackEventRecord[]> {
    const fresh: StackEventRecord[] = [];
    let nextToken: string | undefined;
    pages: do {
      const page = await this.cf.send(new DescribeStackEventsCommand({ StackName: this.stack, ...(nextToken ? { NextToken: nextToken } : {}) }));
      for (const event of page.StackEvents ?? []) {
        if (event.EventId === undefined) continue;
        const identified = { ...event, EventId: event.EventId };
        if (this.isOld(identified)) break pages;
        fresh.push(toRecord(identified));
      }
      nextToken = page.NextToken;
    } while (nextToken);
    for (const event of fresh) this.seen.add(event.eventId);
    return fresh.reverse();
  }

  private trackNestedStacks(events: readonly StackEventRecord[]): void {
    for (const event of events) {
      if (event.type !== NESTED_STACK || isStackEvent(event) || !event.physicalId) continue;
      const known = this.nestedStacks.get(event.physicalId);
      if (isInProgress(event.status)) {
        const poller = known?.poller ?? new StackEventPoller(this.cf, event.physicalId, { since: event.timestamp });
        this.nestedStacks.set(event.physicalId, { poller, state: 'active' });
      } else if (known) {
        known.state = 'final';
      }
    }
  }

  private async pollNestedStacks(): Promise<StackEventRecord[]> {
    const events: StackEventRecord[] = [];
    for (const follow of this.nestedStacks.values()) {
      if (follow.state === 'idle') continue;
      for (const event of await follow.poller.poll()) events.push({ ...event, nested: true });
      if (follow.state === 'final') follow.state = 'idle';
    }
    return events;
  }
}
