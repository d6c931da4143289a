import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastLine } from '../helpers/cli.js';
import { StackSeed, type FakeScript } from '../helpers/fake-cloudformation.js';
import { CASE_TIMEOUT, runCase, STACK } from '../helpers/fake-run.js';

const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:123456789012:cluster/proj-Cluster-1';
const TASK_ARN = 'arn:aws:ecs:us-east-1:123456789012:task/proj-Cluster-1/0f1e2d3c4b5a';
const SESSION = { sessionId: 'ecs-execute-command-0a1b', streamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0a1b', tokenValue: 'token' };
const SEED = new StackSeed(STACK, 'CREATE_COMPLETE', [], '{"Resources": {}}', { ClusterName: 'proj-Cluster-1', WebServiceName: 'proj-WebService-9' });

/** A scripted ECS with one service `web` (exec on or off) and one running task; ExecuteCommand's inputs are kept in `executed`. */
function ecsScript(execEnabled: boolean, executed: Record<string, unknown>[] = []): FakeScript {
  return {
    json: {
      DescribeServices: () => ({
        services: [{ serviceName: 'proj-WebService-9', serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/proj-Cluster-1/proj-WebService-9', enableExecuteCommand: execEnabled, tags: [{ key: 'compose-x:service', value: 'web' }] }],
        failures: [],
      }),
      ListTasks: () => ({ taskArns: [TASK_ARN] }),
      DescribeTasks: () => ({
        tasks: [{ taskArn: TASK_ARN, lastStatus: 'RUNNING', enableExecuteCommand: execEnabled, containers: [{ name: 'web', runtimeId: '0f1e2d3c4b5a-2531612879' }] }],
        failures: [],
      }),
      ExecuteCommand: (input) => {
        executed.push(input);
        return { clusterArn: CLUSTER_ARN, containerName: input['container'], taskArn: TASK_ARN, interactive: true, session: SESSION };
      },
    },
  };
}

/** A folder holding a fake `session-manager-plugin` that writes its arguments, one a line, to `record` and exits 7. */
function fakePlugin(record: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'compose-x-plugin-'));
  const file = path.join(dir, 'session-manager-plugin');
  writeFileSync(file, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${record}'\nexit 7\n`);
  chmodSync(file, 0o755);
  return dir;
}

describe('compose-x exec', () => {
  it('without the Session Manager plugin says how to install it, exit 1, before any call to AWS', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'compose-x-path-'));
    const { result, fake } = await runCase({ name: '', args: ['exec', 'web'], seed: SEED, script: ecsScript(true), env: (env) => ({ ...env, PATH: empty }), exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(lastLine(result.stderr)).toContain('session-manager-plugin');
    expect(result.stderr).toContain('https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html');
    expect(fake.calls).toEqual([]);
  }, CASE_TIMEOUT);

  it('runs the plugin as the AWS CLI does, and exits with its exit code', async () => {
    const record = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-argv-')), 'argv');
    const executed: Record<string, unknown>[] = [];
    const { result, fake } = await runCase({ name: '', args: ['exec', '-T', 'web', 'ls', '/app'], seed: SEED, script: ecsScript(true, executed), env: (env) => ({ ...env, PATH: fakePlugin(record) }), exit: 7, last: /./ });
    expect(result.status).toBe(7);
    expect(executed).toEqual([{ cluster: 'proj-Cluster-1', task: TASK_ARN, container: 'web', interactive: true, command: 'ls /app' }]);
    const argv = readFileSync(record, 'utf8').split('\n').slice(0, -1);
    expect(argv).toHaveLength(6);
    expect(JSON.parse(argv[0]!)).toEqual(SESSION);
    expect(argv.slice(1, 4)).toEqual(['us-east-1', 'StartSession', '']);
    expect(JSON.parse(argv[4]!)).toEqual({ Target: 'ecs:proj-Cluster-1_0f1e2d3c4b5a_0f1e2d3c4b5a-2531612879' });
    expect(argv[5]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.calls).toContain('ecs:ExecuteCommand');
  }, CASE_TIMEOUT);

  it('opens /bin/sh by default, in the task and container given', async () => {
    const record = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-argv-')), 'argv');
    const executed: Record<string, unknown>[] = [];
    await runCase({ name: '', args: ['exec', '--task', '0f1e2d3c4b5a', '--container', 'web', 'web'], seed: SEED, script: ecsScript(true, executed), env: (env) => ({ ...env, PATH: fakePlugin(record) }), exit: 7, last: /./ });
    expect(executed[0]).toMatchObject({ task: TASK_ARN, container: 'web', command: '/bin/sh' });
  }, CASE_TIMEOUT);

  it('on a service without exec names the key to set and up, exit 1', async () => {
    const record = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-argv-')), 'argv');
    const { result, fake } = await runCase({ name: '', args: ['exec', 'web'], seed: SEED, script: ecsScript(false), env: (env) => ({ ...env, PATH: fakePlugin(record) }), exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(lastLine(result.stderr)).toMatch(/x-exec: true.*compose-x up/);
    expect(fake.calls).not.toContain('ecs:ExecuteCommand');
  }, CASE_TIMEOUT);
});
