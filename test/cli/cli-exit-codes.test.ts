import { readFileSync } from 'node:fs';
import { lastLine } from '../helpers/cli.js';
import { StackSeed, type FakeStep } from '../helpers/fake-cloudformation.js';
import { CASE_TIMEOUT, renderedTemplate, runCase, STACK, type Case } from '../helpers/fake-run.js';

/**
 * Every documented outcome of the commands, through the built CLI as a child process, against
 * a scripted CloudFormation: the exit code a CI pipeline sees, and the last line it prints.
 */


const failedEvent = (logicalId: string, status: string, reason: string) => ({ logicalId, status, reason });

/** A create that fails on the service and rolls back (between two polls, as a fast failure does). */
const failedCreate = (): FakeStep[] => [
  {
    status: 'ROLLBACK_COMPLETE',
    events: [
      failedEvent('WebService', 'CREATE_FAILED', 'Resource handler returned message: "Invalid request provided: CreateService error"'),
      { logicalId: STACK, status: 'ROLLBACK_IN_PROGRESS' },
      { logicalId: 'WebService', status: 'DELETE_COMPLETE' },
      { logicalId: STACK, status: 'ROLLBACK_COMPLETE' },
    ],
  },
];

/** An update that fails on the service and rolls back. */
const failedUpdate = (): FakeStep[] => [
  {
    status: 'UPDATE_ROLLBACK_COMPLETE',
    events: [
      failedEvent('WebService', 'UPDATE_FAILED', 'Service did not stabilize'),
      { logicalId: STACK, status: 'UPDATE_ROLLBACK_IN_PROGRESS' },
      { logicalId: STACK, status: 'UPDATE_ROLLBACK_COMPLETE' },
    ],
  },
];

/** A deployment that never ends (until the CLI is interrupted). */
const endless = (type: 'CREATE' | 'UPDATE'): FakeStep[] => Array.from({ length: 1000 }, () => ({ status: `${type}_IN_PROGRESS`, events: [] }));

const deployed = (status = 'CREATE_COMPLETE'): StackSeed => new StackSeed(STACK, status, ['WebService']);
const accessDenied = {
  code: 'AccessDenied',
  message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:CreateChangeSet on resource: proj',
  status: 403,
};

const CASES: Case[] = [
  { name: 'up: created', args: ['up', '--yes'], exit: 0, last: /^proj: CREATE_COMPLETE$/ },
  { name: 'up: updated', args: ['up', '--yes'], seed: deployed(), exit: 0, last: /^proj: UPDATE_COMPLETE$/ },
  { name: 'up: up to date', args: ['up', '--yes'], seed: deployed(), script: { changes: [] }, exit: 0, last: /^proj is up to date: nothing to deploy\.$/ },
  { name: 'up: detached', args: ['up', '--yes', '-d'], exit: 0, last: /^proj: deploying \(compose-x-[0-9a-f]+\)\. Follow it with `compose-x ps -p proj`\.$/ },
  { name: 'up: declined at the prompt', args: ['up'], answer: 'n\r', exit: 1, last: /^proj: nothing deployed \(declined\); the change set was deleted\.$/ },
  { name: 'up: Ctrl-C at the prompt', args: ['up'], answer: '\u0003', exit: 1, last: /^proj: nothing deployed \(declined\); the change set was deleted\.$/ },
  { name: 'up: approved at the prompt', args: ['up'], answer: 'y\r', exit: 0, last: /^proj: CREATE_COMPLETE$/ },
  { name: 'up: no terminal and no --yes, a change that widens access', args: ['up'], exit: 1, last: /^proj: nothing deployed: the changes above widen access and there is no terminal to approve them/ },
  {
    name: 'up: no terminal and no --yes, a change that widens nothing',
    args: ['up'],
    seed: new StackSeed(STACK, 'CREATE_COMPLETE', ['WebService'], renderedTemplate()),
    compose: 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      LOG_LEVEL: debug\n    ports:\n      - "80:80"\n',
    exit: 0,
    last: /^proj: UPDATE_COMPLETE$/,
  },
  {
    name: 'up: no terminal, no --yes and --require-approval any-change',
    args: ['up', '--require-approval', 'any-change'],
    seed: new StackSeed(STACK, 'CREATE_COMPLETE', ['WebService'], renderedTemplate()),
    compose: 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      LOG_LEVEL: debug\n    ports:\n      - "80:80"\n',
    exit: 2,
    last: /there is no terminal to confirm the changes\. Review them with `compose-x plan`, then pass --yes/,
    stderr: true,
  },
  {
    name: 'up: failed create (ROLLBACK_COMPLETE)',
    args: ['up', '--yes'],
    script: { execute: failedCreate },
    exit: 1,
    last: /^root cause: WebService \(AWS::ECS::Service\) CREATE_FAILED: Resource handler returned message: "Invalid request provided/,
  },
  {
    name: 'up: update rolled back',
    args: ['up', '--yes'],
    seed: deployed(),
    script: { execute: failedUpdate },
    exit: 1,
    last: /^root cause: WebService \(AWS::ECS::Service\) UPDATE_FAILED: Service did not stabilize$/,
  },
  {
    name: 'up: stack left in ROLLBACK_COMPLETE, without --replace-failed',
    args: ['up', '--yes'],
    seed: deployed('ROLLBACK_COMPLETE'),
    exit: 1,
    last: /^proj is in ROLLBACK_COMPLETE: .*Run `compose-x up --replace-failed`/,
  },
  { name: 'up: stack left in ROLLBACK_COMPLETE, with --replace-failed', args: ['up', '--yes', '--replace-failed'], seed: deployed('ROLLBACK_COMPLETE'), exit: 0, last: /^proj: CREATE_COMPLETE$/ },
  {
    name: 'up: interrupted while following',
    args: ['up', '--yes'],
    script: { execute: endless },
    interruptAfter: 'ExecuteChangeSet',
    exit: 1,
    last: /^\s*cancel it:\s+compose-x cancel -p proj$/,
  },
  {
    name: 'up: a --profile no service has',
    args: ['up', '--yes', '--profile', 'prod'],
    exit: 2,
    last: /--profile prod: no service of the project has this compose profile \(the project has no profiles\)\. .*For the AWS profile, pass --aws-profile prod/,
    stderr: true,
  },
  { name: 'up: bad input', args: ['up', '--yes'], compose: 'services:\n  web:\n    image: nginx\n    prots: []\n', exit: 2, last: /unknown key "prots"/, stderr: true },
  {
    name: 'up: AWS error',
    args: ['up', '--yes'],
    script: { fail: { CreateChangeSet: accessDenied } },
    exit: 1,
    last: /^error: AWS denied cloudformation:CreateChangeSet: User: .* is not authorized/,
    stderr: true,
  },

  { name: 'plan: changes', args: ['plan'], exit: 0, last: /^plan only: the change set was deleted; `compose-x up` applies these changes\.$/ },
  { name: 'plan: up to date', args: ['plan'], seed: deployed(), script: { changes: [] }, exit: 0, last: /^proj is up to date: nothing would change\.$/ },
  { name: 'plan: stack in ROLLBACK_COMPLETE', args: ['plan'], seed: deployed('ROLLBACK_COMPLETE'), exit: 1, last: /ROLLBACK_COMPLETE after a failed create/, stderr: true },
  { name: 'plan: bad input', args: ['plan'], compose: 'services: {}\nvolumes: 3\n', exit: 2, last: /^error: /, stderr: true },
  { name: 'plan: AWS error', args: ['plan'], script: { fail: { CreateChangeSet: accessDenied } }, exit: 1, last: /AWS denied cloudformation:CreateChangeSet/, stderr: true },

  { name: 'down: deleted', args: ['down', '--yes'], seed: deployed(), exit: 0, last: /^proj: DELETE_COMPLETE$/ },
  { name: 'down: no stack', args: ['down', '--yes'], exit: 0, last: /^proj does not exist: nothing to delete\.$/ },
  { name: 'down: declined at the prompt', args: ['down'], seed: deployed(), answer: 'n\r', exit: 1, last: /^proj: nothing deleted \(declined\)\.$/ },
  {
    name: 'down: deletion failed',
    args: ['down', '--yes'],
    seed: deployed(),
    script: { delete: () => [{ status: 'DELETE_FAILED', events: [failedEvent('WebService', 'DELETE_FAILED', 'The service is still draining'), { logicalId: STACK, status: 'DELETE_FAILED' }] }] },
    exit: 1,
    last: /^root cause: WebService \(AWS::ECS::Service\): The service is still draining$/,
  },
  {
    name: 'down: interrupted while following',
    args: ['down', '--yes'],
    seed: deployed(),
    script: { delete: () => Array.from({ length: 1000 }, () => ({ status: 'DELETE_IN_PROGRESS', events: [] })) },
    interruptAfter: 'DeleteStack',
    exit: 1,
    last: /^Stopped watching proj \(DELETE_IN_PROGRESS\); the deletion goes on\./,
  },
  { name: 'down: AWS error', args: ['down', '--yes'], seed: deployed(), script: { fail: { DeleteStack: { ...accessDenied, message: 'not authorized to perform: cloudformation:DeleteStack' } } }, exit: 1, last: /AWS denied cloudformation:DeleteStack/, stderr: true },

  { name: 'cancel: update in progress', args: ['cancel'], seed: deployed('UPDATE_IN_PROGRESS'), exit: 0, last: /^proj: update cancelled; CloudFormation rolls it back\./ },
  { name: 'cancel: nothing to cancel', args: ['cancel'], seed: deployed(), exit: 1, last: /no update is in progress, so there is nothing to cancel/, stderr: true },
  { name: 'cancel: AWS error', args: ['cancel'], seed: deployed('UPDATE_IN_PROGRESS'), script: { fail: { CancelUpdateStack: { ...accessDenied, message: 'denied' } } }, exit: 1, last: /AWS denied cloudformation:CancelUpdateStack: denied/, stderr: true },

  { name: 'diff: not deployed', args: ['diff'], exit: 0, last: /./ },
  { name: 'diff: against the deployed template', args: ['diff'], seed: deployed(), exit: 0, last: /./ },
  { name: 'diff: --fail, with differences', args: ['diff', '--fail'], exit: 1, last: /./ },
  { name: 'diff: --fail, without differences', args: ['diff', '--fail'], seed: new StackSeed(STACK, 'CREATE_COMPLETE', ['WebService'], renderedTemplate()), exit: 0, last: /^proj: no differences\.$/ },
  { name: 'diff: bad input', args: ['diff'], compose: 'services:\n  web:\n    image: [1]\n', exit: 2, last: /^error: /, stderr: true },
  { name: 'diff: AWS error', args: ['diff'], seed: deployed(), script: { fail: { GetTemplate: { ...accessDenied, message: 'denied' } } }, exit: 1, last: /AWS denied cloudformation:GetTemplate/, stderr: true },

  { name: 'render: written', args: ['render', '-d', 'out'], exit: 0, last: /^wrote .*proj\.review\.md$/ },
  { name: 'render: bad input', args: ['render', '-d', 'out'], compose: 'services:\n  web:\n    image: nginx\n    prots: []\n', exit: 2, last: /unknown key "prots"/, stderr: true },
  { name: 'validate: valid', args: ['validate'], exit: 0, last: /^proj: valid \(1 service from 1 file; \d+ resources pass the CloudFormation specification check and the ECS rules\)$/ },
  { name: 'validate: bad input', args: ['validate'], compose: 'services:\n  web:\n    image: nginx\n    prots: []\n', exit: 2, last: /unknown key "prots"/, stderr: true },
  {
    name: 'validate: breaks an ECS rule',
    args: ['validate'],
    compose: 'services:\n  web:\n    image: nginx\n    user: "1000"\n    expose: ["80"]\n',
    exit: 2,
    last: /\(rule privileged-port\)$/,
    stderr: true,
  },
];

const without = (...names: string[]) => (env: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));

/** A project whose template is over the 51,200 bytes of a TemplateBody, so `up` uploads it to S3. */
const LARGE = `services:\n${Array.from({ length: 40 }, (_, i) => `  web${i}:\n    image: nginx:1.27\n    environment:\n      GREETING: "${'hello '.repeat(40)}"\n`).join('')}`;

/** What AWS (or its absence) can do to a deployment, each said in words with exit code 1. */
const AWS_PROBLEMS: Case[] = [
  { name: 'no region', args: ['up', '--yes'], env: without('AWS_REGION'), exit: 1, last: /^error: no AWS region is set\. Pass --region, or set AWS_REGION or AWS_DEFAULT_REGION/, stderr: true },
  { name: 'AWS_DEFAULT_REGION is honoured', args: ['up', '--yes'], env: (env) => ({ ...without('AWS_REGION')(env), AWS_DEFAULT_REGION: 'us-east-1' }), exit: 0, last: /^proj: CREATE_COMPLETE$/ },
  {
    name: 'no credentials',
    args: ['up', '--yes'],
    env: without('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'),
    exit: 1,
    last: /^error: no AWS credentials were found \(.*\)\. Set AWS_PROFILE \(or --aws-profile\), or AWS_ACCESS_KEY_ID/,
    stderr: true,
  },
  {
    name: 'expired credentials',
    args: ['up', '--yes'],
    script: { fail: { DescribeStacks: { code: 'ExpiredToken', message: 'The security token included in the request is expired' } } },
    exit: 1,
    last: /^error: the AWS credentials have expired \(AWS answered ExpiredToken to cloudformation:DescribeStacks\)\. Refresh them/,
    stderr: true,
  },
  {
    name: 'an endpoint that cannot be reached',
    args: ['up', '--yes'],
    env: (env) => ({ ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }),
    exit: 1,
    last: /^error: http:\/\/127\.0\.0\.1:1 was not reached \(ECONNREFUSED after 2 attempts\) for cloudformation:DescribeStacks: no answer came back\./,
    stderr: true,
  },
  { name: 'access denied, with the action named', args: ['up', '--yes'], script: { fail: { CreateChangeSet: accessDenied } }, exit: 1, last: /^error: AWS denied cloudformation:CreateChangeSet: .*The credentials in use need permission for cloudformation:CreateChangeSet\.$/, stderr: true },
  {
    name: 'throttling after the retries',
    args: ['up', '--yes'],
    script: { fail: { DescribeStacks: { code: 'Throttling', message: 'Rate exceeded' } } },
    exit: 1,
    last: /^error: AWS kept throttling cloudformation:DescribeStacks after 2 attempts\. Wait a minute and run again\.$/,
    stderr: true,
  },
  {
    name: "a template bucket of another account",
    args: ['up', '--yes'],
    compose: LARGE,
    script: { fail: { 's3:HeadBucket': { code: 'Forbidden', message: '', status: 403 } } },
    exit: 1,
    last: /^error: the template bucket compose-x-123456789012-us-east-1 exists but is not yours to use: S3 answered 403 .*Pass --bucket/,
    stderr: true,
  },
];

describe('exit codes and last lines through the built CLI', () => {
  it.each(CASES)('$name -> exit $exit', async (c) => {
    const { result } = await runCase(c);
    expect({ status: result.status, last: lastLine(c.stderr ? result.stderr : result.stdout) }).toEqual({ status: c.exit, last: expect.stringMatching(c.last) });
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  }, CASE_TIMEOUT);

  it.each(AWS_PROBLEMS)('$name -> exit $exit, said in words', async (c) => {
    const { result } = await runCase(c);
    expect({ status: result.status, last: lastLine(c.stderr ? result.stderr : result.stdout) }).toEqual({ status: c.exit, last: expect.stringMatching(c.last) });
    expect(result.stderr).not.toMatch(/internal error|AWS answered ECONNREFUSED|\n\s+at /);
  }, CASE_TIMEOUT);

  it.each(CASES.filter((c) => c.answer !== undefined && c.exit === 1 && c.args[0] === 'up').concat(CASES.filter((c) => c.name === 'up: no terminal and no --yes')))(
    '$name leaves no change set and no empty stack behind',
    async (c) => {
      const { fake } = await runCase(c);
      expect(fake.calls).toContain('DeleteChangeSet');
      expect([...fake.changeSets.values()]).toEqual([]);
      expect(fake.stacks.has(STACK)).toBe(false);
    },
    CASE_TIMEOUT,
  );

  it('plan of a new stack leaves neither its change set nor the empty stack behind', async () => {
    const { fake } = await runCase({ name: 'plan', args: ['plan'], exit: 0, last: /./ });
    expect([...fake.changeSets.values()]).toEqual([]);
    expect(fake.stacks.has(STACK)).toBe(false);
  }, CASE_TIMEOUT);
});

/** Rows of the README's table whose case runs the built CLI in another suite (the day-two commands, against their scripted or moto endpoints). */
const ELSEWHERE: { name: string; exit: number; suite: string }[] = [
  { name: 'logs: printed, or followed and stopped with Ctrl-C', exit: 0, suite: 'test/deploy/logs-moto.test.ts' },
  { name: 'logs: no such stack or service, AWS error', exit: 1, suite: 'test/deploy/logs-moto.test.ts' },
  { name: 'run: detached', exit: 0, suite: 'test/cli/cli-run.test.ts' },
  { name: 'run: the task stopped before its container ran (CannotPullContainerError...)', exit: 1, suite: 'test/cli/cli-run.test.ts' },
  { name: 'exec: no Session Manager plugin, or exec not enabled on the service', exit: 1, suite: 'test/cli/cli-exec.test.ts' },
  { name: 'ls: listed', exit: 0, suite: 'test/deploy/ls-moto.test.ts' },
  { name: 'ls: a filter other than name=', exit: 2, suite: 'test/deploy/ls-moto.test.ts' },
];

describe("the README's table of exit codes", () => {
  const rows = [...readFileSync('README.md', 'utf8').matchAll(/^\| `([a-z]+)` \| ([^|]+) \| (\d) \|$/gm)].map((m) => ({
    name: `${m[1]}: ${(m[2] ?? '').trim()}`,
    exit: Number(m[3]),
  }));

  it('is the table of the cases above, row for row', () => {
    const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);
    expect(rows.length).toBeGreaterThan(30);
    const cases = [...CASES.map((c) => ({ name: c.name, exit: c.exit })), ...ELSEWHERE.map(({ name, exit }) => ({ name, exit }))];
    expect([...rows].sort(byName)).toEqual(cases.sort(byName));
  });

  it('names, for the rows checked in another suite, a suite that asserts that exit code', () => {
    for (const row of ELSEWHERE) expect(readFileSync(row.suite, 'utf8')).toContain(`status).toBe(${row.exit})`);
  });
});
