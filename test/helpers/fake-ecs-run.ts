import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, stopServer } from './fake-cloudformation.js';

/**
 * A scripted ECS and CloudWatch Logs (and the CloudFormation look-ups of `run` and `logs`)
 * over HTTP, in the test process, for the built CLI to talk to through AWS_ENDPOINT_URL: a
 * stack `demo` with one ECS service `web` and its log group; RunTask starts a task whose
 * DescribeTasks answers go through `statuses`, then STOPPED as `stopped` says.
 */
export const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';
export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:cluster/demo-cluster`;
export const TASK_DEFINITION_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:task-definition/demo-web:7`;
export const TASK_ID = 'f00dfeedbeef4242';
const TASK_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:task/demo-cluster/${TASK_ID}`;

export interface FakeEcsScript {
  /** lastStatus of the task at each DescribeTasks before it stops. Default: one RUNNING. */
  statuses?: string[];
  /** The stopped task's service container: its exit code, or no exit code and the reasons. */
  stopped: { exitCode?: number; stoppedReason?: string; containerReason?: string };
  /** The lines of the task's `web` container. */
  lines?: string[];
}

export const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-web'], assignPublicIp: 'ENABLED' } };
export const CAPACITY = [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }];


export class FakeEcs {
  /** Every action called, in order, with its input (`ecs:RunTask`...). */
  readonly calls: { action: string; input: Record<string, unknown> }[] = [];
  private server: Server | undefined;
  private describes = 0;
  private readonly started = Date.now();

  constructor(readonly script: FakeEcsScript) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }

  /** The inputs of one action. */
  inputs(action: string): Record<string, unknown>[] {
    return this.calls.filter((call) => call.action === action).map((call) => call.input);
  }

  environment(endpoint: string, home: string): Record<string, string> {
    return { AWS_ENDPOINT_URL: endpoint, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: 'AKIAFAKE', AWS_SECRET_ACCESS_KEY: 'fake', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '2', HOME: home };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      const [prefix, action = ''] = target.split('.');
      const service = prefix?.startsWith('Logs') ? 'logs' : 'ecs';
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      this.calls.push({ action: `${service}:${action}`, input });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(this.json(`${service}:${action}`, input)));
      return;
    }
    const action = new URLSearchParams(body).get('Action') ?? '';
    this.calls.push({ action: `cloudformation:${action}`, input: {} });
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(`<${action}Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><${action}Result>${this.xml(action)}</${action}Result></${action}Response>`);
  }

  private xml(action: string): string {
    if (action === 'DescribeStacks') {
      return '<Stacks><member><StackName>demo</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/demo/1</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-12-01T10:00:00Z</CreationTime></member></Stacks>';
    }
    const resource = (id: string, type: string, physical: string): string =>
      `<member><LogicalResourceId>${id}</LogicalResourceId><PhysicalResourceId>${physical}</PhysicalResourceId><ResourceType>${type}</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2026-12-01T10:00:00Z</LastUpdatedTimestamp></member>`;
    return `<StackResourceSummaries>${resource('WebService', 'AWS::ECS::Service', `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:service/demo-cluster/demo-web`)}${resource('WebLogGroup', 'AWS::Logs::LogGroup', '/compose-x/demo/web')}</StackResourceSummaries>`;
  }

  private task(): Record<string, unknown> {
    const statuses = this.script.statuses ?? ['RUNNING'];
    const status = statuses[this.describes - 1];
    if (status !== undefined) return { taskArn: TASK_ARN, lastStatus: status, containers: [{ name: 'web', lastStatus: status }] };
    const { exitCode, stoppedReason, containerReason } = this.script.stopped;
    return {
      taskArn: TASK_ARN,
      lastStatus: 'STOPPED',
      ...(stoppedReason ? { stoppedReason, stopCode: 'TaskFailedToStart' } : { stopCode: 'EssentialContainerExited' }),
      containers: [{ name: 'web', lastStatus: 'STOPPED', ...(exitCode !== undefined ? { exitCode } : {}), ...(containerReason ? { reason: containerReason } : {}) }],
    };
  }

  private json(action: string, input: Record<string, unknown>): Record<string, unknown> {
    switch (action) {
      case 'ecs:DescribeServices':
        return {
          services: [
            {
              serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:service/demo-cluster/demo-web`,
              serviceName: 'demo-web',
              clusterArn: CLUSTER_ARN,
              taskDefinition: TASK_DEFINITION_ARN,
              networkConfiguration: NETWORK,
              capacityProviderStrategy: CAPACITY,
              platformVersion: 'LATEST',
              tags: [{ key: 'compose-x:service', value: 'web' }],
            },
          ],
          failures: [],
        };
      case 'ecs:RunTask':
        return { tasks: [{ taskArn: TASK_ARN, lastStatus: 'PROVISIONING' }], failures: [] };
      case 'ecs:DescribeTasks':
        this.describes += 1;
        return { tasks: [this.task()], failures: [] };
      case 'ecs:StopTask':
        return { task: { taskArn: TASK_ARN, lastStatus: 'STOPPING' } };
      case 'ecs:DescribeTaskDefinition':
        return {
          taskDefinition: {
            taskDefinitionArn: TASK_DEFINITION_ARN,
            family: 'demo-web',
            revision: 7,
            status: 'ACTIVE',
            containerDefinitions: [{ name: 'web', image: 'nginx', entryPoint: ['/docker-entrypoint.sh'] }],
            requiresCompatibilities: ['FARGATE'],
            compatibilities: ['EC2', 'FARGATE'],
            cpu: '256',
            memory: '512',
            networkMode: 'awsvpc',
          },
        };
      case 'ecs:RegisterTaskDefinition':
        return { taskDefinition: { ...input, taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:task-definition/${String(input['family'])}:1` } };
      case 'logs:FilterLogEvents':
        return {
          events: (this.script.lines ?? []).map((message, i) => ({
            logStreamName: `web/web/${TASK_ID}`,
            timestamp: this.started + i,
            ingestionTime: this.started + i,
            message,
            eventId: `event-${i}`,
          })),
          searchedLogStreams: [],
        };
      default:
        return {};
    }
  }
}
