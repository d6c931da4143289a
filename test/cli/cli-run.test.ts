import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCli, type CliResult } from '../helpers/cli.js';
import { CAPACITY, CLUSTER_ARN, FakeEcs, NETWORK, TASK_DEFINITION_ARN, TASK_ID, type FakeEcsScript } from '../helpers/fake-ecs-run.js';
import { conforming, outputSchemas } from '../helpers/output-schemas.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** `run` against a scripted ECS and CloudWatch Logs: the task it starts, the logs it follows, the exit code it ends with. */
const dir = tmpProject({ 'docker-compose.yml': 'services:\n  web: {image: nginx}\n' });
const home = mkdtempSync(path.join(tmpdir(), 'compose-x-run-home-'));

async function runAgainst(script: FakeEcsScript, args: string[], env: Record<string, string> = {}): Promise<{ result: CliResult; fake: FakeEcs }> {
  const fake = new FakeEcs(script);
  const endpoint = await fake.start();
  try {
    const result = await startCli(['run', '-p', 'demo', ...args], dir, { ...fake.environment(endpoint, home), ...env }).done;
    return { result, fake };
  } finally {
    await fake.stop();
  }
}

describe('compose-x run', () => {
  it("starts the task as the service runs, with the command and environment overridden, prints its logs and exits with its container's code", async () => {
    const { result, fake } = await runAgainst({ statuses: ['RUNNING'], stopped: { exitCode: 3 }, lines: ['migrating', 'migration failed'] }, ['-e', 'STEP=2', '-e', 'FROM_HERE', '-e', 'UNSET_HERE', 'web', 'npm', 'run', 'migrate'], {
      FROM_HERE: 'yes',
      NO_COLOR: '1',
    });
    expect(result.stdout).toBe('web-1  | migrating\nweb-1  | migration failed\n');
    expect(result.stderr).toBe(`started task ${TASK_ID} of web (Ctrl-C stops it)\n`);
    expect(result.status).toBe(3);
    expect(fake.inputs('ecs:RunTask')).toEqual([
      {
        cluster: CLUSTER_ARN,
        taskDefinition: TASK_DEFINITION_ARN,
        count: 1,
        clientToken: expect.any(String),
        startedBy: 'compose-x run',
        networkConfiguration: NETWORK,
        capacityProviderStrategy: CAPACITY,
        platformVersion: 'LATEST',
        propagateTags: 'TASK_DEFINITION',
        tags: [{ key: 'compose-x:service', value: 'web' }],
        overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'], environment: [{ name: 'STEP', value: '2' }, { name: 'FROM_HERE', value: 'yes' }] }] },
      },
    ]);
    // Each poll reads the same events again: each is printed once.
    expect(fake.inputs('logs:FilterLogEvents').length).toBeGreaterThan(1);
  }, 60_000);

  it('exits 0 when the container does', async () => {
    const { result } = await runAgainst({ stopped: { exitCode: 0 } }, ['web']);
    expect(result.status).toBe(0);
  }, 60_000);

  it('a task that never starts exits 1 with its reason', async () => {
    const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s): nginx:nope not found';
    const { result } = await runAgainst({ statuses: ['PENDING'], stopped: { stoppedReason: 'Task failed to start', containerReason: reason } }, ['web']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`error: the task of web stopped before its container ran: Task failed to start: ${reason}.\n`);
  }, 60_000);

  it('--detach prints the task ID and exits 0 without following', async () => {
    const { result, fake } = await runAgainst({ stopped: { exitCode: 3 } }, ['-d', '--rm', 'web']);
    expect(result.stdout).toBe(`${TASK_ID}\n`);
    expect(result.status).toBe(0);
    expect(fake.inputs('ecs:DescribeTasks')).toEqual([]);
    expect(fake.inputs('logs:FilterLogEvents')).toEqual([]);
  }, 60_000);

  it('--json: the task, its events and its exit, one line each, conforming to schemas/output/run.json', async () => {
    const { result } = await runAgainst({ stopped: { exitCode: 3 }, lines: ['hello'] }, ['--json', 'web']);
    const lines = result.stdout.trim().split('\n').map((line) => conforming(outputSchemas().run, JSON.parse(line)));
    expect(lines).toEqual([
      { kind: 'task', service: 'web', cluster: CLUSTER_ARN, taskArn: expect.stringContaining(TASK_ID), taskId: TASK_ID },
      expect.objectContaining({ kind: 'log', service: 'web', taskId: TASK_ID, message: 'hello' }),
      { kind: 'exit', ok: false, exitCode: 3, taskArn: expect.stringContaining(TASK_ID) },
    ]);
    expect(result.status).toBe(3);
  }, 60_000);

  it('--entrypoint runs a copy of the task definition with the entrypoint replaced', async () => {
    const { result, fake } = await runAgainst({ stopped: { exitCode: 0 } }, ['-d', '--entrypoint', 'sh -c', 'web', 'echo hi']);
    expect(result.status).toBe(0);
    const [registered] = fake.inputs('ecs:RegisterTaskDefinition');
    expect(registered).toMatchObject({ family: 'demo-web-run', containerDefinitions: [{ name: 'web', image: 'nginx', entryPoint: ['sh', '-c'] }], cpu: '256' });
    expect(registered).not.toHaveProperty('revision');
    expect(fake.inputs('ecs:RunTask')[0]).toMatchObject({ taskDefinition: expect.stringContaining('task-definition/demo-web-run:1'), overrides: { containerOverrides: [{ name: 'web', command: ['echo hi'] }] } });
  }, 60_000);

  it('refuses a service the stack does not run (exit 1)', async () => {
    const { result } = await runAgainst({ stopped: { exitCode: 0 } }, ['db']);
    expect(result.stderr).toBe('error: no such service: db (the ECS services of stack demo: web).\n');
    expect(result.status).toBe(1);
  }, 60_000);

  it('Ctrl-C while attached stops the task and exits 130', async () => {
    const fake = new FakeEcs({ statuses: Array<string>(100).fill('RUNNING'), stopped: { exitCode: 0 }, lines: ['working'] });
    const endpoint = await fake.start();
    try {
      const running = startCli(['run', '-p', 'demo', 'web'], dir, { ...fake.environment(endpoint, home), NO_COLOR: '1' });
      const deadline = Date.now() + 30_000;
      while (!running.output().includes('working') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      running.signal('SIGINT');
      const result = await running.done;
      expect(result.stderr).toBe(`started task ${TASK_ID} of web (Ctrl-C stops it)\nstopped task ${TASK_ID}\n`);
      expect(result.status).toBe(130);
      expect(fake.inputs('ecs:StopTask')).toEqual([{ cluster: CLUSTER_ARN, task: expect.stringContaining(TASK_ID), reason: 'Stopped by compose-x run (Ctrl-C)' }]);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
