import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { cli } from '../helpers/cli.js';
import { motoAvailable, motoClientConfig, motoEnvironment, startMoto, type Moto } from '../helpers/moto.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * `compose-x lookup` of Docker's x-aws-loadbalancer against moto_server's ELBv2: the ARN of a
 * load balancer named, its security group, and the check of its type against the ports.
 */
const available = motoAvailable();
const suite = available ? describe : describe.skip;
const WEB = 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n';

suite('compose-x lookup of x-aws-loadbalancer against moto_server', () => {
  let moto: Moto;
  let group: string;
  let albArn: string;
  beforeAll(async () => {
    moto = await startMoto();
    const ec2 = new EC2Client(motoClientConfig(moto));
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }))).Vpc!.VpcId!;
    const subnet = async (cidr: string, zone: string): Promise<string> => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone }))).Subnet!.SubnetId!;
    const subnets = [await subnet('10.8.1.0/24', 'us-east-1a'), await subnet('10.8.2.0/24', 'us-east-1b')];
    group = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'shared-alb', Description: 'shared ALB', VpcId: vpc }))).GroupId!;
    ec2.destroy();
    const elb = new ElasticLoadBalancingV2Client(motoClientConfig(moto));
    albArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'shared-alb', Type: 'application', Subnets: subnets, SecurityGroups: [group] }))).LoadBalancers![0]!.LoadBalancerArn!;
    await elb.send(new CreateLoadBalancerCommand({ Name: 'shared-nlb', Type: 'network', Subnets: subnets }));
    elb.destroy();
  }, 60_000);
  afterAll(async () => moto?.stop(), 30_000);

  it('writes the ARN and the security group of the load balancer named, and render takes them', () => {
    const dir = tmpProject({ 'docker-compose.yml': `${WEB}x-aws-loadbalancer: shared-alb\n` }, 'proj');
    const looked = cli(['lookup'], dir, motoEnvironment(moto));
    expect(looked.stderr).toBe('');
    expect(looked.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'compose-x.lookup.json'), 'utf8')).parameters).toEqual({ LoadBalancerArn: albArn, LoadBalancerSecurityGroup: group });
    const rendered = cli(['render', '-d', 'cfn', '--format', 'json'], dir);
    expect(rendered.status).toBe(0);
    expect(rendered.stderr).not.toContain('W_LOOKUP_PENDING');
    const template = JSON.parse(readFileSync(path.join(dir, 'cfn', 'proj.json'), 'utf8'));
    expect(template.Parameters.LoadBalancerArn.Default).toBe(albArn);
    expect(template.Parameters.LoadBalancerSecurityGroup.Default).toBe(group);
  }, 60_000);

  it('exits 1 when the load balancer named is a Network Load Balancer and the ports are HTTP', () => {
    const dir = tmpProject({ 'docker-compose.yml': `${WEB}x-aws-loadbalancer: shared-nlb\n` }, 'proj');
    const looked = cli(['lookup'], dir, motoEnvironment(moto));
    expect(looked.status).toBe(1);
    expect(looked.stderr).toContain('x-aws-loadbalancer: shared-nlb is a Network Load Balancer, and the published ports need an Application Load Balancer.');
  }, 60_000);

  it('exits 1 when no load balancer has the name', () => {
    const dir = tmpProject({ 'docker-compose.yml': `${WEB}x-aws-loadbalancer: missing-lb\n` }, 'proj');
    const looked = cli(['lookup'], dir, motoEnvironment(moto));
    expect(looked.status).toBe(1);
    expect(looked.stderr).toContain('x-aws-loadbalancer: no load balancer is named missing-lb.');
  }, 60_000);
});
