/**
 * What a CloudFormation stack status means, and how to read a stack's status. A status is
 * in progress (`*_IN_PROGRESS`, except REVIEW_IN_PROGRESS, which waits for a change set and
 * never moves by itself) or settled. A deployment succeeded only in CREATE_COMPLETE or
 * UPDATE_COMPLETE; any other settled status (`*ROLLBACK*`, `*_FAILED`) is a failure. A stack
 * that does not exist reads as undefined, or as DELETE_COMPLETE by its ARN once deleted.
 */
import { DescribeStacksCommand, type CloudFormationClient, type Stack } from '@aws-sdk/client-cloudformation';

/** A stack as the deploy layer needs it. */
export interface StackState {
  /** The stack ARN: it still answers once the stack is deleted, where the name does not. */
  id: string;
  name: string;
  status: string;
  outputs: Record<string, string>;
  tags: Record<string, string>;
}

/** The stack was created by a change set that has not been executed: it holds no resources. */
export const REVIEW_IN_PROGRESS = 'REVIEW_IN_PROGRESS';
/** What a deleted stack reports, and what an absent one is taken to report. */
export const DELETE_COMPLETE = 'DELETE_COMPLETE';
/** A create failed and was rolled back: the stack can only be deleted. */
export const ROLLBACK_COMPLETE = 'ROLLBACK_COMPLETE';

/** CloudFormation is working on the stack; another operation must wait for it. */
export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS') && status !== REVIEW_IN_PROGRESS;
}

/** The stack will not change by itself any more. */
export function isSettled(status: string): boolean {
  return !isInProgress(status);
}

/** A deployment reached its goal. */
export function isDeploySuccess(status: string): status is 'CREATE_COMPLETE' | 'UPDATE_COMPLETE' {
  return status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE';
}

/** CloudFormation's answer to a stack name it does not know. */
function isMissingStack(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message);
}

/** The stack by name or ARN, undefined when there is no such stack. */
export async function describeStack(cf: CloudFormationClient, stack: string): Promise<StackState | undefined> {
  let found: Stack | undefined;
  try {
    found = (await cf.send(new DescribeStacksCommand({ StackName: stack })))?.Stacks?.[0];
  } catch (error) {
    if (isMissingStack(error)) return undefined;
    throw error;
  }
  if (!found?.StackStatus) return undefined;
  const outputs: Record<string, string> = {};
  for (const output of found.Outputs ?? []) {
    if (output.OutputKey !== undefined && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
  }
  const tags = Object.fromEntries((found.Tags ?? []).flatMap((tag) => (tag.Key !== undefined && tag.Value !== undefined ? [[tag.Key, tag.Value]] : [])));
  return { id: found.StackId ?? stack, name: found.StackName ?? stack, status: found.StackStatus, outputs, tags };
}
