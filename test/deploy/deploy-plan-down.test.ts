import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { cancel, down, plan } from '../../src/deploy/index.js';
import type { DeployTemplates } from '../../src/deploy/types.js';
import { ComposeXError } from '../../src/parser/diagnostics.js';
import { ACCOUNT, eventsOf, missingStack, recorder, T0, timeline, eventPages, described, type StackRef } from '../helpers/scripted-cloudformation.js';

const event = eventsOf('AWS::S3::Bucket');


const STACK: StackRef = { name: 'shop', id: `${ACCOUNT}:stack/shop/0001` };
const NESTED: StackRef = { name: 'shop-Data-9Z8Y', id: `${ACCOUNT}:stack/shop-Data-9Z8Y/0002` };
const CHANGE_SET_ID = `${ACCOUNT}:changeSet/compose-x-0123456789ab/0003`;
const TARGET = { region: 'us-east-1' };
const TEMPLATES: DeployTemplates = { stackName: STACK.name, body: '{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster"}}}', parameters: {} };

describe('plan, against a scripted CloudFormation', () => {
  let cf: AwsClientStub<CloudFormationClient>;

  beforeEach(() => {
    cf = mockClient(CloudFormationClient);
    cf.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: STACK.id });
    cf.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'Cluster', ResourceType: 'AWS::ECS::Cluster' } }],
    });
    cf.on(DeleteChangeSetCommand).resolves({});
    cf.on(DeleteStackCommand).resolves({});
  });

  afterEach(() => {
    cf.restore();
  });

  it('for a new stack: emits the CREATE change set, deletes it and the empty REVIEW_IN_PROGRESS stack', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).rejects(missingStack(STACK.name));
    cf.on(DescribeStacksCommand, { StackName: STACK.id }).resolves(described(STACK, 'REVIEW_IN_PROGRESS'));
    cf.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    const { io, messages } = recorder();

    const result = await plan({ target: TARGET, templates: TEMPLATES, pollInterval: 0 }, io);

    const changes = [{ action: 'Add', logicalId: 'Cluster', type: 'AWS::ECS::Cluster' }];
    expect(result).toEqual({ kind: 'changes', changeSetType: 'CREATE', changes });
    expect(messages).toEqual([{ kind: 'change-set', changeSetType: 'CREATE', changes }]);
    expect(cf.commandCalls(DeleteChangeSetCommand).map((c) => c.args[0].input)).toEqual([{ ChangeSetName: CHANGE_SET_ID }]);
    expect(cf.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK.id }]);
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('for an existing stack: deletes the UPDATE change set, never the stack', async () => {
    cf.on(DescribeStacksCommand).resolves(described(STACK, 'UPDATE_COMPLETE'));
    const { io } = recorder();

    const result = await plan({ target: TARGET, templates: TEMPLATES, pollInterval: 0 }, io);

    expect(result).toMatchObject({ kind: 'changes', changeSetType: 'UPDATE' });
    expect(cf.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe('UPDATE');
    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('never deletes a stack that is no longer an empty review stack (deployed meanwhile, or holding resources)', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).rejects(missingStack(STACK.name));
    cf.on(DescribeStacksCommand, { StackName: STACK.id })
      .resolvesOnce(described(STACK, 'CREATE_COMPLETE'))
      .resolves(described(STACK, 'REVIEW_IN_PROGRESS'));
    cf.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Cluster', ResourceType: 'AWS::ECS::Cluster', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) }] });

    await plan({ target: TARGET, templates: TEMPLATES, pollInterval: 0 }, recorder().io);
    await plan({ target: TARGET, templates: TEMPLATES, pollInterval: 0 }, recorder().io);

    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(2);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('nothing to change is `up-to-date`, and the empty change set is deleted', async () => {
    cf.on(DescribeStacksCommand).resolves(described(STACK, 'UPDATE_COMPLETE'));
    cf.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: 'No updates are to be performed.' });
    const { io, messages } = recorder();

    expect(await plan({ target: TARGET, templates: TEMPLATES, pollInterval: 0 }, io)).toEqual({ kind: 'up-to-date' });
    expect(messages).toEqual([]);
    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('a stack in ROLLBACK_COMPLETE is an E_STACK_FAILED_CREATE error, and left alone', async () => {
    cf.on(DescribeStacksCommand).resolves(described(STACK, 'ROLLBACK_COMPLETE'));

    await expect(plan({ target: TARGET, templates: TEMPLATES, pollInterval: 0 }, recorder().io)).rejects.toMatchObject({ code: 'E_STACK_FAILED_CREATE' });
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('waits for a stack in progress before planning', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolvesOnce(described(STACK, 'UPDATE_IN_PROGRESS')).resolves(described(STACK, 'UPDATE_COMPLETE'));
    timeline(cf, STACK, [], [{ status: 'UPDATE_IN_PROGRESS' }, { status: 'UPDATE_COMPLETE' }]);
    const { io, messages } = recorder();

    const result = await plan({ target: TARGET, templates: TEMPLATES, pollInterval: 0 }, io);

    expect(result).toMatchObject({ kind: 'changes', changeSetType: 'UPDATE' });
    expect(messages.map((m) => m.kind)).toEqual(['waiting-for-stack', 'change-set']);
  });
});

describe('down, against a scripted CloudFormation', () => {
  let cf: AwsClientStub<CloudFormationClient>;

  beforeEach(() => {
    cf = mockClient(CloudFormationClient);
    cf.on(DeleteStackCommand).resolves({});
    cf.on(ListStackResourcesCommand)
      .resolvesOnce({ StackResourceSummaries: [{ LogicalResourceId: 'Logs', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) }], NextToken: 'more' })
      .resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Data', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) }] });
  });

  afterEach(() => {
    cf.restore();
  });

  it('deletes the stack after confirmation, reports progress, and lists the resources DeletionPolicy kept', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'UPDATE_COMPLETE'));
    const before = [event(STACK, STACK.name, 'UPDATE_COMPLETE')];
    const started = [
      event(STACK, STACK.name, 'DELETE_IN_PROGRESS', { reason: 'User Initiated' }),
      event(STACK, 'Logs', 'DELETE_SKIPPED'),
      event(STACK, 'Data', 'DELETE_IN_PROGRESS', { type: 'AWS::CloudFormation::Stack', physicalId: NESTED.id }),
    ];
    const nestedEvents = [
      event(NESTED, NESTED.name, 'DELETE_IN_PROGRESS'),
      event(NESTED, 'Table', 'DELETE_SKIPPED', { type: 'AWS::DynamoDB::Table' }),
      event(NESTED, NESTED.name, 'DELETE_COMPLETE'),
    ];
    const finished = [event(STACK, 'Data', 'DELETE_COMPLETE', { type: 'AWS::CloudFormation::Stack', physicalId: NESTED.id }), event(STACK, STACK.name, 'DELETE_COMPLETE')];
    timeline(cf, STACK, before, [
      { status: 'DELETE_IN_PROGRESS', events: started },
      { status: 'DELETE_COMPLETE', events: finished },
    ]);
    eventPages(cf, NESTED.id, () => nestedEvents);
    const { io, messages, questions } = recorder(true);

    const result = await down({ target: TARGET, stackName: STACK.name, yes: false, pollInterval: 0 }, io);

    expect(questions).toEqual(['Delete the stack shop and its resources?']);
    expect(result).toEqual({
      kind: 'deleted',
      retained: [
        { timestamp: expect.any(Date), stackName: 'shop', logicalId: 'Logs', type: 'AWS::S3::Bucket', status: 'DELETE_SKIPPED' },
        { timestamp: expect.any(Date), stackName: NESTED.name, logicalId: 'Table', type: 'AWS::DynamoDB::Table', status: 'DELETE_SKIPPED' },
      ],
    });
    expect(cf.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK.id }]);
    const counts = messages.flatMap((m) => (m.kind === 'event' ? [`${m.done}/${m.total} ${m.event.logicalId} ${m.event.status}`] : []));
    expect(counts).toEqual([
      '0/2 shop DELETE_IN_PROGRESS',
      '1/2 Logs DELETE_SKIPPED',
      '1/2 Data DELETE_IN_PROGRESS',
      `1/2 ${NESTED.name} DELETE_IN_PROGRESS`,
      '1/2 Table DELETE_SKIPPED',
      `1/2 ${NESTED.name} DELETE_COMPLETE`,
      '2/2 Data DELETE_COMPLETE',
      '2/2 shop DELETE_COMPLETE',
    ]);
  });

  it('a stack that does not exist is `absent`, without a question', async () => {
    cf.on(DescribeStacksCommand).rejects(missingStack(STACK.name));
    const { io, questions } = recorder(true);

    expect(await down({ target: TARGET, stackName: STACK.name, yes: false, pollInterval: 0 }, io)).toEqual({ kind: 'absent' });
    expect(questions).toEqual([]);
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('a declined confirmation deletes nothing', async () => {
    cf.on(DescribeStacksCommand).resolves(described(STACK, 'CREATE_COMPLETE'));

    expect(await down({ target: TARGET, stackName: STACK.name, yes: false, pollInterval: 0 }, recorder(false).io)).toEqual({ kind: 'declined' });
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('DELETE_FAILED is `failed`, with the resource that could not be deleted', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'CREATE_COMPLETE'));
    const reason = 'The bucket you tried to delete is not empty';
    timeline(cf, STACK, [], [
      { status: 'DELETE_IN_PROGRESS', events: [event(STACK, STACK.name, 'DELETE_IN_PROGRESS')] },
      {
        status: 'DELETE_FAILED',
        events: [event(STACK, 'Logs', 'DELETE_FAILED', { reason }), event(STACK, STACK.name, 'DELETE_FAILED', { reason: 'The following resource(s) failed to delete: [Logs].' })],
      },
    ]);

    const result = await down({ target: TARGET, stackName: STACK.name, yes: true, pollInterval: 0 }, recorder().io);

    expect(result).toEqual({
      kind: 'failed',
      status: 'DELETE_FAILED',
      rootCause: { stackName: 'shop', logicalId: 'Logs', type: 'AWS::S3::Bucket', status: 'DELETE_FAILED', reason },
    });
  });

  it('Ctrl-C stops following the deletion: `interrupted`', async () => {
    cf.on(DescribeStacksCommand, { StackName: STACK.name }).resolves(described(STACK, 'CREATE_COMPLETE'));
    timeline(cf, STACK, [], [{ status: 'DELETE_IN_PROGRESS', events: [event(STACK, STACK.name, 'DELETE_IN_PROGRESS')] }]);

    const result = await down({ target: TARGET, stackName: STACK.name, yes: true, pollInterval: 0 }, recorder(true, Promise.resolve()).io);

    expect(result).toEqual({ kind: 'interrupted', status: 'DELETE_IN_PROGRESS' });
    expect(cf.commandCalls(DeleteStackCommand)).toHaveLength(1);
  });
});

describe('cancel', () => {
  let cf: AwsClientStub<CloudFormationClient>;

  beforeEach(() => {
    cf = mockClient(CloudFormationClient);
    cf.on(CancelUpdateStackCommand).resolves({});
  });

  afterEach(() => {
    cf.restore();
  });

  it('cancels an update in progress', async () => {
    cf.on(DescribeStacksCommand).resolves(described(STACK, 'UPDATE_IN_PROGRESS'));

    await cancel(TARGET, STACK.name);

    expect(cf.commandCalls(CancelUpdateStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK.id }]);
  });

  const refusals: { status: string; says: RegExp }[] = [
    { status: 'CREATE_IN_PROGRESS', says: /a create cannot be cancelled/ },
    { status: 'UPDATE_ROLLBACK_IN_PROGRESS', says: /only an update \(UPDATE_IN_PROGRESS\) can be cancelled/ },
    { status: 'UPDATE_COMPLETE', says: /nothing to cancel/ },
  ];

  it.each(refusals)('refuses a stack in $status with E_NOT_CANCELLABLE, saying why', async ({ status, says }) => {
    cf.on(DescribeStacksCommand).resolves(described(STACK, status));

    const failure = await cancel(TARGET, STACK.name).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ComposeXError);
    expect(failure).toMatchObject({ code: 'E_NOT_CANCELLABLE', message: expect.stringMatching(says) });
    expect(cf.commandCalls(CancelUpdateStackCommand)).toHaveLength(0);
  });

  it('a stack that does not exist is E_STACK_NOT_FOUND', async () => {
    cf.on(DescribeStacksCommand).rejects(missingStack(STACK.name));

    await expect(cancel(TARGET, STACK.name)).rejects.toMatchObject({ code: 'E_STACK_NOT_FOUND' });
  });
});
