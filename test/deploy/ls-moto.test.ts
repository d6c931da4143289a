import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { cli } from '../helpers/cli.js';
import { motoAvailable, motoClientConfig, motoEnvironment, startMoto, type Moto } from '../helpers/moto.js';
import { conforming, outputSchemas } from '../helpers/output-schemas.js';

/**
 * `ls` against moto_server's CloudFormation: stacks the test creates, two of compose-x (their
 * template's description is the render's, their outputs the services' log groups) and one that
 * is not; one of compose-x's deleted, which only --all lists.
 */

const available = motoAvailable();
const suite = available ? describe : describe.skip;

function template(project: string | undefined, services: string[]): string {
  const id = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
  return JSON.stringify({
    ...(project ? { Description: `compose-x: the compose project ${project} on Amazon ECS (Fargate)` } : { Description: 'someone else' }),
    Resources: Object.fromEntries(services.map((s) => [`${id(s)}LogGroup`, { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/compose-x/${project ?? 'other'}/${s}` } }])),
    Outputs: Object.fromEntries(services.map((s) => [`${id(s)}LogGroupName`, { Value: { Ref: `${id(s)}LogGroup` } }])),
  });
}

suite('ls against moto_server', () => {
  let moto: Moto;
  const dir = mkdtempSync(path.join(tmpdir(), 'compose-x-ls-'));
  const run = (...args: string[]) => cli(['ls', ...args], dir, { ...motoEnvironment(moto), HOME: dir });

  beforeAll(async () => {
    moto = await startMoto();
    const cf = new CloudFormationClient(motoClientConfig(moto));
    await cf.send(new CreateStackCommand({ StackName: 'shop', TemplateBody: template('shop', ['web', 'report']) }));
    await cf.send(new CreateStackCommand({ StackName: 'blog', TemplateBody: template('blog', ['app']) }));
    await cf.send(new CreateStackCommand({ StackName: 'old', TemplateBody: template('old', ['app']) }));
    await cf.send(new CreateStackCommand({ StackName: 'other', TemplateBody: template(undefined, ['x']) }));
    await cf.send(new DeleteStackCommand({ StackName: 'old' }));
    cf.destroy();
  }, 60_000);
  afterAll(async () => moto?.stop());

  it('lists the compose-x stacks with their status and services, as docker compose ls', () => {
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+LAST UPDATE\s+SERVICES$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/))).toEqual([
      ['blog', 'CREATE_COMPLETE', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), 'app'],
      ['shop', 'CREATE_COMPLETE', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), 'report,web'],
    ]);
  });

  it('-a adds the deleted ones, -q prints names only, --filter name= keeps the matching', () => {
    expect(run('-a', '-q').stdout).toBe('blog\nold\nshop\n');
    expect(run('--filter', 'name=sh', '-q').stdout).toBe('shop\n');
    const bad = run('--filter', 'status=running');
    expect(bad.status).toBe(2);
  });

  it('--json prints the document of schemas/output/ls.json', () => {
    const result = run('--json', '--all');
    expect(result.status).toBe(0);
    const document = conforming<{ stacks: { name: string; status: string; services: string[] }[] }>(outputSchemas().ls, JSON.parse(result.stdout));
    expect(document.stacks.map(({ name, status, services }) => ({ name, status, services }))).toEqual([
      { name: 'blog', status: 'CREATE_COMPLETE', services: ['app'] },
      { name: 'old', status: 'DELETE_COMPLETE', services: [] },
      { name: 'shop', status: 'CREATE_COMPLETE', services: ['report', 'web'] },
    ]);
  });
});
