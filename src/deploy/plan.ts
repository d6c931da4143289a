/**
 * `plan`: what `up` would change, from a change set that is created, shown and deleted,
 * never executed. A stack in progress is waited for first, as `up` does.
 */
import { ComposeXError } from '../parser/diagnostics.js';
import { changeSetTypeFor, computeChangeSet, discardChangeSet, templateSource, type ChangeSetType } from './stack/change-set.js';
import { cloudFormation } from './clients.js';
import { Interruption } from './watch/interruption.js';
import { settledStack } from './watch/monitor.js';
import { ROLLBACK_COMPLETE } from './stack/stack-status.js';
import type { ChangeRow, DeployIo, UpOptions } from './types.js';

/** What `plan` needs: `up`'s options without those about executing. */
export type PlanOptions = Omit<UpOptions, 'yes' | 'detach' | 'replaceFailed'>;

/** Nothing would change, or these changes would be made. */
export type PlanResult = { kind: 'up-to-date' } | { kind: 'changes'; changeSetType: ChangeSetType; changes: ChangeRow[] };

/**
 * Creates the change set `up` would execute, emits it (`change-set`), and deletes it; for a
 * new stack, the empty REVIEW_IN_PROGRESS stack the change set created is deleted too. An
 * existing stack is never deleted. Throws E_STACK_FAILED_CREATE for a stack in
 * ROLLBACK_COMPLETE (only `up --replace-failed` can deploy it), E_INTERRUPTED on Ctrl-C while
 * waiting for a stack in progress, and what `up` throws.
 */
export async function plan(options: PlanOptions, io: DeployIo): Promise<PlanResult> {
  const cf = cloudFormation(options.target);
  const { templates } = options;
  const { stackName } = templates;
  const follow = options.pollInterval !== undefined ? { pollInterval: options.pollInterval } : {};
  const settled = await settledStack(cf, stackName, follow, io);
  if (settled.kind === 'interrupted') {
    throw new ComposeXError('E_INTERRUPTED', `stopped waiting for ${stackName}, which is ${settled.status}; nothing was planned.`);
  }
  const { stack } = settled;
  if (stack?.status === ROLLBACK_COMPLETE) {
    throw new ComposeXError(
      'E_STACK_FAILED_CREATE',
      `${stackName} is in ROLLBACK_COMPLETE after a failed create and can only be deleted; \`up --replace-failed\` deletes and recreates it.`,
    );
  }
  const source = await templateSource(options.target, templates, options.bucket, io);
  const computed = await computeChangeSet(cf, { templates, source, type: changeSetTypeFor(stack) }, { ...follow, interruption: new Interruption(io.interrupted) });
  if (computed.kind === 'empty') return { kind: 'up-to-date' };
  if (computed.kind === 'stopped') throw new ComposeXError('E_INTERRUPTED', `stopped (Ctrl-C); the change set of ${stackName} was deleted, so nothing was planned.`);
  const { changeSet, changes } = computed;
  io.emit({ kind: 'change-set', changeSetType: changeSet.type, changes });
  await discardChangeSet(cf, changeSet);
  return { kind: 'changes', changeSetType: changeSet.type, changes };
}
