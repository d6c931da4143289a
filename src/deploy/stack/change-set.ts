/**
 * Change sets: create one for a template set (CREATE or UPDATE, with the capabilities the
 * templates need and nested stacks included), wait until CloudFormation has computed it
 * ("no changes" is an answer, not an error), list its changes, execute or discard it.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  type Capability,
  type CloudFormationClient,
  type CreateChangeSetCommandInput,
  type DescribeChangeSetOutput,
} from '@aws-sdk/client-cloudformation';
import { ComposeXError } from '../../parser/diagnostics.js';
import { isObject } from '../../render/template/json-object.js';
import { parseTemplate } from '../../render/template/parse-template.js';
import { uploadTemplates } from './s3-upload.js';
import { describeStack, REVIEW_IN_PROGRESS, type StackState } from './stack-status.js';
import { Interruption } from '../watch/interruption.js';
import { TEMPLATE_BUCKET_PARAMETER } from '../../render/split/split.js';
import type { AwsTarget, ChangeAction, ChangeRow, DeployIo, DeployTemplates } from '../types.js';

/** CREATE makes the stack (it is REVIEW_IN_PROGRESS until executed); UPDATE changes it. */
export type ChangeSetType = 'CREATE' | 'UPDATE';

/** The root template as CloudFormation reads it: the text itself, or where it was uploaded (and the bucket, for nested templates). */
export type TemplateSource = { body: string } | { url: string; bucket: string };

/** The largest TemplateBody CloudFormation accepts; larger templates go through S3. */
const MAX_BODY_BYTES = 51_200;

/**
 * The body itself, unless it is over 51,200 bytes or has nested templates: then every
 * template is uploaded to S3 (`uploadTemplates`, which emits `uploaded`) and the root's URL is used.
 */
export async function templateSource(target: AwsTarget, templates: DeployTemplates, bucket: string | undefined, io: DeployIo): Promise<TemplateSource> {
  const hasNested = Object.keys(templates.nested ?? {}).length > 0;
  if (!hasNested && Buffer.byteLength(templates.body, 'utf8') <= MAX_BODY_BYTES) return { body: templates.body };
  const { templateUrl, bucket: used } = await uploadTemplates(target, templates, bucket, io);
  return { url: templateUrl, bucket: used };
}

/** CREATE for a stack that does not exist or only awaits its first change set (REVIEW_IN_PROGRESS); UPDATE otherwise. */
export function changeSetTypeFor(stack: StackState | undefined): ChangeSetType {
  return stack === undefined || stack.status === REVIEW_IN_PROGRESS ? 'CREATE' : 'UPDATE';
}

/** A change set that CloudFormation accepted. */
export interface ChangeSet {
  /** The change set ARN. */
  id: string;
  name: string;
  type: ChangeSetType;
  stackId: string;
  stackName: string;
}

/** How long to wait, how often to ask, and what stops the waiting. */
export interface WaitOptions {
  /** Milliseconds between polls. Default: 2000. */
  pollInterval?: number;
  /** Milliseconds before giving up. Default: 30 minutes. */
  timeout?: number;
  /** Ctrl-C: a change set not executed yet is deleted, and nothing is deployed. */
  interruption?: Interruption;
}

const DEFAULT_POLL_INTERVAL = 2000;
const DEFAULT_TIMEOUT = 30 * 60 * 1000;

/** The reasons CloudFormation gives when a change set would change nothing. */
const NO_CHANGES = /didn't contain changes|does not contain changes|No updates are to be performed/;

/** IAM resources whose custom name requires CAPABILITY_NAMED_IAM, with their name property. */
const IAM_NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
};

/**
 * `compose-x-<hash>`: the same templates, parameters and tags give the same name, so a
 * change set left behind by an interrupted run is recognised and replaced.
 */
export function changeSetName(templates: DeployTemplates): string {
  const sorted = (record: Record<string, string> | undefined): [string, string][] =>
    Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const content = JSON.stringify([templates.body, sorted(templates.parameters), sorted(templates.nested), sorted(templates.tags)]);
  return `compose-x-${createHash('sha256').update(content).digest('hex').slice(0, 12)}`;
}

/** Does a `Fn::Transform` (an AWS::Include, a macro) appear anywhere in the value? */
function hasTransformFunction(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasTransformFunction);
  if (!isObject(value)) return false;
  return 'Fn::Transform' in value || Object.values(value).some(hasTransformFunction);
}

function templateCapabilities(text: string): Set<Capability> {
  const found = new Set<Capability>();
  // The short form `!Transform` is not among the tags the parser resolves: look for it in the text.
  if (/!Transform\b/.test(text)) found.add('CAPABILITY_AUTO_EXPAND');
  const { template } = parseTemplate(text);
  if (!isObject(template)) return found;
  if (template['Transform'] !== undefined || hasTransformFunction(template)) found.add('CAPABILITY_AUTO_EXPAND');
  const resources = isObject(template['Resources']) ? Object.values(template['Resources']) : [];
  for (const resource of resources) {
    if (!isObject(resource) || typeof resource['Type'] !== 'string' || !resource['Type'].startsWith('AWS::IAM::')) continue;
    found.add('CAPABILITY_IAM');
    const nameProperty = IAM_NAME_PROPERTIES[resource['Type']];
    const properties = resource['Properties'];
    if (nameProperty && isObject(properties) && properties[nameProperty] !== undefined) found.add('CAPABILITY_NAMED_IAM');
  }
  return found;
}

/**
 * The capabilities the root and nested templates need: CAPABILITY_IAM for any IAM resource,
 * CAPABILITY_NAMED_IAM when one has a custom name, CAPABILITY_AUTO_EXPAND for transforms.
 */
export function requiredCapabilities(templates: DeployTemplates): Capability[] {
  const found = new Set<Capability>();
  for (const text of [templates.body, ...Object.values(templates.nested ?? {})]) {
    for (const capability of templateCapabilities(text)) found.add(capability);
  }
  const order: Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];
  return order.filter((capability) => found.has(capability));
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function timeoutError(what: string, timeout: number): ComposeXError {
  return new ComposeXError('E_DEPLOY_TIMEOUT', `gave up waiting for ${what} after ${Math.round(timeout / 1000)} s.`);
}

/** Deletes the stack's change set of that name and waits until it is gone. */
async function replaceExisting(cf: CloudFormationClient, stackName: string, name: string, wait: WaitOptions): Promise<void> {
  await cf.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: name }));
  const { pollInterval = DEFAULT_POLL_INTERVAL, timeout = DEFAULT_TIMEOUT } = wait;
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      const { Status } = await cf.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: name }));
      if (Status === 'DELETE_COMPLETE') return;
    } catch (error) {
      if (errorName(error) === 'ChangeSetNotFoundException') return;
      throw error;
    }
    if (Date.now() > deadline) throw timeoutError(`the old change set ${name} of ${stackName} to be deleted`, timeout);
    await sleep(pollInterval);
  }
}

/** What to create a change set from. */
export interface ChangeSetRequest {
  templates: DeployTemplates;
  source: TemplateSource;
  type: ChangeSetType;
}

/** The stack parameters; with nested templates, the root also learns the bucket they were uploaded to. */
function parametersFor(templates: DeployTemplates, source: TemplateSource): Record<string, string> {
  const nested = Object.keys(templates.nested ?? {}).length > 0;
  return nested && 'bucket' in source ? { ...templates.parameters, [TEMPLATE_BUCKET_PARAMETER]: source.bucket } : templates.parameters;
}

function changeSetInput(request: ChangeSetRequest, name: string): CreateChangeSetCommandInput {
  const { templates, source, type } = request;
  const tags = Object.entries(templates.tags ?? {});
  return {
    StackName: templates.stackName,
    ChangeSetName: name,
    ChangeSetType: type,
    ...('body' in source ? { TemplateBody: source.body } : { TemplateURL: source.url }),
    Parameters: Object.entries(parametersFor(templates, source)).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    Capabilities: requiredCapabilities(templates),
    IncludeNestedStacks: true,
    // Without tags the stack keeps the ones it has; an empty list would remove them.
    ...(tags.length > 0 ? { Tags: tags.map(([Key, Value]) => ({ Key, Value })) } : {}),
  };
}

/**
 * Creates the change set `changeSetName(templates)`; one of that name left by an earlier run
 * is deleted first. Call `waitForChangeSet` before using it.
 */
async function createChangeSet(cf: CloudFormationClient, request: ChangeSetRequest, wait: WaitOptions = {}): Promise<ChangeSet> {
  const { stackName } = request.templates;
  const name = changeSetName(request.templates);
  const create = () => cf.send(new CreateChangeSetCommand(changeSetInput(request, name)));
  const created = await create().catch(async (error: unknown) => {
    if (errorName(error) !== 'AlreadyExistsException') throw error;
    await replaceExisting(cf, stackName, name, wait);
    return create();
  });
  return { id: created.Id ?? name, name, type: request.type, stackId: created.StackId ?? stackName, stackName };
}

/**
 * Waits until CloudFormation has computed the change set: `ready` to execute, or `empty` when
 * it would change nothing. Any other failure is an E_CHANGE_SET_FAILED error with
 * CloudFormation's reason (an invalid template, a missing parameter...).
 */
async function waitForChangeSet(cf: CloudFormationClient, changeSet: ChangeSet, wait: WaitOptions = {}): Promise<'ready' | 'empty' | 'stopped'> {
  const { pollInterval = DEFAULT_POLL_INTERVAL, timeout = DEFAULT_TIMEOUT, interruption = new Interruption(undefined) } = wait;
  const deadline = Date.now() + timeout;
  for (;;) {
    const { Status, StatusReason = '' } = await cf.send(new DescribeChangeSetCommand({ ChangeSetName: changeSet.id }));
    if (Status === 'CREATE_COMPLETE') return 'ready';
    if (Status === 'FAILED') {
      if (NO_CHANGES.test(StatusReason)) return 'empty';
      throw new ComposeXError('E_CHANGE_SET_FAILED', `CloudFormation could not create the change set for ${changeSet.stackName}: ${StatusReason || 'no reason given'}`);
    }
    if (Status !== 'CREATE_PENDING' && Status !== 'CREATE_IN_PROGRESS') {
      throw new ComposeXError('E_CHANGE_SET_FAILED', `the change set ${changeSet.name} of ${changeSet.stackName} is ${Status ?? 'gone'}.`);
    }
    if (Date.now() > deadline) throw timeoutError(`the change set ${changeSet.name} of ${changeSet.stackName}`, timeout);
    if (await interruption.pause(pollInterval)) return 'stopped';
  }
}

const ACTIONS: ReadonlySet<string> = new Set<ChangeAction>(['Add', 'Modify', 'Remove', 'Import', 'Dynamic']);

function isChangeAction(action: string | undefined): action is ChangeAction {
  return action !== undefined && ACTIONS.has(action);
}

/** SyncWithActual, the one action outside the contract, only occurs in drift-reverting change sets, which compose-x never creates; it modifies the resource. */
function changeAction(action: string | undefined): ChangeAction {
  return isChangeAction(action) ? action : 'Modify';
}

async function changePages(cf: CloudFormationClient, changeSetId: string): Promise<DescribeChangeSetOutput[]> {
  const pages: DescribeChangeSetOutput[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cf.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId, ...(nextToken ? { NextToken: nextToken } : {}) }));
    pages.push(page);
    nextToken = page.NextToken;
  } while (nextToken);
  return pages;
}

/**
 * The change set's resource changes, every page, each nested stack's changes after the row
 * of the nested stack itself (`nestedStack` is the path of logical IDs, `Outer/Inner`).
 */
async function listChanges(cf: CloudFormationClient, changeSetId: string, nestedStack?: string): Promise<ChangeRow[]> {
  const rows: ChangeRow[] = [];
  for (const page of await changePages(cf, changeSetId)) {
    for (const change of page.Changes ?? []) {
      const resource = change.ResourceChange;
      if (!resource?.LogicalResourceId) continue;
      const action = changeAction(resource.Action);
      rows.push({
        action,
        logicalId: resource.LogicalResourceId,
        type: resource.ResourceType ?? '',
        ...(action === 'Modify' && resource.Replacement ? { replacement: resource.Replacement } : {}),
        ...(nestedStack ? { nestedStack } : {}),
      });
      if (resource.ChangeSetId) {
        const path = nestedStack ? `${nestedStack}/${resource.LogicalResourceId}` : resource.LogicalResourceId;
        rows.push(...(await listChanges(cf, resource.ChangeSetId, path)));
      }
    }
  }
  return rows;
}

/** Starts the deployment the change set describes. */
export async function executeChangeSet(cf: CloudFormationClient, changeSet: ChangeSet): Promise<void> {
  await cf.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.id }));
}

/**
 * Deletes a change set that will not be executed. A CREATE change set leaves an empty stack
 * in REVIEW_IN_PROGRESS behind: that stack is deleted too, and only when it is still in
 * REVIEW_IN_PROGRESS without a single resource.
 */
export async function discardChangeSet(cf: CloudFormationClient, changeSet: ChangeSet): Promise<void> {
  await cf.send(new DeleteChangeSetCommand({ ChangeSetName: changeSet.id }));
  if (changeSet.type !== 'CREATE') return;
  const stack = await describeStack(cf, changeSet.stackId);
  if (stack?.status !== REVIEW_IN_PROGRESS) return;
  const { StackResourceSummaries = [] } = await cf.send(new ListStackResourcesCommand({ StackName: stack.id }));
  if (StackResourceSummaries.length === 0) await cf.send(new DeleteStackCommand({ StackName: stack.id }));
}

/**
 * A computed change set: nothing to do (it was deleted), ready with its changes, or stopped by
 * Ctrl-C before it was ready (it was deleted).
 */
export type ComputedChangeSet = { kind: 'empty' } | { kind: 'stopped' } | { kind: 'ready'; changeSet: ChangeSet; changes: ChangeRow[] };

/**
 * Creates the change set and waits for it. An empty one is deleted; one that failed is
 * discarded (with the empty stack a failed CREATE leaves) before its E_CHANGE_SET_FAILED
 * error is thrown; on Ctrl-C (`wait.interruption`) at any moment, once the request in flight
 * has been answered, it is discarded and the result is `stopped`.
 */
export async function computeChangeSet(cf: CloudFormationClient, request: ChangeSetRequest, wait: WaitOptions = {}): Promise<ComputedChangeSet> {
  let changeSet: ChangeSet;
  try {
    changeSet = await createChangeSet(cf, request, wait);
  } catch (error) {
    // Some CloudFormation emulators refuse the change set at once rather than computing an empty one.
    if (errorName(error) === 'ValidationError' && error instanceof Error && NO_CHANGES.test(error.message)) return { kind: 'empty' };
    throw error;
  }
  const outcome = wait.interruption?.requested
    ? 'stopped'
    : await waitForChangeSet(cf, changeSet, wait).catch(async (error: unknown) => {
        if (error instanceof ComposeXError && error.code === 'E_CHANGE_SET_FAILED') await discardChangeSet(cf, changeSet);
        throw error;
      });
  if (outcome !== 'ready') {
    await discardChangeSet(cf, changeSet);
    return { kind: outcome };
  }
  const changes = await listChanges(cf, changeSet.id);
  if (wait.interruption?.requested) {
    await discardChangeSet(cf, changeSet);
    return { kind: 'stopped' };
  }
  return { kind: 'ready', changeSet, changes };
}
