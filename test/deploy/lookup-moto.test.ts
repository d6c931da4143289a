import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { cli } from '../helpers/cli.js';
import { motoAvailable, motoClientConfig, motoEnvironment, startMoto, type Moto } from '../helpers/moto.js';

/**
 * `compose-x lookup` against moto_server's EC2: the test makes a VPC and subnets with the tags
 * of the ComposeX fixture (test/fixtures/composex/top), lookup writes compose-x.lookup.json, and
 * render then uses its values; the cluster is found by its tags among moto's ECS clusters.
 */
const available = motoAvailable();
const suite = available ? describe : describe.skip;

suite('compose-x lookup against moto_server', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => moto?.stop(), 30_000);

  it('finds the VPC, subnets and cluster by their tags, writes the file, and render takes its values', async () => {
    const ecs = new ECSClient(motoClientConfig(moto));
    await ecs.send(new CreateClusterCommand({ clusterName: 'other' }));
    await ecs.send(new CreateClusterCommand({ clusterName: 'blog-cluster', tags: [{ key: 'team', value: 'blog' }] }));
    ecs.destroy();
    const ec2 = new EC2Client(motoClientConfig(moto));
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'Name', Value: 'vpc--shared' }] }));
    const subnet = async (cidr: string, usage: string): Promise<string> => {
      const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr }))).Subnet!.SubnetId!;
      await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'vpc::usage', Value: usage }] }));
      return id;
    };
    const app = [await subnet('10.9.1.0/24', 'application'), await subnet('10.9.2.0/24', 'application')].sort();
    const pub = await subnet('10.9.3.0/24', 'public');
    await subnet('10.9.4.0/24', 'storage');
    ec2.destroy();

    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'top');
    cpSync(path.join('test', 'fixtures', 'composex', 'top'), dir, { recursive: true });
    const env = motoEnvironment(moto);

    const looked = cli(['lookup'], dir, env);
    expect(looked.stderr).not.toContain('compose-x lookup` writes it');
    expect(looked.status).toBe(0);
    expect(looked.stdout).toContain(`VpcId = ${vpc}`);
    const file = JSON.parse(readFileSync(path.join(dir, 'compose-x.lookup.json'), 'utf8'));
    expect(file.parameters).toEqual({ VpcId: vpc, SubnetIds: app.join(','), PublicSubnetIds: pub, ClusterName: 'blog-cluster' });

    const rendered = cli(['render', '-d', 'cfn', '--format', 'json'], dir, env);
    expect(rendered.status).toBe(0);
    expect(rendered.stderr).not.toContain('compose-x lookup` writes it');
    const template = JSON.parse(readFileSync(path.join(dir, 'cfn', 'top.json'), 'utf8'));
    expect(template.Parameters.VpcId.Default).toBe(vpc);
    expect(template.Parameters.SubnetIds.Default).toBe(app.join(','));
    expect(template.Parameters.PublicSubnetIds.Default).toBe(pub);
    expect(template.Parameters.ClusterName.Default).toBe('blog-cluster');
  }, 120_000);

  it('fails with exit 1 naming the tags when no VPC has them', async () => {
    await moto.reset();
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'top');
    cpSync(path.join('test', 'fixtures', 'composex', 'top'), dir, { recursive: true });
    const looked = cli(['lookup'], dir, { ...motoEnvironment(moto) });
    expect(looked.status).toBe(1);
    expect(looked.stderr).toMatch(/x-vpc.Lookup.VpcId: no VPC has the tags Name=vpc--shared/);
  }, 60_000);
});
