/** `cancel`: stop an update in progress; CloudFormation then rolls the stack back. */
import { CancelUpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { ComposeXError } from '../parser/diagnostics.js';
import { cloudFormation } from './clients.js';
import { describeStack, isInProgress } from './stack/stack-status.js';
import type { AwsTarget } from './types.js';

/** Why a stack in this status has no update to cancel. */
function notCancellable(stackName: string, status: string): string {
  if (status === 'CREATE_IN_PROGRESS') return `${stackName} is being created (CREATE_IN_PROGRESS): a create cannot be cancelled; wait for it, then \`down\` removes it.`;
  if (isInProgress(status)) return `${stackName} is ${status}: only an update (UPDATE_IN_PROGRESS) can be cancelled; this operation has to finish.`;
  return `${stackName} is ${status}: no update is in progress, so there is nothing to cancel.`;
}

/**
 * Cancels the update in progress (CancelUpdateStack); CloudFormation rolls the stack back to
 * UPDATE_ROLLBACK_COMPLETE. Throws E_STACK_NOT_FOUND when there is no such stack and
 * E_NOT_CANCELLABLE, saying why, when the stack is not UPDATE_IN_PROGRESS.
 */
export async function cancel(target: AwsTarget, stackName: string): Promise<void> {
  const cf = cloudFormation(target);
  const stack = await describeStack(cf, stackName);
  if (!stack) throw new ComposeXError('E_STACK_NOT_FOUND', `there is no stack ${stackName}.`);
  if (stack.status !== 'UPDATE_IN_PROGRESS') throw new ComposeXError('E_NOT_CANCELLABLE', notCancellable(stackName, stack.status));
  await cf.send(new CancelUpdateStackCommand({ StackName: stack.id }));
}
