import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  CloudFormationServiceException,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type Change,
} from '@aws-sdk/client-cloudformation';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { changeSetName, requiredCapabilities } from '../../src/deploy/stack/change-set.js';
import { cloudFormation } from '../../src/deploy/clients.js';
import { up } from '../../src/deploy/index.js';
import type { DeployMessage, DeployTemplates, UpOptions } from '../../src/deploy/types.js';
import { ComposeXError } from '../../src/parser/diagnostics.js';
import { ACCOUNT, eventsOf, missingStack, recorder, timeline, eventPages, described, type StackRef } from '../helpers/scripted-cloudformation.js';

const event = eventsOf('AWS::ECS::Cluster');

const STACK: StackRef = { name: 'shop', id: `${ACCOUNT}:stack/shop/0001` };
const NESTED: StackRef = { name: 'shop-Backend-1A2B3C', id: `${ACCOUNT}:stack/shop-Backend-1A2B3C/0002` };
const CHANGE_SET_ID = `${ACCOUNT}:changeSet/compose-x-0123456789ab/0003`;
const NESTED_CHANGE_SET_ID = `${ACCOUNT}:changeSet/compose-x-nested/0004`;
const TARGET = { region: 'us-east-1' };

function resourceChange(action: 'Add' | 'Modify' | 'Remove', logicalId: string, type: string, more: { replacement?: 'True' | 'False'; changeSetId?: string } = {}): Change {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: action,
      LogicalResourceId: logicalId,
      ResourceType: type,
      ...(more.replacement ? { Replacement: more.replacement } : {}),
      ...(more.changeSetId ? { ChangeSetId: more.changeSetId } : {}),
    },
  };
}

/** CreateChangeSet succeeds and the change set is ready with these changes; execute and delete succeed. */
function readyChangeSet(cf: AwsClientStub<CloudFormationClient>, changes: Change[], stackId = STACK.id): void {
  cf.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: stackId });
  cf.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', Changes: changes });
  cf.on(ExecuteChangeSetCommand).resolves({});
  cf.on(DeleteChangeSetCommand).resolves({});
  cf.on(DeleteStackCommand).resolves({});
}

const TEMPLATE = {
  Resources: {
    Cluster: { Type: 'AWS::ECS::Cluster' },
    TaskRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
  },
};
const TEMPLATES: DeployTemplates = { stackName: STACK.name, body: JSON.stringify(TEMPLATE), parameters: { Env: 'prod' } };
const CHANGES = [resourceChange('Add', 'Cluster', 'AWS::ECS::Cluster'), resourceChange('Add', 'TaskRole', 'AWS::IAM::Role')];

function options(more: Partial<UpOptions> = {}): UpOptions {
  return { target: TARGET, templates: TEMPLATES, yes: false, replaceFailed: false, detach: false, pollInterval: 0, ...more };
}

function kinds(messages: readonly DeployMessage[]): string[] {
  return messages.map((m) => m.kind).filter((kind, i, all) => kind !== 'event' || all[i - 1] !== 'event');
}

function eventLines(messages: readonly DeployMessage[]): string[] {
  return messages.flatMap((m) => (m.kind === 'event' ? [`${m.done}/${m.total} ${m.event.stackName}/${m.event.logicalId} ${m.event.status}`] : []));
}

/** A create: REVIEW_IN_PROGRESS (the change set) before execution, then the resources, then CREATE_COMPLETE. */
function scriptCreate(cf: AwsClientStub<CloudFormationClient>, outputs: Record<string, string> = {}): void {
  cf.on(DescribeStacksCommand, { StackName: STACK.name }).rejects(missingStack(STACK.name));
  readyChangeSet(cf, CHANGES);
  timeline(
    cf,
    STACK,
    [event(STACK, STACK.name, 'REVIEW_IN_PROGRESS', { reason: 'User Initiated' })],
    [
      { status: 'CREATE_IN_PROGRESS', events: [event(STACK, STACK.name, 'CREATE_IN_PROGRESS', { reason: 'User Initiated' }), event(STACK, 'Cluster', 'CREATE_IN_PROGRESS')] },
      {
        status: 'CREATE_IN_PROGRESS',
        events: [event(STACK, 'TaskRole', 'CREATE_IN_PROGRESS', { type: 'AWS::IAM::Role' }), event(STACK, 'Cluster', 'CREATE_COMPLETE')],
      },
      { status: 'CREATE_COMPLETE', events: [event(STACK, 'TaskRole', 'CREATE_COMPLETE', { type: 'AWS::IAM::Role' }), event(STACK, STACK.name, 'CREATE_COMPLETE')] },
    ],
    outputs,
  );
}

describe('up, against a scripted CloudFormation', () => {
  let cf: AwsClientStub<CloudFormationClient>;

  beforeEach(() => {
    cf = mockClient(CloudFormationClient);
    // What the approval compares the change with: a deployed stack without resources or nested stacks.
    cf.on(GetTemplateCommand).resolves({ TemplateBody: '{"Resources": {}}' });
    cf.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
  });

  afterEach(() => {
    cf.restore();
  });

  it('creates a new stack: CREATE change set, confirmation, execution, progress, succeeded with the outputs', async () => {
    scriptCreate(cf, { ClusterName: 'shop-cluster' });
    const { io, messages, questions } = recorder(true);

    const result = await up(options(), io);

    expect(result).toEqual({ kind: 'succeeded', stackName: 'shop', status: 'CREATE_COMPLETE', outputs: { ClusterName: 'shop-cluster' } });
    expect(questions).toEqual(['Deploy these changes to shop?']);
    expect(kinds(messages)).toEqual(['change-set', 'executing', 'event']);
    expect(messages[0]).toEqual({
      kind: 'change-set',
      changeSetType: 'CREATE',
      changes: [
        { action: 'Add', logicalId: 'Cluster', type: 'AWS::ECS::Cluster' },
        { action: 'Add', logicalId: 'TaskRole', type: 'AWS::IAM::Role' },
      ],
    });
    // Oldest first, nothing from before the execution (REVIEW_IN_PROGRESS), the count up to 2/2.
    expect(eventLines(messages)).toEqual([
      '0/2 shop/shop CREATE_IN_PROGRESS',
      '0/2 shop/Cluster CREATE_IN_PROGRESS',
      '0/2 shop/TaskRole CREATE_IN_PROGRESS',
      '1/2 shop/Cluster CREATE_COMPLETE',
      '2/2 shop/TaskRole CREATE_COMPLETE',
      '2/2 shop/shop CREATE_COMPLETE',
    ]);
    const [create] = cf.commandCalls(CreateChangeSetCommand);
    expect(create?.args[0].input).toEqual({
      StackName: 'shop',
      ChangeSetName: changeSetName(TEMPLATES),
      ChangeSetType: 'CREATE',
      TemplateBody: TEMPLATES.body,
      Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }],
      Capabilities: ['CAPABILITY_IAM'],
      IncludeNestedStacks: true,
    });
    expect(cf.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input).toEqual({ ChangeSetName: CHANGE_SET_ID });
    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(0);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('updates an existing stack: UPDATE change set with replacements shown, earlier events left out', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'UPDATE_COMPLETE'));
    readyChangeSet(cf, [resourceChange('Modify', 'Cluster', 'AWS::ECS::Cluster', { replacement: 'True' })]);
    const earlier = [event(STACK, 'Cluster', 'CREATE_COMPLETE'), event(STACK, STACK.name, 'UPDATE_COMPLETE')];
    timeline(cf, STACK, earlier, [
      { status: 'UPDATE_IN_PROGRESS', events: [event(STACK, STACK.name, 'UPDATE_IN_PROGRESS'), event(STACK, 'Cluster', 'UPDATE_IN_PROGRESS')] },
      { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', events: [event(STACK, 'Cluster', 'UPDATE_COMPLETE'), event(STACK, STACK.name, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')] },
      { status: 'UPDATE_COMPLETE', events: [event(STACK, 'Cluster', 'DELETE_COMPLETE'), event(STACK, STACK.name, 'UPDATE_COMPLETE')] },
    ]);
    const { io, messages } = recorder(true);

    const result = await up(options(), io);

    expect(result).toEqual({ kind: 'succeeded', stackName: 'shop', status: 'UPDATE_COMPLETE', outputs: {} });
    expect(messages[0]).toEqual({
      kind: 'change-set',
      changeSetType: 'UPDATE',
      changes: [{ action: 'Modify', logicalId: 'Cluster', type: 'AWS::ECS::Cluster', replacement: 'True' }],
    });
    expect(eventLines(messages)).toEqual([
      '0/1 shop/shop UPDATE_IN_PROGRESS',
      '0/1 shop/Cluster UPDATE_IN_PROGRESS',
      '1/1 shop/Cluster UPDATE_COMPLETE',
      '1/1 shop/shop UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      '1/1 shop/Cluster DELETE_COMPLETE',
      '1/1 shop/shop UPDATE_COMPLETE',
    ]);
    expect(cf.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe('UPDATE');
  });

  it('an empty change set is "up to date": the change set is deleted, nothing executed', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'UPDATE_COMPLETE'));
    cf.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: STACK.id });
    cf.on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: 'CREATE_PENDING' })
      .resolves({ Status: 'FAILED', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." });
    cf.on(DeleteChangeSetCommand).resolves({});
    const { io, messages } = recorder(true);

    const result = await up(options(), io);

    expect(result).toEqual({ kind: 'up-to-date', stackName: 'shop', outputs: expect.any(Object) });
    expect(messages).toEqual([]);
    expect(cf.commandCalls(DeleteChangeSetCommand).map((c) => c.args[0].input)).toEqual([{ ChangeSetName: CHANGE_SET_ID }]);
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('a failed create is `failed` with the root cause: the first failure with a reason of its own', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).rejects(missingStack(STACK.name));
    readyChangeSet(cf, CHANGES);
    const reason = 'Resource handler returned message: "Role name is not valid"';
    timeline(
      cf,
      STACK,
      [event(STACK, STACK.name, 'REVIEW_IN_PROGRESS')],
      [
        { status: 'CREATE_IN_PROGRESS', events: [event(STACK, STACK.name, 'CREATE_IN_PROGRESS'), event(STACK, 'Cluster', 'CREATE_IN_PROGRESS')] },
        {
          status: 'ROLLBACK_IN_PROGRESS',
          events: [
            event(STACK, 'Cluster', 'CREATE_FAILED', { reason: 'Resource creation cancelled' }),
            event(STACK, 'TaskRole', 'CREATE_FAILED', { type: 'AWS::IAM::Role', reason }),
            event(STACK, STACK.name, 'ROLLBACK_IN_PROGRESS', { reason: 'The following resource(s) failed to create: [Cluster, TaskRole].' }),
          ],
        },
        { status: 'ROLLBACK_COMPLETE', events: [event(STACK, 'Cluster', 'DELETE_COMPLETE'), event(STACK, STACK.name, 'ROLLBACK_COMPLETE')] },
      ],
    );
    const { io } = recorder(true);

    const result = await up(options(), io);

    expect(result).toEqual({
      kind: 'failed',
      stackName: 'shop',
      status: 'ROLLBACK_COMPLETE',
      rootCause: { stackName: 'shop', logicalId: 'TaskRole', type: 'AWS::IAM::Role', status: 'CREATE_FAILED', reason },
    });
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('follows a nested stack: its changes and events are reported, and the root cause is found in it', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'UPDATE_COMPLETE'));
    readyChangeSet(cf, []);
    // The root change set has two pages; its nested stack row points at the nested change set.
    cf.on(DescribeChangeSetCommand, { ChangeSetName: CHANGE_SET_ID }).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [resourceChange('Modify', 'Backend', 'AWS::CloudFormation::Stack', { replacement: 'False', changeSetId: NESTED_CHANGE_SET_ID })],
      NextToken: 'page-2',
    });
    cf.on(DescribeChangeSetCommand, { ChangeSetName: CHANGE_SET_ID, NextToken: 'page-2' }).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [resourceChange('Add', 'Cluster', 'AWS::ECS::Cluster')],
    });
    cf.on(DescribeChangeSetCommand, { ChangeSetName: NESTED_CHANGE_SET_ID }).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [resourceChange('Modify', 'Api', 'AWS::ECS::Service', { replacement: 'True' })],
    });
    const nestedBefore = event(NESTED, 'Api', 'CREATE_COMPLETE', { type: 'AWS::ECS::Service' });
    const earlier = [event(STACK, STACK.name, 'UPDATE_COMPLETE')];
    const started = [
      event(STACK, STACK.name, 'UPDATE_IN_PROGRESS'),
      event(STACK, 'Backend', 'UPDATE_IN_PROGRESS', { type: 'AWS::CloudFormation::Stack', physicalId: NESTED.id }),
    ];
    const nestedEvents = [
      nestedBefore,
      event(NESTED, NESTED.name, 'UPDATE_IN_PROGRESS'),
      event(NESTED, 'Api', 'UPDATE_IN_PROGRESS', { type: 'AWS::ECS::Service' }),
      event(NESTED, 'Api', 'UPDATE_FAILED', { type: 'AWS::ECS::Service', reason: 'Invalid request provided: the image does not exist' }),
      event(NESTED, NESTED.name, 'UPDATE_ROLLBACK_IN_PROGRESS', { reason: 'The following resource(s) failed to update: [Api].' }),
    ];
    const failed = [
      event(STACK, 'Backend', 'UPDATE_FAILED', {
        type: 'AWS::CloudFormation::Stack',
        physicalId: NESTED.id,
        reason: `Embedded stack ${NESTED.id} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: The following resource(s) failed to update: [Api].`,
      }),
      event(STACK, STACK.name, 'UPDATE_ROLLBACK_IN_PROGRESS', { reason: 'The following resource(s) failed to update: [Backend].' }),
    ];
    const nestedRolledBack = [event(NESTED, 'Api', 'UPDATE_COMPLETE', { type: 'AWS::ECS::Service' }), event(NESTED, NESTED.name, 'UPDATE_ROLLBACK_COMPLETE')];
    const rolledBack = [
      event(STACK, 'Backend', 'UPDATE_COMPLETE', { type: 'AWS::CloudFormation::Stack', physicalId: NESTED.id }),
      event(STACK, STACK.name, 'UPDATE_ROLLBACK_COMPLETE'),
    ];
    timeline(cf, STACK, earlier, [
      { status: 'UPDATE_IN_PROGRESS', events: started },
      { status: 'UPDATE_ROLLBACK_IN_PROGRESS', events: failed },
      { status: 'UPDATE_ROLLBACK_COMPLETE', events: rolledBack },
    ]);
    eventPages(cf, NESTED.id, () => [...nestedEvents, ...nestedRolledBack]);
    const { io, messages } = recorder(true);

    const result = await up(options({ yes: true }), io);

    expect(messages[0]).toEqual({
      kind: 'change-set',
      changeSetType: 'UPDATE',
      changes: [
        { action: 'Modify', logicalId: 'Backend', type: 'AWS::CloudFormation::Stack', replacement: 'False' },
        { action: 'Modify', logicalId: 'Api', type: 'AWS::ECS::Service', replacement: 'True', nestedStack: 'Backend' },
        { action: 'Add', logicalId: 'Cluster', type: 'AWS::ECS::Cluster' },
      ],
    });
    expect(result).toEqual({
      kind: 'failed',
      stackName: 'shop',
      status: 'UPDATE_ROLLBACK_COMPLETE',
      rootCause: {
        stackName: NESTED.name,
        logicalId: 'Api',
        type: 'AWS::ECS::Service',
        status: 'UPDATE_FAILED',
        reason: 'Invalid request provided: the image does not exist',
      },
    });
    const lines = eventLines(messages);
    expect(lines).toContain(`0/2 ${NESTED.name}/Api UPDATE_FAILED`);
    expect(lines).toContain(`0/2 ${NESTED.name}/${NESTED.name} UPDATE_ROLLBACK_COMPLETE`);
    // The nested stack's event from before the deployment is not reported.
    expect(messages.some((m) => m.kind === 'event' && m.event.status === 'CREATE_COMPLETE')).toBe(false);
    expect(cf.commandCalls(DescribeChangeSetCommand, { ChangeSetName: NESTED_CHANGE_SET_ID })).toHaveLength(1);
  });

  it('UPDATE_ROLLBACK_COMPLETE is `failed`, with the root cause', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'UPDATE_COMPLETE'));
    readyChangeSet(cf, [resourceChange('Modify', 'Cluster', 'AWS::ECS::Cluster', { replacement: 'False' })]);
    timeline(cf, STACK, [], [
      { status: 'UPDATE_IN_PROGRESS', events: [event(STACK, STACK.name, 'UPDATE_IN_PROGRESS'), event(STACK, 'Cluster', 'UPDATE_IN_PROGRESS')] },
      {
        status: 'UPDATE_ROLLBACK_COMPLETE',
        events: [
          event(STACK, 'Cluster', 'UPDATE_FAILED', { reason: 'Cluster settings are not valid' }),
          event(STACK, STACK.name, 'UPDATE_ROLLBACK_IN_PROGRESS'),
          event(STACK, STACK.name, 'UPDATE_ROLLBACK_COMPLETE'),
        ],
      },
    ]);

    const result = await up(options({ yes: true }), recorder().io);

    expect(result).toMatchObject({ kind: 'failed', status: 'UPDATE_ROLLBACK_COMPLETE', rootCause: { logicalId: 'Cluster', reason: 'Cluster settings are not valid' } });
  });

  it('a stack left in ROLLBACK_COMPLETE is `failed` without a root cause, and untouched, without replaceFailed', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'ROLLBACK_COMPLETE'));
    const { io, messages } = recorder(true);

    const result = await up(options(), io);

    expect(result).toEqual({ kind: 'failed', stackName: 'shop', status: 'ROLLBACK_COMPLETE' });
    expect(messages).toEqual([]);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('with replaceFailed, a stack in ROLLBACK_COMPLETE is deleted, waited for, and created again', async () => {
    const fresh: StackRef = { name: STACK.name, id: `${ACCOUNT}:stack/shop/0009` };
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'ROLLBACK_COMPLETE'));
    readyChangeSet(cf, CHANGES, fresh.id);
    timeline(cf, STACK, [], [{ status: 'DELETE_IN_PROGRESS' }, { status: 'DELETE_COMPLETE' }]);
    timeline(
      cf,
      fresh,
      [event(fresh, fresh.name, 'REVIEW_IN_PROGRESS')],
      [{ status: 'CREATE_IN_PROGRESS' }, { status: 'CREATE_COMPLETE', events: [event(fresh, 'Cluster', 'CREATE_COMPLETE'), event(fresh, fresh.name, 'CREATE_COMPLETE')] }],
    );
    const { io, messages } = recorder(true);

    const result = await up(options({ replaceFailed: true }), io);

    expect(result).toMatchObject({ kind: 'succeeded', status: 'CREATE_COMPLETE' });
    expect(kinds(messages)).toEqual(['deleting-failed-stack', 'change-set', 'executing', 'event']);
    expect(messages[0]).toEqual({ kind: 'deleting-failed-stack', status: 'ROLLBACK_COMPLETE' });
    expect(cf.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK.id }]);
    expect(cf.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe('CREATE');
    // The change set was created only once the old stack was gone.
    expect(cf.commandCalls(DescribeStacksCommand, { StackName: STACK.id })).toHaveLength(2);
  });

  it('waits for a stack in UPDATE_IN_PROGRESS before creating the change set', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name })
      .resolvesOnce(described(STACK, 'UPDATE_IN_PROGRESS'))
      .resolves(described(STACK, 'UPDATE_COMPLETE'));
    readyChangeSet(cf, [resourceChange('Modify', 'Cluster', 'AWS::ECS::Cluster', { replacement: 'False' })]);
    timeline(cf, STACK, [], [
      { status: 'UPDATE_IN_PROGRESS' },
      { status: 'UPDATE_IN_PROGRESS' },
      { status: 'UPDATE_COMPLETE', events: [event(STACK, STACK.name, 'UPDATE_COMPLETE')] },
      { status: 'UPDATE_IN_PROGRESS', events: [event(STACK, STACK.name, 'UPDATE_IN_PROGRESS')] },
      { status: 'UPDATE_COMPLETE', events: [event(STACK, 'Cluster', 'UPDATE_COMPLETE'), event(STACK, STACK.name, 'UPDATE_COMPLETE')] },
    ]);
    const { io, messages } = recorder(true);

    const result = await up(options(), io);

    expect(result).toMatchObject({ kind: 'succeeded', status: 'UPDATE_COMPLETE' });
    expect(messages[0]).toEqual({ kind: 'waiting-for-stack', status: 'UPDATE_IN_PROGRESS' });
    expect(kinds(messages)).toEqual(['waiting-for-stack', 'change-set', 'executing', 'event']);
    // The other operation's events are not reported as this deployment's.
    expect(eventLines(messages)).toEqual(['0/1 shop/shop UPDATE_IN_PROGRESS', '1/1 shop/Cluster UPDATE_COMPLETE', '1/1 shop/shop UPDATE_COMPLETE']);
    // The change set came once the stack had settled: after the third look at it (UPDATE_COMPLETE).
    const calls = cf.calls().map((call) => call.args[0]);
    const created = calls.findIndex((command) => command instanceof CreateChangeSetCommand);
    const looks = calls.slice(0, created).filter((command) => command instanceof DescribeStacksCommand && command.input.StackName === STACK.id);
    expect(looks).toHaveLength(3);
  });

  it('a declined confirmation deletes the change set and deploys nothing', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'UPDATE_COMPLETE'));
    readyChangeSet(cf, [resourceChange('Remove', 'Cluster', 'AWS::ECS::Cluster')]);
    const { io, messages, questions } = recorder(false);

    const result = await up(options(), io);

    expect(result).toEqual({ kind: 'declined', stackName: 'shop' });
    expect(questions).toEqual(['Deploy these changes to shop?']);
    expect(kinds(messages)).toEqual(['change-set']);
    expect(cf.commandCalls(DeleteChangeSetCommand).map((c) => c.args[0].input)).toEqual([{ ChangeSetName: CHANGE_SET_ID }]);
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('a declined create also deletes the empty REVIEW_IN_PROGRESS stack its change set made', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).rejects(missingStack(STACK.name));
    readyChangeSet(cf, CHANGES);
    cf.on(DescribeStacksCommand, { StackName: STACK.id }).resolves(described(STACK, 'REVIEW_IN_PROGRESS'));
    cf.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });

    const result = await up(options(), recorder(false).io);

    expect(result).toEqual({ kind: 'declined', stackName: 'shop' });
    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cf.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK.id }]);
  });

  it('with --yes, nothing is asked', async () => {
    scriptCreate(cf);
    const { io, questions } = recorder(false);

    const result = await up(options({ yes: true }), io);

    expect(result.kind).toBe('succeeded');
    expect(questions).toEqual([]);
  });

  it('detach executes and returns without following the stack', async () => {
    scriptCreate(cf);
    const { io, messages } = recorder(true);

    const result = await up(options({ detach: true }), io);

    expect(result).toEqual({ kind: 'detached', stackName: 'shop', changeSetName: changeSetName(TEMPLATES) });
    expect(kinds(messages)).toEqual(['change-set', 'executing']);
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
    expect(cf.commandCalls(DescribeStacksCommand, { StackName: STACK.id })).toHaveLength(0);
  });

  it('Ctrl-C stops following: `interrupted` with the current status, nothing deleted or cancelled', async () => {
    scriptCreate(cf);
    let press = (): void => undefined;
    const pressed = new Promise<void>((resolve) => (press = resolve));
    cf.on(ExecuteChangeSetCommand).callsFake(async () => {
      press();
      return {};
    });
    const { io } = recorder(true, pressed);

    const result = await up(options(), io);

    expect(result).toEqual({ kind: 'interrupted', stackName: 'shop', status: 'CREATE_IN_PROGRESS' });
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(0);
    expect(cf.commandCalls(CancelUpdateStackCommand)).toHaveLength(0);
  });

  it('Ctrl-C while waiting for another operation returns `stopped` before any change set', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'UPDATE_ROLLBACK_IN_PROGRESS'));
    timeline(cf, STACK, [], [{ status: 'UPDATE_ROLLBACK_IN_PROGRESS' }]);

    const result = await up(options(), recorder(true, Promise.resolve()).io);

    expect(result).toEqual({ kind: 'stopped', stackName: 'shop', waitedFor: 'UPDATE_ROLLBACK_IN_PROGRESS' });
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('Ctrl-C before anything is created returns `stopped` and creates nothing', async () => {
    scriptCreate(cf);

    const result = await up(options({ yes: true }), recorder(true, Promise.resolve()).io);

    expect(result).toEqual({ kind: 'stopped', stackName: 'shop' });
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('Ctrl-C while the change set is created returns `stopped`: nothing executed, the change set and its empty stack deleted', async () => {
    scriptCreate(cf);
    cf.on(DescribeStacksCommand, { StackName: STACK.id }).resolves(described(STACK, 'REVIEW_IN_PROGRESS'));
    cf.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    let press = (): void => undefined;
    const pressed = new Promise<void>((resolve) => (press = resolve));
    cf.on(CreateChangeSetCommand).callsFake(async () => {
      press();
      return { Id: CHANGE_SET_ID, StackId: STACK.id };
    });

    const result = await up(options({ yes: true }), recorder(true, pressed).io);

    expect(result).toEqual({ kind: 'stopped', stackName: 'shop' });
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cf.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK.id }]);
  });

  it('a change set CloudFormation rejects is an E_CHANGE_SET_FAILED error, and is deleted with its empty stack', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).rejects(missingStack(STACK.name));
    readyChangeSet(cf, []);
    cf.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: 'Parameters: [Env] must have values' });
    cf.on(DescribeStacksCommand, { StackName: STACK.id }).resolves(described(STACK, 'REVIEW_IN_PROGRESS'));
    cf.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });

    const failure = await up(options(), recorder().io).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ComposeXError);
    expect(failure).toMatchObject({ code: 'E_CHANGE_SET_FAILED' });
    expect((failure as Error).message).toContain('Parameters: [Env] must have values');
    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cf.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK.id }]);
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('a change set of the same name left by an earlier run is deleted first', async () => {
    scriptCreate(cf);
    const exists = new CloudFormationServiceException({ name: 'AlreadyExistsException', $fault: 'client', $metadata: {}, message: 'ChangeSet exists' });
    cf.on(CreateChangeSetCommand).rejectsOnce(exists).resolves({ Id: CHANGE_SET_ID, StackId: STACK.id });
    const gone = new CloudFormationServiceException({ name: 'ChangeSetNotFoundException', $fault: 'client', $metadata: {}, message: 'not found' });
    cf.on(DescribeChangeSetCommand, { StackName: STACK.name, ChangeSetName: changeSetName(TEMPLATES) }).rejects(gone);

    const result = await up(options({ yes: true }), recorder().io);

    expect(result.kind).toBe('succeeded');
    expect(cf.commandCalls(DeleteChangeSetCommand).map((c) => c.args[0].input)).toEqual([{ StackName: 'shop', ChangeSetName: changeSetName(TEMPLATES) }]);
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(2);
  });

  it('a template over 51,200 bytes goes through S3: the change set names its URL', async () => {
    const s3 = mockClient(S3Client);
    const sts = mockClient(STSClient);
    s3.onAnyCommand().resolves({}).on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'my-templates' }] });
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    try {
      scriptCreate(cf);
      const big = { ...TEMPLATES, body: JSON.stringify({ ...TEMPLATE, Description: 'x'.repeat(51_200) }) };
      const { io, messages } = recorder(true);

      const result = await up(options({ templates: big, bucket: 'my-templates', yes: true }), io);

      expect(result.kind).toBe('succeeded');
      const input = cf.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
      expect(input?.TemplateBody).toBeUndefined();
      expect(input?.TemplateURL).toContain('my-templates');
      expect(messages[0]).toMatchObject({ kind: 'uploaded' });
    } finally {
      s3.restore();
      sts.restore();
    }
  });
});

describe('up, when AWS throttles', () => {
  // aws-sdk-client-mock replaces `send`, which would skip the SDK's retries: here the client's
  // own middleware stack runs, retry included, and a last middleware answers in place of AWS.
  const target = { region: 'eu-west-3' };
  const saved = { ...process.env };

  beforeAll(() => {
    process.env['AWS_ACCESS_KEY_ID'] = 'testing';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';
  });

  afterAll(() => {
    process.env = saved;
  });

  it('a ThrottlingException is retried by the SDK, and the deployment carries on', async () => {
    const client = cloudFormation(target);
    const calls: string[] = [];
    let throttled = false;
    const answers: Record<string, () => object> = {
      DescribeStacksCommand: () => {
        if (!throttled) {
          throttled = true;
          throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
        }
        return described(STACK, 'UPDATE_COMPLETE');
      },
      CreateChangeSetCommand: () => ({ Id: CHANGE_SET_ID, StackId: STACK.id }),
      DescribeChangeSetCommand: () => ({ Status: 'FAILED', StatusReason: 'No updates are to be performed.' }),
      DeleteChangeSetCommand: () => ({}),
    };
    client.middlewareStack.add(
      (_next, context) => async () => {
        const command = context.commandName ?? '';
        calls.push(command);
        const answer = answers[command];
        if (!answer) throw new Error(`unexpected ${command}`);
        return { output: { $metadata: {}, ...answer() }, response: {} };
      },
      { step: 'deserialize', name: 'scriptedCloudFormation', priority: 'high' },
    );
    try {
      const result = await up({ ...options(), target }, recorder().io);

      expect(result).toEqual({ kind: 'up-to-date', stackName: 'shop', outputs: expect.any(Object) });
      expect(calls).toEqual(['DescribeStacksCommand', 'DescribeStacksCommand', 'CreateChangeSetCommand', 'DescribeChangeSetCommand', 'DeleteChangeSetCommand']);
    } finally {
      client.middlewareStack.remove('scriptedCloudFormation');
    }
  });
});

describe('change set inputs', () => {
  const templates = (body: string, nested?: Record<string, string>): DeployTemplates => ({ stackName: 's', body, parameters: {}, ...(nested ? { nested } : {}) });

  const cases: { name: string; body: string; nested?: Record<string, string>; want: string[] }[] = [
    { name: 'no IAM resource', body: '{"Resources": {"C": {"Type": "AWS::ECS::Cluster"}}}', want: [] },
    { name: 'an IAM role', body: '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}}', want: ['CAPABILITY_IAM'] },
    {
      name: 'a named IAM role',
      body: '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "x"}}}}',
      want: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    },
    {
      name: 'an inline policy (its PolicyName is no custom resource name)',
      body: '{"Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "x"}}}}',
      want: ['CAPABILITY_IAM'],
    },
    {
      name: 'YAML with short-form tags',
      body: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${AWS::StackName}-role"\n      Path: !Ref Path\n',
      want: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    },
    { name: 'a template-level transform', body: 'Transform: AWS::Serverless-2016-10-31\nResources: {}\n', want: ['CAPABILITY_AUTO_EXPAND'] },
    {
      name: 'an AWS::Include in short form',
      body: 'Resources:\n  Fn::Transform: !Transform\n    Name: AWS::Include\n    Parameters: {Location: s3://b/k}\n',
      want: ['CAPABILITY_AUTO_EXPAND'],
    },
    {
      name: 'IAM in a nested template',
      body: '{"Resources": {"N": {"Type": "AWS::CloudFormation::Stack"}}}',
      nested: { 'n.json': '{"Resources": {"U": {"Type": "AWS::IAM::User", "Properties": {"UserName": "u"}}}}' },
      want: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    },
  ];

  it.each(cases)('capabilities: $name', ({ body, nested, want }) => {
    expect(requiredCapabilities(templates(body, nested))).toEqual(want);
  });

  it('the change set name is compose-x-<hash>: stable for the same input, different for other parameters', () => {
    const a = { stackName: 's', body: '{}', parameters: { A: '1', B: '2' } };
    expect(changeSetName(a)).toMatch(/^compose-x-[0-9a-f]{12}$/);
    expect(changeSetName({ ...a, parameters: { B: '2', A: '1' } })).toBe(changeSetName(a));
    expect(changeSetName({ ...a, parameters: { A: '1', B: '3' } })).not.toBe(changeSetName(a));
    expect(changeSetName({ ...a, body: '{ }' })).not.toBe(changeSetName(a));
  });
});
