import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { StackSeed } from '../helpers/fake-cloudformation.js';
import { CASE_TIMEOUT, COMPOSE, renderedTemplate, runCase, STACK } from '../helpers/fake-run.js';
import { conforming, outputSchemas } from '../helpers/output-schemas.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * --json through the built CLI: one document on stdout (NDJSON for `up`) that conforms to its
 * schema in schemas/output/, warnings and errors with their codes and positions, errors as a
 * document too; `up --outputs-file`; `diff --fail`.
 */
const schemas = outputSchemas();
const lines = (stdout: string): unknown[] => stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);

describe('validate --json', () => {
  it('is one document with the project counts and each warning at its position', () => {
    const dir = tmpProject({ 'compose.yaml': 'x-vcp:\n  VpcId: vpc-1\nservices:\n  web:\n    image: nginx\n' });
    const result = cli(['validate', '--json'], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const doc = conforming(schemas.validate, JSON.parse(result.stdout));
    expect(doc).toMatchObject({ command: 'validate', ok: true, exitCode: 0, project: 'proj', services: 1, composeFiles: 1, templates: 1, errors: [] });
    expect(doc['warnings']).toEqual([{ code: 'W_EXTENSION_TYPO', message: expect.stringContaining('Did you mean x-vpc?'), file: path.join(dir, 'compose.yaml'), line: 1, column: 1, path: 'x-vcp' }]);
  });

  it('bad input (exit 2) is a document with each error, its code, file, line and column', () => {
    const dir = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["abc"]\n' });
    const result = cli(['validate', '--json'], dir);
    expect(result.status).toBe(2);
    const doc = conforming(schemas.validate, JSON.parse(result.stdout));
    expect(doc).toMatchObject({ ok: false, exitCode: 2, errors: [{ code: 'E_INVALID_VALUE', file: path.join(dir, 'compose.yaml'), line: 4, column: 13, path: 'services.web.ports[0]' }] });
  });

  it('a flag commander refuses is a document too (E_USAGE, exit 2)', () => {
    const result = cli(['validate', '--json', '--bogus'], tmpProject({ 'compose.yaml': COMPOSE }));
    expect(result.status).toBe(2);
    expect(conforming(schemas.validate, JSON.parse(result.stdout))).toMatchObject({ errors: [{ code: 'E_USAGE', message: "unknown option '--bogus'" }] });
  });
});

describe('plan, diff, ps --json against the fake CloudFormation', () => {
  it('plan: the change set as a document', async () => {
    const { result } = await runCase({ name: '', args: ['plan', '--json'], exit: 0, last: /./ });
    expect(result.status).toBe(0);
    const doc = conforming(schemas.plan, JSON.parse(result.stdout));
    expect(doc).toMatchObject({ command: 'plan', stackName: STACK, upToDate: false, changeSetType: 'CREATE', changes: [{ action: 'Add', logicalId: 'WebService', type: 'AWS::ECS::Service' }] });
  }, CASE_TIMEOUT);

  it('plan: an AWS error is the error document (exit 1), and nothing else is on stdout', async () => {
    const { result } = await runCase({ name: '', args: ['plan', '--json'], script: { fail: { CreateChangeSet: { code: 'AccessDenied', message: 'not allowed' } } }, exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const doc = conforming(schemas.plan, JSON.parse(result.stdout));
    expect(doc).toMatchObject({ ok: false, exitCode: 1, errors: [{ code: expect.stringMatching(/^E_/), message: expect.stringContaining('not allowed') }] });
  }, CASE_TIMEOUT);

  it('diff: a stack that is not deployed adds everything; --fail exits 1 then', async () => {
    const { result } = await runCase({ name: '', args: ['diff', '--json', '--fail'], exit: 1, last: /./ });
    expect(result.status).toBe(1);
    const doc = conforming(schemas.diff, JSON.parse(result.stdout));
    expect(doc).toMatchObject({ against: 'deployed', deployed: false, changed: true, ok: false, exitCode: 1 });
    expect(doc['resources']).toContainEqual({ logicalId: 'WebService', type: 'AWS::ECS::Service', action: 'Add' });
    expect((doc['review'] as { portsOpened: unknown[] }).portsOpened).toEqual(
      expect.arrayContaining([
        { service: 'ApplicationLoadBalancerSecurityGroup', port: '80', protocol: 'tcp', from: 'world' },
        { service: 'web', port: '80', protocol: 'tcp', from: 'ApplicationLoadBalancerSecurityGroup' },
      ]),
    );
  }, CASE_TIMEOUT);

  it('diff --fail: no differences from the deployed template exit 0', async () => {
    const seed = new StackSeed(STACK, 'CREATE_COMPLETE', [], renderedTemplate());
    const { result } = await runCase({ name: '', args: ['diff', '--json', '--fail'], seed, exit: 0, last: /./ });
    expect(result.status).toBe(0);
    expect(conforming(schemas.diff, JSON.parse(result.stdout))).toMatchObject({ deployed: true, changed: false, resources: [], ok: true });
    const text = await runCase({ name: '', args: ['diff', '--fail'], seed, exit: 0, last: /./ });
    expect(text.result.status).toBe(0);
  }, CASE_TIMEOUT);

  it('ps: the services as a document', async () => {
    const { result } = await runCase({ name: '', args: ['ps', '--json'], seed: new StackSeed(STACK, 'CREATE_COMPLETE'), exit: 0, last: /./ });
    expect(result.status).toBe(0);
    expect(conforming(schemas.ps, JSON.parse(result.stdout))).toMatchObject({ command: 'ps', stackName: STACK, services: [] });
  }, CASE_TIMEOUT);
});

describe('diff --rendered --json and --fail', () => {
  it('the review summary as a document; --fail exits 1 with changes, 0 without', () => {
    const dir = tmpProject({ 'docker-compose.yml': COMPOSE }, STACK);
    expect(cli(['render', '-d', 'old'], dir).status).toBe(0);
    expect(cli(['diff', '--rendered', 'old', '--fail'], dir).status).toBe(0);
    writeFileSync(path.join(dir, 'docker-compose.yml'), `${COMPOSE}  api:\n    image: nginx:1.27\n`);
    const result = cli(['diff', '--rendered', 'old', '--fail', '--json'], dir);
    expect(result.status).toBe(1);
    const doc = conforming(schemas.diff, JSON.parse(result.stdout));
    expect(doc).toMatchObject({ against: 'rendered', rendered: 'old', changed: true, review: { servicesAdded: ['api'] } });
    expect(cli(['diff', '--rendered', 'old'], dir).status).toBe(0);
  });
});

describe('up --json and --outputs-file', () => {
  it('NDJSON: the change set, each stack event, the verdict last; every line conforms', async () => {
    const script = {
      execute: () => [
        { status: 'CREATE_IN_PROGRESS', events: [{ logicalId: 'WebService', type: 'AWS::ECS::Service', status: 'CREATE_IN_PROGRESS' }] },
        { status: 'CREATE_COMPLETE', events: [{ logicalId: 'WebService', type: 'AWS::ECS::Service', status: 'CREATE_COMPLETE' }] },
      ],
    };
    const { result } = await runCase({ name: '', args: ['up', '--yes', '--json'], script, exit: 0, last: /./ });
    expect(result.status).toBe(0);
    const all = lines(result.stdout).map((line) => conforming(schemas.up, line));
    expect(all[0]).toMatchObject({ kind: 'change-set', changeSetType: 'CREATE', changes: [{ action: 'Add', logicalId: 'WebService' }] });
    expect(all.filter((l) => l['kind'] === 'event').map((l) => [l['logicalId'], l['status']])).toContainEqual(['WebService', 'CREATE_COMPLETE']);
    expect(all.at(-1)).toEqual({ kind: 'verdict', outcome: 'succeeded', ok: true, exitCode: 0, stackName: STACK, status: 'CREATE_COMPLETE', outputs: {} });
  }, CASE_TIMEOUT);

  it('an AWS error is the last line, of kind error', async () => {
    const { result } = await runCase({ name: '', args: ['up', '--yes', '--json'], script: { fail: { CreateChangeSet: { code: 'AccessDenied', message: 'not allowed' } } }, exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(conforming(schemas.up, lines(result.stdout).at(-1))).toMatchObject({ kind: 'error', exitCode: 1, errors: [{ message: expect.stringContaining('not allowed') }] });
  }, CASE_TIMEOUT);

  it('--outputs-file writes the outputs as cdk deploy does, when up to date too', async () => {
    const seed = new StackSeed(STACK, 'UPDATE_COMPLETE', ['WebService'], '{"Resources": {}}', { WebUrl: 'http://web.example', ClusterName: 'proj' });
    const home = tmpProject({}, 'out');
    const file = path.join(home, 'nested', 'outputs.json');
    const { result } = await runCase({ name: '', args: ['up', '--yes', '--outputs-file', file], script: { changes: [] }, seed, exit: 0, last: /./ });
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ [STACK]: { WebUrl: 'http://web.example', ClusterName: 'proj' } });
    const failed = path.join(home, 'failed.json');
    const run = await runCase({ name: '', args: ['up', '--yes', '--outputs-file', failed], script: { execute: () => [{ status: 'UPDATE_ROLLBACK_COMPLETE' }] }, seed, exit: 1, last: /./ });
    expect(run.result.status).toBe(1);
    expect(existsSync(failed)).toBe(false);
  }, CASE_TIMEOUT);
});
