import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { elbv2Call, motoAvailable, motoEnvironment, motoOverride, startMoto, xmlValues, type Moto } from '../helpers/moto.js';

/**
 * The deploy commands against a real CloudFormation API: moto_server on 127.0.0.1. moto
 * holds security groups, IAM, logs and ECS, but no Cloud Map, so the project turns Service
 * Connect off; and it cannot delete a VPC it created (its VPCGatewayAttachment has no
 * delete), so the project runs in moto's default VPC (x-vpc). It never rolls back and
 * reports stack-level events only: the fault paths are covered by scripted SDK responses
 * (deploy-up.test.ts). web-redis publishes web on 8080: behind the project's Application Load
 * Balancer, whose resources are looked up in moto's ELBv2.
 */

const available = motoAvailable();
if (!available) console.warn('moto_server is not on the PATH: skipping the deploy tests against it (pip install "moto[server]")');
const suite = available ? describe : describe.skip;

suite('deploy against moto_server', () => {
  let moto: Moto;
  let dir: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => cli(args, dir, env);

  beforeAll(async () => {
    moto = await startMoto();
    env = { ...motoEnvironment(moto), CI: 'true' };
  }, 60_000);
  afterAll(async () => moto?.stop());
  beforeEach(async () => {
    await moto.reset();
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'web-redis');
    cpSync(path.join('examples', 'web-redis'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'docker-compose.override.yml'), await motoOverride(moto));
  }, 30_000);

  it('up creates, up again is up to date, a change is planned, diffed and applied, down deletes', () => {
    const created = run('up', '--yes');
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/^1 change|changes to create web-redis/m);
    expect(created.stdout).toMatch(/^web-redis: CREATE_COMPLETE$/m);
    expect(created.status).toBe(0);

    const again = run('up', '--yes');
    expect(again.stdout).toContain('web-redis is up to date: nothing to deploy.');
    expect(again.status).toBe(0);

    const compose = path.join(dir, 'docker-compose.yml');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace('REDIS_URL: redis://redis:6379/0', 'REDIS_URL: redis://redis:6379/1'));

    const planned = run('plan');
    expect(planned.status).toBe(0);
    expect(planned.stdout).toMatch(/Modify\s+WebTaskDefinition\s+AWS::ECS::TaskDefinition/);
    expect(planned.stdout).toContain('plan only: the change set was deleted');

    const diffed = run('diff');
    expect(diffed.status).toBe(0);
    expect(diffed.stdout).toContain('WebTaskDefinition');
    expect(diffed.stdout).toContain('redis://redis:6379/1');

    const updated = run('up', '--yes');
    expect(updated.stdout).toMatch(/^web-redis: UPDATE_COMPLETE$/m);
    expect(updated.status).toBe(0);

    const deleted = run('down', '--yes');
    expect(deleted.stdout).toMatch(/^web-redis: DELETE_COMPLETE$/m);
    expect(deleted.status).toBe(0);
    expect(run('down', '--yes').stdout).toContain('web-redis does not exist: nothing to delete.');
  }, 180_000);

  it('puts web behind an Application Load Balancer: listener 8080, a rule, an ip target group; up and ps print its URL', async () => {
    const created = run('up', '--yes');
    expect(created.stdout).toMatch(/^web-redis: CREATE_COMPLETE$/m);
    const url = /^ {2}WebUrl = (http:\/\/\S+:8080\/)$/m.exec(created.stdout)?.[1];
    expect(url).toBeDefined();

    const balancers = await elbv2Call(moto, 'DescribeLoadBalancers');
    expect(xmlValues(balancers, 'Type')).toEqual(['application']);
    expect(xmlValues(balancers, 'Scheme')).toEqual(['internet-facing']);
    const [dnsName] = xmlValues(balancers, 'DNSName');
    expect(url).toBe(`http://${dnsName}:8080/`);
    const [balancerArn = ''] = xmlValues(balancers, 'LoadBalancerArn');

    const listeners = await elbv2Call(moto, 'DescribeListeners', { LoadBalancerArn: balancerArn });
    expect(xmlValues(listeners, 'Port')).toEqual(['8080']);
    expect(xmlValues(listeners, 'Protocol')).toEqual(['HTTP']);
    const [listenerArn = ''] = xmlValues(listeners, 'ListenerArn');

    const groups = await elbv2Call(moto, 'DescribeTargetGroups');
    expect(xmlValues(groups, 'TargetType')).toEqual(['ip']);
    expect(xmlValues(groups, 'Port')).toEqual(['8080']);
    expect(xmlValues(groups, 'HealthCheckPath')).toEqual(['/']);
    const [groupArn] = xmlValues(groups, 'TargetGroupArn');

    const rules = await elbv2Call(moto, 'DescribeRules', { ListenerArn: listenerArn });
    expect(xmlValues(rules, 'Priority').filter((p) => p !== 'default')).toEqual([expect.stringMatching(/^\d+$/)]);
    expect(xmlValues(rules, 'TargetGroupArn')).toContain(groupArn);

    const listed = run('ps');
    expect(listed.status).toBe(0);
    // moto answers DescribeServices without tags, so ps names the service by its logical ID (Web).
    expect(listed.stdout.split('\n')).toContainEqual(expect.stringMatching(/^SERVICE +URL$/));
    expect(listed.stdout.split('\n')).toContain(`Web      ${url}`);
  }, 180_000);

  it('refuses a first deployment, which widens access, without a terminal and without --yes', () => {
    const result = run('up');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Public ports \(open to the internet\)\n {2}\+ ApplicationLoadBalancerSecurityGroup: 8080\/tcp from world\n/);
    expect(result.stdout).toMatch(/nothing deployed: the changes above widen access and there is no terminal to approve them/);
  }, 60_000);

  it('deploys a project that needs nested stacks', async () => {
    const big = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'many');
    mkdirSync(big);
    const services = Array.from({ length: 90 }, (_, i) => `  svc${i}:\n    image: public.ecr.aws/example/svc:${i}\n    expose: ["8080"]\n`).join('');
    writeFileSync(path.join(big, 'docker-compose.yml'), `${await motoOverride(moto)}services:\n${services}`);
    const result = cli(['up', '--yes'], big, env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^uploaded template: .*compose-x-123456789012-us-east-1/m);
    expect(result.stdout).toMatch(/^many: CREATE_COMPLETE$/m);
    expect(result.status).toBe(0);
    expect(cli(['up', '--yes'], big, env).stdout).toContain('many is up to date');
  }, 300_000);

  it('plan on a new project leaves no stack behind', () => {
    expect(run('plan').status).toBe(0);
    expect(run('down', '--yes').stdout).toContain('does not exist');
  }, 60_000);
});
