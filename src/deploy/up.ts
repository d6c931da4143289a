/**
 * `up`: deploy a template set through a change set. The stack is left to settle first, the
 * change set is shown and confirmed, executed, and followed to a verdict.
 */
import { DeleteStackCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { widens } from '../review/rendered-diff/broadening.js';
import { changeBroadening } from './broadening.js';
import { changeSetTypeFor, computeChangeSet, discardChangeSet, executeChangeSet, templateSource, type ChangeSet } from './stack/change-set.js';
import { lostContact } from './aws-errors.js';
import { cloudFormation, ecs } from './clients.js';
import { publishImages } from './images/publish.js';
import { Interruption } from './watch/interruption.js';
import { latestEventId } from './watch/events.js';
import { monitorStack, settledStack, waitForStack, type FollowOptions, type Followed } from './watch/monitor.js';
import { rootCause } from './watch/root-cause.js';
import { explainingTask } from './watch/stopped-task.js';
import { TaskWatcher } from './watch/tasks.js';
import { DELETE_COMPLETE, describeStack, isDeploySuccess, ROLLBACK_COMPLETE, type StackState } from './stack/stack-status.js';
import type { DeployIo, DeployResult, UpOptions } from './types.js';

/** Deletes a stack left in ROLLBACK_COMPLETE by a failed create, and waits until it is gone. */
async function deleteFailedStack(cf: CloudFormationClient, stack: StackState, follow: FollowOptions, io: DeployIo): Promise<Followed> {
  io.emit({ kind: 'deleting-failed-stack', status: stack.status });
  await cf.send(new DeleteStackCommand({ StackName: stack.id }));
  return waitForStack(cf, stack.id, follow, io);
}

/**
 * Follows the executed change set to a verdict, and the ECS tasks of the services it deploys
 * (`task-stopped`); on a failure, the stopped task that explains it is given with the root
 * cause. The deployment runs in AWS whatever happens here: when AWS can no longer be asked
 * (the endpoint went away, the network failed), that is what is said, with how to follow the
 * deployment, as E_FOLLOW_LOST.
 */
async function follow(cf: CloudFormationClient, changeSet: ChangeSet, total: number, afterEventId: string | undefined, options: UpOptions, io: DeployIo): Promise<DeployResult> {
  const { stackName } = changeSet;
  const tasks = new TaskWatcher(() => ecs(options.target), options.target, io);
  try {
    const monitored = await monitorStack(
      cf,
      { stack: changeSet.stackId, total, ...(afterEventId !== undefined ? { afterEventId } : {}), ...followOptions(options) },
      io,
      tasks,
    );
    if (monitored.kind === 'interrupted') return { kind: 'interrupted', stackName, status: monitored.status };
    const { status } = monitored;
    if (isDeploySuccess(status)) {
      const outputs = (await describeStack(cf, changeSet.stackId))?.outputs ?? {};
      return { kind: 'succeeded', stackName, status, outputs };
    }
    const cause = rootCause(monitored.events);
    const stoppedTask = explainingTask(tasks.stopped, cause?.logicalId);
    return { kind: 'failed', stackName, status, ...(cause ? { rootCause: cause } : {}), ...(stoppedTask ? { stoppedTask } : {}) };
  } catch (error) {
    throw lostContact(stackName, `the deployment of ${stackName} started (change set ${changeSet.name})`, error, options.target);
  }
}

/** Executes the change set and follows the stack to a verdict (unless detached). */
async function execute(cf: CloudFormationClient, changeSet: ChangeSet, total: number, options: UpOptions, io: DeployIo): Promise<DeployResult> {
  const { stackName } = changeSet;
  const afterEventId = await latestEventId(cf, changeSet.stackId);
  await executeChangeSet(cf, changeSet);
  io.emit({ kind: 'executing', changeSetName: changeSet.name });
  if (options.detach) return { kind: 'detached', stackName, changeSetName: changeSet.name };
  return follow(cf, changeSet, total, afterEventId, options, io);
}

/**
 * The person's answer. On a no, or when asking fails (no terminal), `discard` runs first, so
 * that nothing compose-x created is left behind (the change set, the empty stack of a CREATE).
 */
async function confirmed(io: DeployIo, question: string, discard: () => Promise<void>): Promise<boolean> {
  let approved = false;
  try {
    approved = await io.confirm(question);
  } finally {
    if (!approved) await discard();
  }
  return approved;
}

/**
 * Whether the change set may be executed, as `requireApproval` decides (`yes` is `never`):
 * `never` does not ask; `broadening` asks only when the change widens access (emitted first:
 * `broadening`), `any-change` always. With nobody to ask (`io.interactive` false), a change
 * that widens access is `refused`, its change set deleted; a no (or a failure to ask) is `declined`.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.cloud_assembly_schema.RequireApproval.html
 */
async function approval(cf: CloudFormationClient, changeSet: ChangeSet, options: UpOptions, io: DeployIo): Promise<DeployResult | 'approved'> {
  const { stackName } = changeSet;
  const policy = options.yes ? 'never' : (options.requireApproval ?? 'any-change');
  if (policy === 'never') return 'approved';
  const broadening = await changeBroadening(cf, changeSet.type === 'CREATE' ? undefined : changeSet.stackId, options.templates);
  const widening = widens(broadening);
  if (widening) io.emit({ kind: 'broadening', broadening });
  if (policy === 'broadening' && !widening) return 'approved';
  if (widening && io.interactive === false) {
    await discardChangeSet(cf, changeSet);
    return { kind: 'refused', stackName, broadening };
  }
  return (await confirmed(io, `Deploy these changes to ${stackName}?`, () => discardChangeSet(cf, changeSet))) ? 'approved' : { kind: 'declined', stackName };
}

function followOptions(options: { pollInterval?: number }): FollowOptions {
  return options.pollInterval !== undefined ? { pollInterval: options.pollInterval } : {};
}

/**
 * Deploys `options.templates` to their stack:
 * 1. a stack in progress is waited for (`waiting-for-stack`); one in ROLLBACK_COMPLETE is
 *    `failed` with that status, unless `replaceFailed` deletes it first (`deleting-failed-stack`);
 * 2. templates over 51,200 bytes or with nested templates are uploaded (`uploaded`);
 * 3. the change set is created; without changes it is deleted: `up-to-date` (with the stack outputs);
 * 4. its changes are emitted (`change-set`), with what they widen (`broadening`), and approved
 *    as `requireApproval` says (`approval`): a refusal (or a failure to ask) deletes it, with the
 *    empty stack a CREATE change set made: `declined`; a change that widens access with nobody
 *    to ask is `refused`;
 * 5. the images of `build:` services are published (`images-stack`, `image`, `build-output`):
 *    the images stack, then each image not in its repository, built here or in AWS CodeBuild;
 *    a failure deletes the change set and is thrown;
 * 6. it is executed (`executing`): `detached` at once with `detach`, otherwise the stack is
 *    followed (`event` messages, and `task-stopped` for each task of its ECS deployments that
 *    stops) to `succeeded` (with the stack outputs) or `failed` (with the root cause, and the
 *    stopped task that explains it); Ctrl-C stops following: `interrupted`, with nothing cancelled or deleted.
 * Ctrl-C at any moment before 6 (once the request in flight is answered) deploys nothing and
 * deletes the change set compose-x made: `stopped`. When AWS cannot be asked any more after 6,
 * E_FOLLOW_LOST says that the deployment goes on and how to follow it.
 * Throws E_CHANGE_SET_FAILED when CloudFormation rejects the change set, E_DEPLOY_TIMEOUT
 * when a wait exceeds its limit, and the SDK's errors as they are.
 */
export async function up(options: UpOptions, io: DeployIo): Promise<DeployResult> {
  const cf = cloudFormation(options.target);
  const { templates } = options;
  const { stackName } = templates;
  const follow = followOptions(options);
  const interruption = new Interruption(io.interrupted);
  const settled = await settledStack(cf, stackName, follow, io);
  if (settled.kind === 'interrupted') return { kind: 'stopped', stackName, waitedFor: settled.status };
  let { stack } = settled;
  if (stack?.status === ROLLBACK_COMPLETE) {
    if (!options.replaceFailed) return { kind: 'failed', stackName, status: ROLLBACK_COMPLETE };
    const deleted = await deleteFailedStack(cf, stack, follow, io);
    if (deleted.kind === 'interrupted') return { kind: 'interrupted', stackName, status: deleted.status };
    if (deleted.status !== DELETE_COMPLETE) return { kind: 'failed', stackName, status: deleted.status };
    stack = undefined;
  }
  const source = await templateSource(options.target, templates, options.bucket, io);
  if (interruption.requested) return { kind: 'stopped', stackName };
  const computed = await computeChangeSet(cf, { templates, source, type: changeSetTypeFor(stack) }, { ...follow, interruption });
  if (computed.kind === 'empty') return { kind: 'up-to-date', stackName, outputs: stack?.outputs ?? {} };
  if (computed.kind === 'stopped') return { kind: 'stopped', stackName };
  const { changeSet, changes } = computed;
  io.emit({ kind: 'change-set', changeSetType: changeSet.type, changes });
  const approved = await approval(cf, changeSet, options, io);
  if (approved !== 'approved') return approved;
  if (interruption.requested) {
    await discardChangeSet(cf, changeSet);
    return { kind: 'stopped', stackName };
  }
  if (templates.images) {
    const images = templates.images;
    const publish = { target: options.target, project: stackName, images, build: options.build ?? 'local', follow, ...(options.bucket ? { bucket: options.bucket } : {}) } as const;
    await publishImages(cf, publish, io).catch(async (error: unknown) => {
      await discardChangeSet(cf, changeSet);
      throw error;
    });
    if (interruption.requested) {
      await discardChangeSet(cf, changeSet);
      return { kind: 'stopped', stackName };
    }
  }
  return execute(cf, changeSet, changes.filter((change) => change.nestedStack === undefined).length, options, io);
}
