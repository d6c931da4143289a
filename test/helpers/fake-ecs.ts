import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A scripted Amazon ECS for the fake CloudFormation (test/helpers/fake-cloudformation.ts): the
 * AWS JSON 1.1 protocol of DescribeServices, ListTasks and DescribeTasks, with services named
 * by the physical ids the fake CloudFormation gives its resources (`WebService-physical`), each
 * with its deployments and the tasks ECS stopped.
 */

export const ECS_ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';

/** A container of a stopped task. */
export interface FakeContainer {
  name: string;
  exitCode?: number;
  reason?: string;
}

/** A task ECS stopped. */
export interface FakeStoppedTask {
  id: string;
  /** The deployment that started it (`ecs-svc/...`). */
  startedBy: string;
  stoppedReason: string;
  stopCode?: string;
  containers?: FakeContainer[];
  /** Listed from this ListTasks of its service on (default 0: at once). */
  after?: number;
  /** The task is still stopping (lastStatus DEPROVISIONING, containers still RUNNING). */
  stopping?: boolean;
  /** Default: AFTER_THE_EVENTS. */
  stoppedAt?: Date;
}

export interface FakeService {
  serviceName: string;
  /** The compose service, as its `compose-x:service` tag. */
  composeService?: string;
  deployments: { id: string; createdAt: Date }[];
  stopped: FakeStoppedTask[];
}

export interface FakeEcsError {
  type: string;
  message: string;
}

/** A time after every event of the fake CloudFormation (its events are on 2026-12-01 from 10:00:00). */
export const AFTER_THE_EVENTS = new Date(Date.UTC(2026, 11, 1, 12));
/** A time before them. */
export const BEFORE_THE_EVENTS = new Date(Date.UTC(2026, 10, 1));

const seconds = (date: Date): number => date.getTime() / 1000;

export class FakeEcs {
  /** Every ECS action called, in order. */
  readonly calls: { action: string; input: Record<string, unknown> }[] = [];
  private readonly listed = new Map<string, number>();

  /** `services` by the physical id of their AWS::ECS::Service; `fail` answers actions with an error. */
  constructor(
    readonly services: Record<string, FakeService> = {},
    readonly fail: Record<string, FakeEcsError> = {},
  ) {}

  handle(request: IncomingMessage, body: string, response: ServerResponse): void {
    const action = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    this.calls.push({ action, input });
    const failure = this.fail[action];
    const outcome = failure ? { error: failure } : this.act(action, input);
    response.writeHead('error' in outcome ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    response.end(JSON.stringify('error' in outcome ? { __type: outcome.error.type, message: outcome.error.message } : outcome.result));
  }

  private serviceNamed(name: unknown): [string, FakeService] | undefined {
    return Object.entries(this.services).find(([, service]) => service.serviceName === name);
  }

  private act(action: string, input: Record<string, unknown>): { result: unknown } | { error: FakeEcsError } {
    switch (action) {
      case 'DescribeServices': {
        const ids = (input['services'] as string[] | undefined) ?? [];
        const known = ids.filter((id) => this.services[id] !== undefined);
        return {
          result: {
            services: known.map((id) => {
              const service = this.services[id] as FakeService;
              return {
                serviceArn: id,
                serviceName: service.serviceName,
                desiredCount: 1,
                runningCount: 0,
                pendingCount: 0,
                deployments: service.deployments.map((d) => ({ id: d.id, createdAt: seconds(d.createdAt), status: 'PRIMARY' })),
                ...(service.composeService ? { tags: [{ key: 'compose-x:service', value: service.composeService }] } : {}),
              };
            }),
            failures: ids.filter((id) => !known.includes(id)).map((arn) => ({ arn, reason: 'MISSING' })),
          },
        };
      }
      case 'ListTasks': {
        const found = this.serviceNamed(input['serviceName']);
        if (!found || input['desiredStatus'] !== 'STOPPED') return { result: { taskArns: [] } };
        const [id, service] = found;
        const count = this.listed.get(id) ?? 0;
        this.listed.set(id, count + 1);
        return { result: { taskArns: service.stopped.filter((task) => (task.after ?? 0) <= count).map((task) => this.taskArn(task)) } };
      }
      case 'DescribeTasks': {
        const arns = (input['tasks'] as string[] | undefined) ?? [];
        const tasks = Object.values(this.services).flatMap((service) => service.stopped.map((task) => ({ service, task })));
        return { result: { tasks: tasks.filter(({ task }) => arns.includes(this.taskArn(task))).map(({ service, task }) => this.described(service, task)), failures: [] } };
      }
      default:
        return { error: { type: 'InvalidParameterException', message: `the fake does not know ${action}` } };
    }
  }

  private taskArn(task: FakeStoppedTask): string {
    return `${ECS_ACCOUNT}:task/default/${task.id}`;
  }

  private described(service: FakeService, task: FakeStoppedTask): Record<string, unknown> {
    const status = task.stopping ? 'DEPROVISIONING' : 'STOPPED';
    return {
      taskArn: this.taskArn(task),
      group: `service:${service.serviceName}`,
      startedBy: task.startedBy,
      lastStatus: status,
      desiredStatus: 'STOPPED',
      stoppedReason: task.stoppedReason,
      ...(task.stopCode ? { stopCode: task.stopCode } : {}),
      ...(task.stopping ? { stoppingAt: seconds(task.stoppedAt ?? AFTER_THE_EVENTS) } : { stoppedAt: seconds(task.stoppedAt ?? AFTER_THE_EVENTS) }),
      containers: (task.containers ?? []).map((container) => ({ ...container, lastStatus: task.stopping ? 'RUNNING' : 'STOPPED' })),
    };
  }
}
