import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type DescribeStackEventsCommandInput,
  type DescribeStacksCommandOutput,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { DeployIo, DeployMessage } from '../../src/deploy/types.js';

/**
 * A scripted CloudFormation for aws-sdk-client-mock: stacks whose status advances one step
 * per DescribeStacks (by ARN), and whose events (paged newest first, three a page) are those
 * of the steps reached so far.
 */
export interface StackRef {
  name: string;
  id: string;
}

export const ACCOUNT = 'arn:aws:cloudformation:us-east-1:123456789012';
export const T0 = Date.parse('2024-05-01T10:00:00Z');

let sequence = 0;

/**
 * Makes events of a resource, or of the stack itself when `logicalId` is the stack's name;
 * each one later than the last. Resources default to `resourceType`.
 */
export function eventsOf(resourceType: string) {
  return (stack: StackRef, logicalId: string, status: string, more: { type?: string; reason?: string; physicalId?: string } = {}): StackEvent => {
    sequence += 1;
    const own = logicalId === stack.name;
    return {
      StackId: stack.id,
      StackName: stack.name,
      EventId: `event-${sequence}`,
      LogicalResourceId: logicalId,
      ResourceType: more.type ?? (own ? 'AWS::CloudFormation::Stack' : resourceType),
      ResourceStatus: status as StackEvent['ResourceStatus'],
      Timestamp: new Date(T0 + sequence * 1000),
      PhysicalResourceId: more.physicalId ?? (own ? stack.id : `${logicalId}-physical`),
      ...(more.reason ? { ResourceStatusReason: more.reason } : {}),
    };
  };
}

export function described(stack: StackRef, status: string, outputs: Record<string, string> = {}): DescribeStacksCommandOutput {
  return {
    $metadata: {},
    Stacks: [
      {
        StackName: stack.name,
        StackId: stack.id,
        StackStatus: status as never,
        CreationTime: new Date(T0),
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  };
}

export function missingStack(name: string): CloudFormationServiceException {
  return new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: `Stack with id ${name} does not exist` });
}

/** DescribeStackEvents of the stack: the history, newest first, three events a page. */
export function eventPages(cf: AwsClientStub<CloudFormationClient>, stackId: string, history: () => StackEvent[]): void {
  cf.on(DescribeStackEventsCommand, { StackName: stackId }).callsFake(async (input: DescribeStackEventsCommandInput) => {
    const newestFirst = [...history()].reverse();
    const from = Number(input.NextToken ?? 0);
    const more = from + 3 < newestFirst.length;
    return { StackEvents: newestFirst.slice(from, from + 3), ...(more ? { NextToken: String(from + 3) } : {}) };
  });
}

export interface Step {
  status: string;
  events?: StackEvent[];
}

/** The stack by ARN: `before` is its history so far; each DescribeStacks reaches the next step (then stays at the last). */
export function timeline(
  cf: AwsClientStub<CloudFormationClient>,
  stack: StackRef,
  before: StackEvent[],
  steps: Step[],
  outputs: Record<string, string> = {},
): void {
  let at = -1;
  cf.on(DescribeStacksCommand, { StackName: stack.id }).callsFake(async () => {
    at = Math.min(at + 1, steps.length - 1);
    return described(stack, steps[at]?.status ?? 'UNKNOWN', outputs);
  });
  eventPages(cf, stack.id, () => [...before, ...steps.slice(0, at + 1).flatMap((step) => step.events ?? [])]);
}

export interface Recorder {
  io: DeployIo;
  messages: DeployMessage[];
  questions: string[];
}

/** A DeployIo that records what it is told and answers every question with `answer`. */
export function recorder(answer = true, interrupted?: Promise<void>): Recorder {
  const messages: DeployMessage[] = [];
  const questions: string[] = [];
  const io: DeployIo = {
    emit: (message) => void messages.push(message),
    confirm: async (question) => {
      questions.push(question);
      return answer;
    },
    ...(interrupted ? { interrupted } : {}),
  };
  return { io, messages, questions };
}
