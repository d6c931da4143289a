import { StackSeed, type FakeStep } from '../helpers/fake-cloudformation.js';
import { AFTER_THE_EVENTS, BEFORE_THE_EVENTS, FakeEcs, type FakeService, type FakeStoppedTask } from '../helpers/fake-ecs.js';
import { CASE_TIMEOUT, runCase, STACK } from '../helpers/fake-run.js';
import { conforming, outputSchemas } from '../helpers/output-schemas.js';

/**
 * Why a deployment fails, while it fails: the built CLI as a child process, against the
 * scripted CloudFormation and ECS, whose deployment's tasks stop. Each stopped task is printed
 * once, as it stops, before the stack's failure; on the failure it is the root cause, above the
 * CloudFormation event; `ps` shows each service's last stopped task.
 */

const schemas = outputSchemas();
const CIRCUIT_BREAKER = 'Resource handler returned message: "Error occurred during operation \'ECS Deployment Circuit Breaker was triggered\'." (HandlerErrorCode: GeneralServiceException)';
const PULL_ERROR = 'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref docker.io/library/nginx:1.99: not found';
const ELB = 'Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/proj-web/0123456789abcdef)';

/** The web service: a deployment before this one (its task stopped by the scale-in) and this deployment's. */
function webService(stopped: FakeStoppedTask[]): Record<string, FakeService> {
  return {
    'WebService-physical': {
      serviceName: 'proj-web',
      composeService: 'web',
      deployments: [
        { id: 'ecs-svc/1111', createdAt: BEFORE_THE_EVENTS },
        { id: 'ecs-svc/2222', createdAt: AFTER_THE_EVENTS },
      ],
      stopped: [{ id: 'old0', startedBy: 'ecs-svc/1111', stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/2222)', stopCode: 'ServiceSchedulerInitiated' }, ...stopped],
    },
  };
}

const EXITED: FakeStoppedTask = { id: 'task1', startedBy: 'ecs-svc/2222', stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited', containers: [{ name: 'web', exitCode: 1 }] };
const PULLED: FakeStoppedTask = { id: 'task2', startedBy: 'ecs-svc/2222', stoppedReason: PULL_ERROR, stopCode: 'TaskFailedToStart', containers: [{ name: 'web', reason: PULL_ERROR }] };
/** This deployment's tasks: one exits, one cannot pull its image (listed a poll later), one still stopping after an ELB health check. */
const STOPPED: FakeStoppedTask[] = [EXITED, { ...PULLED, after: 1 }, { id: 'task3', startedBy: 'ecs-svc/2222', stoppedReason: ELB, stopCode: 'ServiceSchedulerInitiated', stopping: true }];

const waiting = (n: number, type: 'CREATE' | 'UPDATE'): FakeStep[] => Array.from({ length: n }, () => ({ status: `${type}_IN_PROGRESS`, events: [] }));

/** An update whose service deploys for a few polls, then the circuit breaker rolls it back. */
const rolledBack = (): FakeStep[] => [
  { status: 'UPDATE_IN_PROGRESS', events: [{ logicalId: 'WebService', status: 'UPDATE_IN_PROGRESS' }] },
  ...waiting(3, 'UPDATE'),
  {
    status: 'UPDATE_ROLLBACK_COMPLETE',
    events: [
      { logicalId: 'WebService', status: 'UPDATE_FAILED', reason: CIRCUIT_BREAKER },
      { logicalId: STACK, status: 'UPDATE_ROLLBACK_IN_PROGRESS' },
      { logicalId: 'WebService', status: 'UPDATE_COMPLETE' },
      { logicalId: STACK, status: 'UPDATE_ROLLBACK_COMPLETE' },
    ],
  },
];

/** A first creation whose tasks cannot pull their image: the stack rolls back to ROLLBACK_COMPLETE. */
const failedCreate = (): FakeStep[] => [
  { status: 'CREATE_IN_PROGRESS', events: [{ logicalId: 'WebService', status: 'CREATE_IN_PROGRESS' }] },
  ...waiting(2, 'CREATE'),
  {
    status: 'ROLLBACK_COMPLETE',
    events: [
      { logicalId: 'WebService', status: 'CREATE_FAILED', reason: CIRCUIT_BREAKER },
      { logicalId: STACK, status: 'ROLLBACK_IN_PROGRESS' },
      { logicalId: 'WebService', status: 'DELETE_COMPLETE' },
      { logicalId: STACK, status: 'ROLLBACK_COMPLETE' },
    ],
  },
];

const deployed = (): StackSeed => new StackSeed(STACK, 'CREATE_COMPLETE', ['WebService']);
const linesOf = (text: string): string[] => text.split('\n').filter((line) => line !== '');
const indexOf = (lines: string[], pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));

describe('up prints the tasks of its deployment that stop, as they stop', () => {
  it('an update rolled back by the circuit breaker: each stopped task once, before the failure; the first is the root cause, above the CloudFormation event; exit 1', async () => {
    const ecs = new FakeEcs(webService(STOPPED));
    const { result } = await runCase({ name: '', args: ['up', '--yes'], seed: deployed(), script: { execute: rolledBack, ecs }, exit: 1, last: /./ });
    expect(result.status).toBe(1);
    const lines = linesOf(result.stdout);
    const exited = lines.filter((line) => /TASK STOPPED\s+web task task1 stopped: Essential container in task exited \(EssentialContainerExited\)$/.test(line));
    expect(exited).toHaveLength(1);
    expect(lines[lines.indexOf(exited[0] ?? '') + 1]).toMatch(/^\s+container web: exit code 1$/);
    const pulled = indexOf(lines, /TASK STOPPED\s+web task task2 stopped: CannotPullContainerError: .* \(TaskFailedToStart\)$/);
    const failed = indexOf(lines, /UPDATE_FAILED\s+AWS::ECS::Service\s+proj\/WebService/);
    expect(lines.indexOf(exited[0] ?? '')).toBeLessThan(pulled);
    expect(pulled).toBeGreaterThan(-1);
    expect(pulled).toBeLessThan(failed);
    // Still stopping while the stack settled: reported with the last look, once.
    expect(lines.filter((line) => line.includes(`web task task3 stopped: ${ELB} (ServiceSchedulerInitiated)`))).toHaveLength(1);
    // The task of the deployment before is not this deployment's.
    expect(result.stdout).not.toContain('old0');
    expect(lines.slice(-4)).toEqual([
      'proj: UPDATE_ROLLBACK_COMPLETE',
      'root cause: web task task1 stopped: Essential container in task exited (EssentialContainerExited)',
      '  container web: exit code 1',
      `  CloudFormation: WebService (AWS::ECS::Service) UPDATE_FAILED: ${CIRCUIT_BREAKER}`,
    ]);
    // Batched: one DescribeTasks a poll at most, each task described until it is reported.
    const described = ecs.calls.filter((call) => call.action === 'DescribeTasks').map((call) => call.input['tasks'] as string[]);
    expect(described.every((batch) => batch.length <= 100)).toBe(true);
    expect(described.flat().filter((arn) => arn.endsWith('/task1'))).toHaveLength(1);
    expect(described.flat().filter((arn) => arn.endsWith('/old0'))).toHaveLength(1);
  }, CASE_TIMEOUT);

  it('a first creation whose tasks cannot pull their image: the pull error is the root cause (ROLLBACK_COMPLETE, exit 1)', async () => {
    const ecs = new FakeEcs(webService([PULLED]));
    const { result } = await runCase({ name: '', args: ['up', '--yes'], script: { execute: failedCreate, ecs }, exit: 1, last: /./ });
    expect(result.status).toBe(1);
    const lines = linesOf(result.stdout);
    expect(indexOf(lines, /TASK STOPPED\s+web task task2 stopped: CannotPullContainerError/)).toBeLessThan(indexOf(lines, /CREATE_FAILED\s+AWS::ECS::Service/));
    expect(lines.slice(-4)).toEqual([
      'proj: ROLLBACK_COMPLETE',
      `root cause: web task task2 stopped: ${PULL_ERROR} (TaskFailedToStart)`,
      `  container web: ${PULL_ERROR}`,
      `  CloudFormation: WebService (AWS::ECS::Service) CREATE_FAILED: ${CIRCUIT_BREAKER}`,
    ]);
  }, CASE_TIMEOUT);

  it('--json: each stopped task is a task-stopped line, and the verdict carries it as stoppedTask; every line conforms', async () => {
    const ecs = new FakeEcs(webService(STOPPED));
    const { result } = await runCase({ name: '', args: ['up', '--yes', '--json'], seed: deployed(), script: { execute: rolledBack, ecs }, exit: 1, last: /./ });
    expect(result.status).toBe(1);
    const all = linesOf(result.stdout).map((line) => conforming(schemas.up, JSON.parse(line)));
    const stopped = all.filter((line) => line['kind'] === 'task-stopped');
    expect(stopped.map((line) => line['taskId'])).toEqual(['task1', 'task2', 'task3']);
    const first = {
      service: 'web',
      logicalId: 'WebService',
      taskId: 'task1',
      stoppedAt: AFTER_THE_EVENTS.toISOString(),
      stoppedReason: 'Essential container in task exited',
      stopCode: 'EssentialContainerExited',
      containers: [{ name: 'web', exitCode: 1 }],
    };
    expect(stopped[0]).toEqual({ kind: 'task-stopped', ...first });
    expect(all.findIndex((line) => line['kind'] === 'task-stopped')).toBeLessThan(all.findIndex((line) => line['status'] === 'UPDATE_FAILED'));
    expect(all.at(-1)).toMatchObject({ kind: 'verdict', outcome: 'failed', exitCode: 1, status: 'UPDATE_ROLLBACK_COMPLETE', stoppedTask: first, rootCause: { logicalId: 'WebService', status: 'UPDATE_FAILED' } });
  }, CASE_TIMEOUT);

  it('when ECS denies the watch, that is said once and the stack is still followed to its verdict', async () => {
    const ecs = new FakeEcs(webService(STOPPED), { DescribeServices: { type: 'AccessDeniedException', message: 'User: ci is not authorized to perform: ecs:DescribeServices' } });
    const execute = (): FakeStep[] => [
      { status: 'UPDATE_IN_PROGRESS', events: [{ logicalId: 'WebService', status: 'UPDATE_IN_PROGRESS' }] },
      ...waiting(2, 'UPDATE'),
      { status: 'UPDATE_COMPLETE', events: [{ logicalId: 'WebService', status: 'UPDATE_COMPLETE' }, { logicalId: STACK, status: 'UPDATE_COMPLETE' }] },
    ];
    const { result } = await runCase({ name: '', args: ['up', '--yes'], seed: deployed(), script: { execute, ecs }, exit: 0, last: /./ });
    expect(result.status).toBe(0);
    expect(linesOf(result.stdout).filter((line) => line.startsWith('not watching the ECS tasks any more: AWS denied ecs:DescribeServices'))).toHaveLength(1);
    expect(ecs.calls.map((call) => call.action)).toEqual(['DescribeServices']);
    expect(linesOf(result.stdout).at(-1)).toBe('proj: UPDATE_COMPLETE');
  }, CASE_TIMEOUT);
});

describe('ps shows the last stopped task of each service', () => {
  const recent = new Date(AFTER_THE_EVENTS.getTime() + 60_000);
  const services = (): Record<string, FakeService> =>
    webService([{ id: 'task9', startedBy: 'ecs-svc/2222', stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited', containers: [{ name: 'web', exitCode: 137 }], stoppedAt: recent }]);

  it('in text', async () => {
    const { result } = await runCase({ name: '', args: ['ps'], seed: deployed(), script: { ecs: new FakeEcs(services()) }, exit: 0, last: /./ });
    expect(result.status).toBe(0);
    expect(linesOf(result.stdout).slice(-3)).toEqual(['LAST STOPPED TASK', 'web task task9 stopped: Essential container in task exited (EssentialContainerExited)', '  container web: exit code 137']);
  }, CASE_TIMEOUT);

  it('in --json, as lastStopped', async () => {
    const { result } = await runCase({ name: '', args: ['ps', '--json'], seed: deployed(), script: { ecs: new FakeEcs(services()) }, exit: 0, last: /./ });
    const doc = conforming(schemas.ps, JSON.parse(result.stdout));
    expect(doc['services']).toEqual([
      expect.objectContaining({
        service: 'web',
        serviceName: 'proj-web',
        lastStopped: { service: 'web', logicalId: 'WebService', taskId: 'task9', stoppedAt: recent.toISOString(), stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited', containers: [{ name: 'web', exitCode: 137 }] },
      }),
    ]);
  }, CASE_TIMEOUT);
});
