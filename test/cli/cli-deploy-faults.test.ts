import { lastLine } from '../helpers/cli.js';
import { StackSeed } from '../helpers/fake-cloudformation.js';
import { CASE_TIMEOUT, runCase, STACK, type Case } from '../helpers/fake-run.js';

/**
 * Deploy faults through the built CLI: an endpoint that never answers, one that goes away
 * once the deployment runs, and Ctrl-C at every moment (before the change set is executed,
 * nothing is deployed and it is deleted; after, only the watching stops).
 */
const count = (calls: readonly string[], action: string): number => calls.filter((call) => call === action).length;
const endless = (type: 'CREATE' | 'UPDATE') => Array.from({ length: 1000 }, () => ({ status: `${type}_IN_PROGRESS`, events: [] }));

describe('deploy faults, through the built CLI', () => {
  it.each<Case & { command: string }>([
    { command: 'up', name: 'up', args: ['up', '--yes', '--request-timeout', '1'], script: { hold: ['DescribeStacks'] }, exit: 1, last: /./ },
    { command: 'ps', name: 'ps', args: ['ps', '--request-timeout', '1'], script: { hold: ['ListStackResources', 'DescribeStacks'] }, exit: 1, last: /./ },
  ])('$command fails within its request timeout when the endpoint accepts and never answers', async (c) => {
    const started = Date.now();
    const { result } = await runCase(c);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.status).toBe(1);
    expect(lastLine(result.stderr)).toMatch(/^error: http:\/\/127\.0\.0\.1:\d+ did not answer cloudformation:(DescribeStacks|ListStackResources) within 1 s \(2 attempts\)\. Check the network and --endpoint-url/);
  }, CASE_TIMEOUT);

  it('says the deployment goes on, and how to follow it, when the endpoint goes away after the change set was executed', async () => {
    const { result, fake } = await runCase({ name: '', args: ['up', '--yes'], script: { dieAfter: 'ExecuteChangeSet', execute: endless }, exit: 1, last: /./ });
    expect(fake.calls).toContain('ExecuteChangeSet');
    expect(result.status).toBe(1);
    expect(lastLine(result.stderr)).toMatch(
      /^error: the deployment of proj started \(change set compose-x-[0-9a-f]+\) and goes on in AWS, but compose-x can no longer follow it: http:\/\/127\.0\.0\.1:\d+ was not reached \(ECONNREFUSED.*Follow it with `compose-x ps -p proj` or in the CloudFormation console\.$/,
    );
    expect(result.stderr).not.toContain('AWS answered');
  }, CASE_TIMEOUT);

  it.each([
    ['up --yes', ['up', '--yes']],
    ['up (at a terminal, before the question)', ['up']],
  ])('%s: Ctrl-C while the change set is computed executes nothing and deletes it, with the empty stack', async (_, args) => {
    const { result, fake } = await runCase({
      name: '',
      args,
      script: { computing: 20 },
      interruptWhen: (calls) => count(calls, 'DescribeChangeSet') >= 1,
      exit: 1,
      last: /./,
    });
    expect(result.status).toBe(1);
    expect(lastLine(result.stdout)).toBe('proj: stopped before deploying (Ctrl-C); nothing was deployed, and the change set compose-x made was deleted.');
    expect(fake.calls).not.toContain('ExecuteChangeSet');
    expect(fake.calls).toContain('DeleteChangeSet');
    expect([...fake.changeSets.values()]).toEqual([]);
    expect(fake.stacks.has(STACK)).toBe(false);
  }, CASE_TIMEOUT);

  it('plan: Ctrl-C while the change set is computed deletes it, exit 1', async () => {
    const { result, fake } = await runCase({ name: '', args: ['plan'], script: { computing: 20 }, interruptWhen: (calls) => count(calls, 'DescribeChangeSet') >= 1, exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(lastLine(result.stderr)).toBe('error: stopped (Ctrl-C); the change set of proj was deleted, so nothing was planned.');
    expect([...fake.changeSets.values()]).toEqual([]);
    expect(fake.stacks.has(STACK)).toBe(false);
  }, CASE_TIMEOUT);

  it('up: Ctrl-C while it waits for an operation in progress deploys nothing', async () => {
    const { result, fake } = await runCase({
      name: '',
      args: ['up', '--yes'],
      seed: new StackSeed(STACK, 'UPDATE_IN_PROGRESS', ['WebService']),
      interruptWhen: (calls) => count(calls, 'DescribeStacks') >= 2,
      exit: 1,
      last: /./,
    });
    expect(result.status).toBe(1);
    expect(lastLine(result.stdout)).toBe('proj: stopped waiting for the operation in progress (UPDATE_IN_PROGRESS); nothing was deployed.');
    expect(fake.calls).not.toContain('CreateChangeSet');
  }, CASE_TIMEOUT);

  it('up: Ctrl-C after the change set was executed stops watching and deletes nothing', async () => {
    const { result, fake } = await runCase({ name: '', args: ['up', '--yes'], script: { execute: endless }, interruptAfter: 'ExecuteChangeSet', exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Stopped watching proj \(CREATE_IN_PROGRESS\); nothing was deleted and the deployment goes on\.\n\s+follow it:\s+compose-x ps -p proj\n/);
    const after = fake.calls.slice(fake.calls.indexOf('ExecuteChangeSet'));
    expect(after.filter((call) => /^(Delete|Cancel)/.test(call))).toEqual([]);
  }, CASE_TIMEOUT);
});
