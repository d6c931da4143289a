import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, type Task } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import type { StackEventRecord } from '../../src/deploy/watch/events.js';
import { explainingTask } from '../../src/deploy/watch/stopped-task.js';
import { TaskWatcher } from '../../src/deploy/watch/tasks.js';
import type { DeployMessage, StoppedTask } from '../../src/deploy/types.js';

/** The watcher of a deployment's ECS tasks, against aws-sdk-client-mock: what it reports, once, and how it asks. */

const ecsMock = mockClient(ECSClient);
const ARN = 'arn:aws:ecs:us-east-1:123456789012';
const T0 = new Date('2026-12-01T10:00:00Z');
const later = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const serviceArn = (name: string): string => `${ARN}:service/proj/${name}`;
const taskArn = (id: string): string => `${ARN}:task/proj/${id}`;

function event(logicalId: string, status: string, more: Partial<StackEventRecord> = {}): StackEventRecord {
  return { timestamp: T0, stackName: 'proj', logicalId, type: 'AWS::ECS::Service', status, eventId: `${logicalId}-${status}`, stackId: 'stack', physicalId: serviceArn(logicalId.toLowerCase()), nested: false, ...more };
}

function stoppedTask(id: string, startedBy = 'ecs-svc/new', more: Partial<Task> = {}): Task {
  return {
    taskArn: taskArn(id),
    startedBy,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stoppedReason: 'Essential container in task exited',
    stopCode: 'EssentialContainerExited',
    stoppedAt: later(30),
    containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 1 }],
    ...more,
  };
}

function watcher(): { watch: TaskWatcher; messages: DeployMessage[] } {
  const messages: DeployMessage[] = [];
  const client = new ECSClient({ region: 'us-east-1' });
  return { watch: new TaskWatcher(() => client, { region: 'us-east-1' }, { emit: (m) => messages.push(m), confirm: async () => true }), messages };
}

const reported = (messages: DeployMessage[]): string[] => messages.flatMap((m) => (m.kind === 'task-stopped' ? [m.task.taskId] : []));

/** DescribeServices answers each service asked for with the deployments given (the old one before T0). */
function services(deployments = [{ id: 'ecs-svc/old', createdAt: later(-3600) }, { id: 'ecs-svc/new', createdAt: later(5) }]): void {
  ecsMock.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
    services: input.services.map((arn) => ({ serviceArn: arn, serviceName: arn.split('/').pop(), deployments })),
  }));
}

/** DescribeTasks answers with the tasks asked for, out of `tasks`. */
function tasks(all: Task[]): void {
  ecsMock.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({ tasks: all.filter((task) => input.tasks.includes(task.taskArn ?? '')) }));
}

beforeEach(() => ecsMock.reset());

describe('TaskWatcher', () => {
  it('reports each stopped task of the deployment once, however often ECS lists it, and describes it only until then', async () => {
    services();
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [taskArn('a'), taskArn('b')] });
    tasks([stoppedTask('a'), stoppedTask('b')]);
    const { watch, messages } = watcher();
    await watch.poll([event('Web', 'UPDATE_IN_PROGRESS')], false);
    await watch.poll([], false);
    await watch.poll([], true);
    expect(reported(messages)).toEqual(['a', 'b']);
    expect(ecsMock.commandCalls(DescribeTasksCommand).map((call) => call.args[0].input.tasks)).toEqual([[taskArn('a'), taskArn('b')]]);
    expect(ecsMock.commandCalls(ListTasksCommand).map((call) => call.args[0].input)).toEqual(Array.from({ length: 3 }, () => ({ cluster: 'proj', serviceName: 'web', desiredStatus: 'STOPPED' })));
    expect(watch.stopped.map((task) => task.containers)).toEqual([[{ name: 'app', exitCode: 1 }], [{ name: 'app', exitCode: 1 }]]);
  });

  it("reports only the tasks of this operation's deployments, and never describes the others twice", async () => {
    services();
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [taskArn('before'), taskArn('mine')] });
    tasks([stoppedTask('before', 'ecs-svc/old'), stoppedTask('mine')]);
    const { watch, messages } = watcher();
    await watch.poll([event('Web', 'UPDATE_IN_PROGRESS')], false);
    await watch.poll([], true);
    expect(reported(messages)).toEqual(['mine']);
    expect(ecsMock.commandCalls(DescribeTasksCommand).map((call) => call.args[0].input.tasks)).toEqual([[taskArn('before'), taskArn('mine')]]);
  });

  it('waits for a stopping task to stop, unless the operation has ended', async () => {
    services();
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [taskArn('slow')] });
    tasks([stoppedTask('slow', 'ecs-svc/new', { lastStatus: 'DEPROVISIONING', containers: [{ name: 'app', lastStatus: 'RUNNING' }] })]);
    const { watch, messages } = watcher();
    await watch.poll([event('Web', 'CREATE_IN_PROGRESS')], false);
    expect(reported(messages)).toEqual([]);
    await watch.poll([], true);
    expect(reported(messages)).toEqual(['slow']);
    await watch.poll([], true);
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(2);
  });

  it('batches: DescribeServices 10 services at a time, DescribeTasks 100 tasks at a time', async () => {
    services();
    const names = Array.from({ length: 23 }, (_, i) => `Svc${i}`);
    const all = Array.from({ length: 150 }, (_, i) => stoppedTask(`t${i}`));
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
    ecsMock.on(ListTasksCommand, { serviceName: 'svc0' }).resolves({ taskArns: all.map((task) => task.taskArn ?? '') });
    tasks(all);
    const { watch, messages } = watcher();
    await watch.poll(names.map((name) => event(name, 'CREATE_IN_PROGRESS')), true);
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input.services?.length)).toEqual([10, 10, 3]);
    expect(ecsMock.commandCalls(DescribeTasksCommand).map((call) => call.args[0].input.tasks?.length)).toEqual([100, 50]);
    expect(reported(messages)).toHaveLength(150);
  });

  it("watches only the stack's services that the operation creates or updates, and asks nothing without one", async () => {
    services();
    const { watch } = watcher();
    await watch.poll(
      [
        event('Web', 'DELETE_IN_PROGRESS'),
        event('Cluster', 'CREATE_IN_PROGRESS', { type: 'AWS::ECS::Cluster', physicalId: 'proj' }),
        event('Api', 'CREATE_IN_PROGRESS', { physicalId: undefined }),
      ],
      false,
    );
    expect(ecsMock.calls()).toHaveLength(0);
  });

  it('backs off after AWS throttles: skips 1, then 2 polls; stops at once when ECS denies', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    ecsMock.on(DescribeServicesCommand).rejects(throttled);
    const { watch, messages } = watcher();
    await watch.poll([event('Web', 'UPDATE_IN_PROGRESS')], false);
    for (let i = 0; i < 4; i += 1) await watch.poll([], false);
    // polls 1 (throttled), 2 skipped, 3 (throttled), 4 and 5 skipped
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(2);
    expect(messages).toEqual([]);
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    ecsMock.on(DescribeServicesCommand).rejects(denied);
    await watch.poll([], false);
    await watch.poll([], true);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(3);
    expect(messages).toEqual([{ kind: 'tasks-unwatched', reason: expect.stringMatching(/^AWS denied .*not authorized/) }]);
  });
});

describe('explainingTask', () => {
  const task = (taskId: string, logicalId: string, stoppedReason = 'Essential container in task exited'): StoppedTask => ({ service: logicalId, logicalId, taskId, stoppedReason, containers: [] });

  it("is the first stopped task of the failed service, else the first; a scale-in only when nothing else stopped", () => {
    const scaledIn = task('s', 'WebService', 'Scaling activity initiated by (deployment ecs-svc/1)');
    expect(explainingTask([task('a', 'ApiService'), scaledIn, task('w', 'WebService')], 'WebService')?.taskId).toBe('w');
    expect(explainingTask([task('a', 'ApiService'), task('w', 'WebService')], 'DbService')?.taskId).toBe('a');
    expect(explainingTask([scaledIn], 'WebService')?.taskId).toBe('s');
    expect(explainingTask([], 'WebService')).toBeUndefined();
  });
});
