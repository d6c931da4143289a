import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeEcs } from './fake-ecs.js';

/**
 * A scripted CloudFormation (and the STS and S3 calls a deployment makes) over HTTP, in the
 * test process, for the built CLI to talk to through AWS_ENDPOINT_URL: the AWS Query
 * protocol, with stacks whose status advances one step per DescribeStacks of that stack, so
 * that a test decides how a deployment ends (a rollback with a failed resource, a deletion
 * that fails...) and what AWS answers (an error on one action, a bucket of another account).
 */

export const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';

/** One event a step adds; `logicalId` is the stack's name for the stack's own status. */
export interface FakeEvent {
  logicalId: string;
  type?: string;
  status: string;
  reason?: string;
}

/** A status the stack reaches on a DescribeStacks, with the events it adds. */
export interface FakeStep {
  status: string;
  events?: FakeEvent[];
}

export interface FakeChange {
  action: 'Add' | 'Modify' | 'Remove';
  logicalId: string;
  type: string;
  replacement?: 'True' | 'False' | 'Conditional';
}

/** An error AWS answers one action with. */
export interface FakeError {
  code: string;
  message: string;
  /** Default 400. */
  status?: number;
}

export interface FakeScript {
  /** The changes of every change set; none makes the change set FAILED with "didn't contain changes". Default: one Add. */
  changes?: FakeChange[];
  /** What executing a change set does, as the steps it goes through. Default: `<TYPE>_COMPLETE` at once. */
  execute?: (type: 'CREATE' | 'UPDATE', stackName: string) => FakeStep[];
  /** What DeleteStack does. Default: DELETE_COMPLETE at once. */
  delete?: (stackName: string) => FakeStep[];
  /** Actions (`CreateChangeSet`, `s3:HeadBucket`...) answered with an error, every time. */
  fail?: Record<string, FakeError>;
  /** Actions never answered: the connection stays open, as an endpoint that hangs. */
  hold?: string[];
  /** After answering this action, the endpoint goes away: it stops listening and drops its connections. */
  dieAfter?: string;
  /** DescribeChangeSets that find a new change set still CREATE_IN_PROGRESS. Default 0. */
  computing?: number;
  /** What ECS answers (test/helpers/fake-ecs.ts). Default: a service of no stack. */
  ecs?: FakeEcs;
  /** The answers of the services of the JSON protocol (ECS), by action (`DescribeServices`): the request's input -> its output. */
  json?: Record<string, (input: Record<string, any>) => unknown>;
}

interface Stack {
  name: string;
  id: string;
  status: string;
  pending: FakeStep[];
  events: Record<string, string>[];
  resources: Set<string>;
  template: string;
  outputs: Record<string, string>;
}

interface ChangeSet {
  id: string;
  name: string;
  stack: Stack;
  type: 'CREATE' | 'UPDATE';
  template: string;
  status: string;
  /** DescribeChangeSets left before it is computed. */
  computing: number;
}

export class StackSeed {
  constructor(
    readonly name: string,
    readonly status: string,
    readonly resources: string[] = [],
    readonly template = '{"Resources": {}}',
    readonly outputs: Record<string, string> = {},
  ) {}
}

function xml(name: string, value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((item) => xml('member', item)).join('')}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object' && value !== null) {
    return `<${name}>${Object.entries(value).map(([key, item]) => xml(key, item)).join('')}</${name}>`;
  }
  const text = String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<${name}>${text}</${name}>`;
}

/** Closes a test's HTTP server and the connections still open on it (nothing when it is not listening). */
export async function stopServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

/** The whole body of a request, as text. */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The service a request is signed for (`cloudformation`, `sts`, `s3`), from its SigV4 credential scope. */
function serviceOf(request: IncomingMessage): string {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? 'unknown';
}

export class FakeCloudFormation {
  readonly stacks = new Map<string, Stack>();
  readonly changeSets = new Map<string, ChangeSet>();
  /** Every action called, in order (`DescribeStacks`, `s3:HeadBucket`...). */
  readonly calls: string[] = [];
  private server: Server | undefined;
  private sequence = 0;

  constructor(public script: FakeScript = {}) {}

  /** The scripted ECS, whose calls are its own (`ecs.calls`), not in `calls`. */
  get ecs(): FakeEcs {
    this.script.ecs ??= new FakeEcs();
    return this.script.ecs;
  }

  /** Starts listening on 127.0.0.1; returns the endpoint URL. */
  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }

  /** A stack that exists before the test runs the CLI. */
  seed(seed: StackSeed): void {
    const stack = this.newStack(seed.name, seed.status, seed.template);
    for (const id of seed.resources) stack.resources.add(id);
    stack.outputs = { ...seed.outputs };
    this.addEvents(stack, [{ logicalId: seed.name, status: seed.status }]);
  }

  /** The environment of a CLI run against this fake (credentials, region, endpoint, an empty HOME). */
  environment(endpoint: string, home: string): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'AKIAFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '2',
      HOME: home,
    };
  }

  private newStack(name: string, status: string, template: string): Stack {
    const stack: Stack = {
      name,
      id: `arn:aws:cloudformation:${REGION}:${ACCOUNT_ID}:stack/${name}/${randomUUID()}`,
      status,
      pending: [],
      events: [],
      resources: new Set(),
      template,
      outputs: {},
    };
    this.stacks.set(name, stack);
    return stack;
  }

  private addEvents(stack: Stack, events: readonly FakeEvent[]): void {
    for (const event of events) {
      this.sequence += 1;
      const own = event.logicalId === stack.name;
      stack.events.push({
        StackId: stack.id,
        StackName: stack.name,
        EventId: `event-${this.sequence}`,
        LogicalResourceId: event.logicalId,
        PhysicalResourceId: own ? stack.id : `${event.logicalId}-physical`,
        ResourceType: event.type ?? (own ? 'AWS::CloudFormation::Stack' : 'AWS::ECS::Service'),
        Timestamp: new Date(Date.UTC(2026, 11, 1, 10, 0, this.sequence)).toISOString(),
        ResourceStatus: event.status,
        ...(event.reason ? { ResourceStatusReason: event.reason } : {}),
      });
      if (!own && event.status.endsWith('_COMPLETE')) stack.resources.add(event.logicalId);
    }
  }

  /** The stack by name (live stacks only) or by ARN (deleted ones too). */
  private stackOf(nameOrId: string): Stack | undefined {
    if (nameOrId.startsWith('arn:')) {
      for (const stack of this.stacks.values()) if (stack.id === nameOrId) return stack;
      return [...this.deleted].find((stack) => stack.id === nameOrId);
    }
    return this.stacks.get(nameOrId);
  }

  private readonly deleted = new Set<Stack>();

  private advance(stack: Stack): void {
    const step = stack.pending.shift();
    if (!step) return;
    stack.status = step.status;
    this.addEvents(stack, step.events ?? [{ logicalId: stack.name, status: step.status }]);
    if (step.status === 'DELETE_COMPLETE') {
      this.stacks.delete(stack.name);
      this.deleted.add(stack);
    }
  }

  private missing(name: string): FakeError {
    return { code: 'ValidationError', message: `Stack with id ${name} does not exist` };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const service = serviceOf(request);
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string' && this.script.json !== undefined) {
      const action = target.split('.').pop() ?? '';
      this.calls.push(`${service}:${action}`);
      const handler = this.script.json?.[action];
      response.writeHead(handler ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(handler ? handler(JSON.parse(body || '{}') as Record<string, unknown>) : { __type: 'InvalidParameterException', message: `no script for ${action}` }));
      return;
    }
    if (service === 's3') {
      this.s3(request, response);
      return;
    }
    if (service === 'ecs') {
      this.ecs.handle(request, body, response);
      return;
    }
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    this.calls.push(action);
    const failure = this.script.fail?.[action];
    const namespace = service === 'sts' ? 'https://sts.amazonaws.com/doc/2011-06-15/' : 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
    const answer = (result: Record<string, unknown>): void => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        `<${action}Response xmlns="${namespace}">${xml(`${action}Result`, result)}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
      );
    };
    const refuse = (error: FakeError): void => {
      response.writeHead(error.status ?? 400, { 'content-type': 'text/xml' });
      response.end(
        `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${error.message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      );
    };
    if (failure) {
      refuse(failure);
      return;
    }
    if (this.script.hold?.includes(action)) return;
    const outcome = this.act(action, params);
    if ('error' in outcome) refuse(outcome.error);
    else answer(outcome.result);
    if (this.script.dieAfter === action) response.on('finish', () => this.die());
  }

  /** Stops listening at once, and drops every connection (the responses written so far are sent). */
  private die(): void {
    this.server?.close();
    this.server?.closeAllConnections();
  }

  private act(action: string, params: URLSearchParams): { result: Record<string, unknown> } | { error: FakeError } {
    const stackName = params.get('StackName') ?? '';
    switch (action) {
      case 'GetCallerIdentity':
        return { result: { Account: ACCOUNT_ID, Arn: `arn:aws:iam::${ACCOUNT_ID}:user/ci`, UserId: 'AIDAFAKE' } };
      case 'DescribeStacks': {
        const stack = this.stackOf(stackName);
        if (!stack) return { error: this.missing(stackName) };
        this.advance(stack);
        const outputs = Object.entries(stack.outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));
        return { result: { Stacks: [{ StackName: stack.name, StackId: stack.id, StackStatus: stack.status, CreationTime: new Date(Date.UTC(2026, 11, 1)), Outputs: outputs }] } };
      }
      case 'DescribeStackEvents': {
        const stack = this.stackOf(stackName);
        if (!stack) return { error: this.missing(stackName) };
        return { result: { StackEvents: [...stack.events].reverse() } };
      }
      case 'ListStackResources': {
        const stack = this.stackOf(stackName);
        if (!stack) return { error: this.missing(stackName) };
        const summaries = [...stack.resources].map((id) => ({ LogicalResourceId: id, PhysicalResourceId: `${id}-physical`, ResourceType: 'AWS::ECS::Service', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }));
        return { result: { StackResourceSummaries: summaries } };
      }
      case 'GetTemplate': {
        const stack = this.stackOf(stackName);
        if (!stack) return { error: this.missing(stackName) };
        return { result: { TemplateBody: stack.template } };
      }
      case 'CreateChangeSet':
        return this.createChangeSet(params);
      case 'DescribeChangeSet': {
        const changeSet = this.changeSetOf(params);
        if (!changeSet) return { error: { code: 'ChangeSetNotFound', message: `ChangeSet [${params.get('ChangeSetName')}] does not exist` } };
        const changes = this.script.changes ?? [{ action: 'Add', logicalId: 'WebService', type: 'AWS::ECS::Service' }];
        if (changeSet.computing > 0) {
          changeSet.computing -= 1;
          return { result: { ChangeSetId: changeSet.id, ChangeSetName: changeSet.name, StackId: changeSet.stack.id, StackName: changeSet.stack.name, Status: 'CREATE_IN_PROGRESS' } };
        }
        const none = changes.length === 0;
        return {
          result: {
            ChangeSetId: changeSet.id,
            ChangeSetName: changeSet.name,
            StackId: changeSet.stack.id,
            StackName: changeSet.stack.name,
            Status: none ? 'FAILED' : changeSet.status,
            ...(none ? { StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." } : {}),
            ExecutionStatus: none ? 'UNAVAILABLE' : 'AVAILABLE',
            Changes: changes.map((c) => ({
              Type: 'Resource',
              ResourceChange: { Action: c.action, LogicalResourceId: c.logicalId, ResourceType: c.type, ...(c.replacement ? { Replacement: c.replacement } : {}) },
            })),
          },
        };
      }
      case 'DeleteChangeSet': {
        const changeSet = this.changeSetOf(params);
        if (changeSet) this.changeSets.delete(changeSet.id);
        return { result: {} };
      }
      case 'ExecuteChangeSet': {
        const changeSet = this.changeSetOf(params);
        if (!changeSet) return { error: { code: 'ChangeSetNotFound', message: 'ChangeSet does not exist' } };
        const { stack, type } = changeSet;
        this.changeSets.delete(changeSet.id);
        stack.template = changeSet.template;
        const done = `${type}_COMPLETE`;
        stack.pending = this.script.execute?.(type, stack.name) ?? [
          { status: done, events: [{ logicalId: 'WebService', status: `${type}_COMPLETE` }, { logicalId: stack.name, status: done }] },
        ];
        stack.status = `${type}_IN_PROGRESS`;
        this.addEvents(stack, [{ logicalId: stack.name, status: stack.status }]);
        return { result: {} };
      }
      case 'DeleteStack': {
        const stack = this.stackOf(stackName);
        if (!stack) return { result: {} };
        stack.pending = this.script.delete?.(stack.name) ?? [{ status: 'DELETE_COMPLETE' }];
        stack.status = 'DELETE_IN_PROGRESS';
        this.addEvents(stack, [{ logicalId: stack.name, status: stack.status }]);
        if (stack.resources.size === 0 && !this.script.delete) this.advance(stack);
        return { result: {} };
      }
      case 'CancelUpdateStack': {
        const stack = this.stackOf(stackName);
        if (!stack) return { error: this.missing(stackName) };
        stack.pending = [{ status: 'UPDATE_ROLLBACK_COMPLETE' }];
        stack.status = 'UPDATE_ROLLBACK_IN_PROGRESS';
        return { result: {} };
      }
      default:
        return { error: { code: 'InvalidAction', message: `the fake does not know ${action}` } };
    }
  }

  private changeSetOf(params: URLSearchParams): ChangeSet | undefined {
    const name = params.get('ChangeSetName') ?? '';
    const direct = this.changeSets.get(name);
    if (direct) return direct;
    const stackName = params.get('StackName') ?? '';
    return [...this.changeSets.values()].find((c) => c.name === name && (c.stack.name === stackName || c.stack.id === stackName));
  }

  private createChangeSet(params: URLSearchParams): { result: Record<string, unknown> } | { error: FakeError } {
    const stackName = params.get('StackName') ?? '';
    const type = params.get('ChangeSetType') === 'CREATE' ? 'CREATE' : 'UPDATE';
    const template = params.get('TemplateBody') ?? params.get('TemplateURL') ?? '';
    let stack = this.stacks.get(stackName);
    if (type === 'CREATE') {
      if (stack && stack.status !== 'REVIEW_IN_PROGRESS') return { error: { code: 'AlreadyExistsException', message: `Stack [${stackName}] already exists` } };
      stack ??= this.newStack(stackName, 'REVIEW_IN_PROGRESS', template);
    }
    if (!stack) return { error: this.missing(stackName) };
    const name = params.get('ChangeSetName') ?? 'change-set';
    const id = `arn:aws:cloudformation:${REGION}:${ACCOUNT_ID}:changeSet/${name}/${randomUUID()}`;
    this.changeSets.set(id, { id, name, stack, type, template, status: 'CREATE_COMPLETE', computing: this.script.computing ?? 0 });
    return { result: { Id: id, StackId: stack.id } };
  }

  /** The S3 calls of a template upload, path-style: the account's buckets and objects, kept in memory. */
  private readonly buckets = new Set<string>();
  private readonly objects = new Set<string>();

  private s3(request: IncomingMessage, response: ServerResponse): void {
    const [bucket, ...key] = new URL(request.url ?? '/', 'http://fake').pathname.split('/').filter((part) => part !== '');
    const settings = (request.url ?? '').includes('?');
    const action =
      bucket === undefined
        ? 's3:ListBuckets'
        : key.length > 0
          ? `s3:${request.method === 'HEAD' ? 'HeadObject' : request.method === 'PUT' ? 'PutObject' : 'GetObject'}`
          : request.method === 'HEAD'
            ? 's3:HeadBucket'
            : request.method === 'PUT' && !settings
              ? 's3:CreateBucket'
              : `s3:${request.method ?? ''}BucketSetting`;
    this.calls.push(action);
    const failure = this.script.fail?.[action];
    if (failure) {
      response.writeHead(failure.status ?? 403, { 'content-type': 'application/xml' });
      response.end(request.method === 'HEAD' ? undefined : `<Error><Code>${failure.code}</Code><Message>${failure.message}</Message></Error>`);
      return;
    }
    const path = `${bucket}/${key.join('/')}`;
    if (action === 's3:ListBuckets') {
      response.writeHead(200, { 'content-type': 'application/xml' });
      const buckets = [...this.buckets].map((name) => xml('Bucket', { Name: name })).join('');
      response.end(`<ListAllMyBucketsResult><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`);
      return;
    }
    if (request.method === 'HEAD') {
      response.writeHead((key.length === 0 ? this.buckets.has(bucket ?? '') : this.objects.has(path)) ? 200 : 404);
      response.end();
      return;
    }
    if (action === 's3:CreateBucket') this.buckets.add(bucket ?? '');
    if (action === 's3:PutObject') this.objects.add(path);
    response.writeHead(200);
    response.end();
  }
}
