import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateProject } from '../../bench/generate.js';
import { ParseError, type Warning } from '../../src/parser/diagnostics.js';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate, parseTemplate } from '../../src/render/spec-check/index.js';
import { renderFile, renderText } from '../helpers/render-project.js';
import { parseErrorOf } from '../helpers/parse-error.js';

/**
 * Issue 16, point 4: private tasks, by choice. x-vpc.PrivateSubnets puts the tasks of the VPC
 * compose-x makes in private subnets behind NAT gateways, without public IPs; x-vpc.Endpoints
 * adds VPC endpoints that only the tasks reach.
 */
interface Declaration {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
}
type Resources = Record<string, Declaration>;
type Ref = { Ref: string };
type GetAtt = { 'Fn::GetAtt': [string, string] };

const WEB_REDIS = [
  'services:',
  '  web:',
  '    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2',
  '    ports: ["8080:8080"]',
  '  redis:',
  '    image: public.ecr.aws/docker/library/redis:7-alpine',
  '    expose: ["6379"]',
].join('\n');

const render = (xVpc: string, services = WEB_REDIS) => renderText(`${services}\n${xVpc}\n`);
const resourcesOf = (result: { template: { toJSON(): Record<string, unknown> } }): Resources => result.template.toJSON()['Resources'] as Resources;
const ofType = (r: Resources, type: string): [string, Declaration][] => Object.entries(r).filter(([, d]) => d.Type === type);
const refOf = (value: unknown): string => (value as Ref).Ref;
const awsvpc = (d: Declaration): { AssignPublicIp: string; Subnets: unknown; SecurityGroups: GetAtt[] } =>
  (d.Properties['NetworkConfiguration'] as { AwsvpcConfiguration: { AssignPublicIp: string; Subnets: unknown; SecurityGroups: GetAtt[] } }).AwsvpcConfiguration;
const dependsOn = (d: Declaration): string[] => (d.DependsOn === undefined ? [] : Array.isArray(d.DependsOn) ? d.DependsOn : [d.DependsOn]);

function renderError(xVpc: string): ParseError {
  return parseErrorOf(() => render(xVpc));
}

/** The routes of the route table associated with a subnet. */
function routesOfSubnet(r: Resources, subnet: string): Record<string, unknown>[] {
  const association = ofType(r, 'AWS::EC2::SubnetRouteTableAssociation').find(([, d]) => refOf(d.Properties['SubnetId']) === subnet);
  const table = refOf(association?.[1].Properties['RouteTableId']);
  return ofType(r, 'AWS::EC2::Route')
    .filter(([, d]) => refOf(d.Properties['RouteTableId']) === table)
    .map(([, d]) => d.Properties);
}

/** `10.0.128.0/20` as its first and last address, as numbers. */
function range(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const start = ip!.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  return [start, start + 2 ** (32 - Number(bits)) - 1];
}

describe('private subnets (x-vpc.PrivateSubnets: true)', () => {
  const result = render('x-vpc:\n  PrivateSubnets: true');
  const r = resourcesOf(result);
  const subnets = ofType(r, 'AWS::EC2::Subnet');

  it('adds a private subnet in the zone of each public one, with a CIDR of its own inside the VPC', () => {
    const byId = Object.fromEntries(subnets.map(([id, d]) => [id, d.Properties]));
    expect(Object.keys(byId).sort()).toEqual(['PrivateSubnet1', 'PrivateSubnet2', 'PublicSubnet1', 'PublicSubnet2']);
    expect(byId['PrivateSubnet1']!['AvailabilityZone']).toEqual(byId['PublicSubnet1']!['AvailabilityZone']);
    expect(byId['PrivateSubnet2']!['AvailabilityZone']).toEqual(byId['PublicSubnet2']!['AvailabilityZone']);
    const ranges = subnets.map(([, d]) => range(String(d.Properties['CidrBlock'])));
    const [vpcStart, vpcEnd] = range(String(r['Vpc']!.Properties['CidrBlock']));
    for (const [start, end] of ranges) expect(start >= vpcStart && end <= vpcEnd).toBe(true);
    for (const [i, a] of ranges.entries()) for (const b of ranges.slice(i + 1)) expect(a[1] < b[0] || b[1] < a[0]).toBe(true);
  });

  it('routes the private subnets to the NAT gateway only, never to the internet gateway', () => {
    for (const subnet of ['PrivateSubnet1', 'PrivateSubnet2']) {
      const routes = routesOfSubnet(r, subnet);
      expect(routes).toEqual([{ RouteTableId: expect.anything(), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'NatGateway1' } }]);
      expect(routes.some((route) => route['GatewayId'] !== undefined)).toBe(false);
    }
    expect(routesOfSubnet(r, 'PublicSubnet1')).toEqual([expect.objectContaining({ GatewayId: { Ref: 'InternetGateway' } })]);
  });

  it('puts one NAT gateway, with an Elastic IP, in the first public subnet, and one route table for both private subnets', () => {
    expect(ofType(r, 'AWS::EC2::NatGateway').map(([id, d]) => [id, d.Properties['SubnetId'], d.Properties['AllocationId']])).toEqual([
      ['NatGateway1', { Ref: 'PublicSubnet1' }, { 'Fn::GetAtt': ['NatGateway1ElasticIp', 'AllocationId'] }],
    ]);
    expect(r['NatGateway1ElasticIp']).toMatchObject({ Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' }, DependsOn: 'VpcGatewayAttachment' });
    expect(ofType(r, 'AWS::EC2::RouteTable').map(([id]) => id)).toEqual(['PrivateRouteTable1', 'PublicRouteTable']);
  });

  it('runs every task in the private subnets with AssignPublicIp DISABLED, after the NAT route', () => {
    const services = ofType(r, 'AWS::ECS::Service');
    expect(services.map(([id]) => id)).toEqual(['RedisService', 'WebService']);
    for (const [, d] of services) {
      expect(awsvpc(d)).toMatchObject({ AssignPublicIp: 'DISABLED', Subnets: [{ Ref: 'PrivateSubnet1' }, { Ref: 'PrivateSubnet2' }] });
      expect(dependsOn(d)).toEqual(expect.arrayContaining(['PrivateDefaultRoute1', 'PrivateSubnet1RouteTableAssociation', 'PrivateSubnet2RouteTableAssociation']));
    }
  });

  it('makes no VPC endpoint unless asked', () => {
    expect(ofType(r, 'AWS::EC2::VPCEndpoint')).toEqual([]);
    expect(r['VpcEndpointSecurityGroup']).toBeUndefined();
  });

  it('puts the load balancer in front of a published port in the public subnets, and says nothing of the port', () => {
    const balancers = ofType(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(balancers.map(([, d]) => [d.Properties['Scheme'], d.Properties['Subnets']])).toEqual([['internet-facing', [{ Ref: 'PublicSubnet1' }, { Ref: 'PublicSubnet2' }]]]);
    expect(result.warnings.filter((w) => w.code === 'W_PRIVATE_PUBLISHED_PORT')).toEqual([]);
  });

  it('warns that a published port on the tasks themselves (x-ingress: public-ip) is reached only from inside the VPC, at the ports of the service', () => {
    const onTasks = render('x-vpc:\n  PrivateSubnets: true\nx-ingress: public-ip');
    const warning = onTasks.warnings.find((w) => w.code === 'W_PRIVATE_PUBLISHED_PORT');
    expect(warning).toMatchObject({ path: ['services', 'web', 'ports'], position: { line: 4 } });
    expect(warning?.message).toContain('web publishes 8080/tcp');
    expect(onTasks.warnings.filter((w) => w.code === 'W_PRIVATE_PUBLISHED_PORT')).toHaveLength(1);
  });

  it('passes the offline CloudFormation specification check', async () => {
    expect(await checkTemplate(result.template.toJSON())).toEqual([]);
  });
});

describe('NatGateways: per-az', () => {
  const r = resourcesOf(render('x-vpc:\n  PrivateSubnets: true\n  NatGateways: per-az'));

  it('puts a NAT gateway with its Elastic IP in each public subnet, and gives each private subnet its own route table to the gateway of its zone', () => {
    expect(ofType(r, 'AWS::EC2::NatGateway').map(([id, d]) => [id, d.Properties['SubnetId']])).toEqual([
      ['NatGateway1', { Ref: 'PublicSubnet1' }],
      ['NatGateway2', { Ref: 'PublicSubnet2' }],
    ]);
    expect(ofType(r, 'AWS::EC2::EIP')).toHaveLength(2);
    expect(routesOfSubnet(r, 'PrivateSubnet1')).toEqual([expect.objectContaining({ RouteTableId: { Ref: 'PrivateRouteTable1' }, NatGatewayId: { Ref: 'NatGateway1' } })]);
    expect(routesOfSubnet(r, 'PrivateSubnet2')).toEqual([expect.objectContaining({ RouteTableId: { Ref: 'PrivateRouteTable2' }, NatGatewayId: { Ref: 'NatGateway2' } })]);
    expect(ofType(r, 'AWS::EC2::Route').filter(([, d]) => d.Properties['GatewayId'] !== undefined)).toHaveLength(1);
  });
});

describe('VPC endpoints (x-vpc.Endpoints)', () => {
  const result = render('x-vpc:\n  PrivateSubnets: true\n  NatGateways: per-az\n  Endpoints: [ecr, logs, s3, secretsmanager]');
  const r = resourcesOf(result);
  const endpoints = ofType(r, 'AWS::EC2::VPCEndpoint');
  const interfaces = endpoints.filter(([, d]) => d.Properties['VpcEndpointType'] === 'Interface');

  it('makes an interface endpoint per API, in the private subnets with private DNS, and S3 as a gateway endpoint on the private route tables', () => {
    expect(interfaces.map(([id, d]) => [id, (d.Properties['ServiceName'] as { 'Fn::Sub': string })['Fn::Sub']])).toEqual([
      ['EcrApiEndpoint', 'com.amazonaws.${AWS::Region}.ecr.api'],
      ['EcrDkrEndpoint', 'com.amazonaws.${AWS::Region}.ecr.dkr'],
      ['LogsEndpoint', 'com.amazonaws.${AWS::Region}.logs'],
      ['SecretsManagerEndpoint', 'com.amazonaws.${AWS::Region}.secretsmanager'],
    ]);
    for (const [, d] of interfaces) {
      expect(d.Properties).toMatchObject({
        PrivateDnsEnabled: true,
        SubnetIds: [{ Ref: 'PrivateSubnet1' }, { Ref: 'PrivateSubnet2' }],
        SecurityGroupIds: [{ 'Fn::GetAtt': ['VpcEndpointSecurityGroup', 'GroupId'] }],
      });
    }
    expect(r['S3Endpoint']!.Properties).toMatchObject({
      VpcEndpointType: 'Gateway',
      RouteTableIds: [{ Ref: 'PrivateRouteTable1' }, { Ref: 'PrivateRouteTable2' }],
    });
  });

  it("admits HTTPS to the endpoints from each task's security group only, never from an address range", () => {
    expect(r['VpcEndpointSecurityGroup']!.Properties['SecurityGroupIngress']).toBeUndefined();
    const rules = ofType(r, 'AWS::EC2::SecurityGroupIngress').filter(([, d]) => (d.Properties['GroupId'] as GetAtt)['Fn::GetAtt'][0] === 'VpcEndpointSecurityGroup');
    expect(rules.map(([id, d]) => [id, d.Properties['FromPort'], d.Properties['ToPort'], d.Properties['SourceSecurityGroupId'], d.Properties['CidrIp']])).toEqual([
      ['RedisVpcEndpointIngress', 443, 443, { 'Fn::GetAtt': ['RedisSecurityGroup', 'GroupId'] }, undefined],
      ['WebVpcEndpointIngress', 443, 443, { 'Fn::GetAtt': ['WebSecurityGroup', 'GroupId'] }, undefined],
    ]);
    for (const [id, d] of ofType(r, 'AWS::ECS::Service')) {
      expect(dependsOn(d)).toEqual(expect.arrayContaining(['EcrApiEndpoint', 'EcrDkrEndpoint', 'LogsEndpoint', 'S3Endpoint', 'SecretsManagerEndpoint', id.replace(/Service$/, 'VpcEndpointIngress')]));
    }
    expect(dependsOn(r['WebService']!)).not.toContain('RedisVpcEndpointIngress');
  });

  it('passes the offline CloudFormation specification check', async () => {
    expect(await checkTemplate(result.template.toJSON())).toEqual([]);
  });

  it.each([
    { name: 'no secret', secrets: '', want: ['EcrApiEndpoint', 'EcrDkrEndpoint', 'LogsEndpoint', 'S3Endpoint'] },
    {
      name: 'a secret in SSM Parameter Store',
      secrets: '    secrets: [db]\nsecrets:\n  db: {external: true, name: "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db"}\n',
      want: ['EcrApiEndpoint', 'EcrDkrEndpoint', 'LogsEndpoint', 'S3Endpoint', 'SsmEndpoint'],
    },
    {
      name: 'a secret in Secrets Manager',
      secrets: '    secrets: [db]\nsecrets:\n  db: {external: true, name: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf"}\n',
      want: ['EcrApiEndpoint', 'EcrDkrEndpoint', 'LogsEndpoint', 'S3Endpoint', 'SecretsManagerEndpoint'],
    },
  ])('Endpoints: true makes those the tasks use ($name)', ({ secrets, want }) => {
    const x = resourcesOf(render('x-vpc:\n  PrivateSubnets: true\n  Endpoints: true', `${WEB_REDIS}\n${secrets}`));
    expect(ofType(x, 'AWS::EC2::VPCEndpoint').map(([id]) => id)).toEqual(want);
  });

  it('warns when ecr goes without s3: image layers would still go through the NAT gateway', () => {
    const warnings: Warning[] = render('x-vpc:\n  PrivateSubnets: true\n  Endpoints: [ecr]').warnings;
    expect(warnings.find((w) => w.code === 'W_XVPC_ECR_WITHOUT_S3')).toMatchObject({ path: ['x-vpc', 'Endpoints'], position: { line: 10 } });
  });
});

describe('the review page', () => {
  it('says where private tasks run, through which NAT gateways, and which endpoints they reach', () => {
    const { review } = render('x-vpc:\n  PrivateSubnets: true\n  NatGateways: per-az\n  Endpoints: [ecr, s3]');
    expect(review).toContain('## Network');
    expect(review).toContain('- Tasks: in private subnets (`PrivateSubnet1`, `PrivateSubnet2`), without public IPs');
    expect(review).toContain('- To the internet: through 2 NAT gateways (`NatGateway1`, `NatGateway2`).');
    expect(review).toContain('- VPC endpoints: ecr.api (interface), ecr.dkr (interface), s3 (gateway);');
  });

  it('has no network section for tasks with public IPs', () => {
    expect(render('').review).not.toContain('## Network');
  });
});

describe('what stays public', () => {
  it('keeps an App Mesh gateway\'s internet-facing load balancer in the public subnets, its Envoy tasks private and admitted to the endpoints', () => {
    const compose = readFileSync('examples/appmesh-blue-green/docker-compose.yml', 'utf8');
    const r = resourcesOf(renderText(`${compose}\nx-vpc:\n  PrivateSubnets: true\n  Endpoints: [ecr, logs, s3]\n`, 'bluegreen'));
    expect(r['FrontLoadBalancer']!.Properties['Subnets']).toEqual([{ Ref: 'PublicSubnet1' }, { Ref: 'PublicSubnet2' }]);
    expect(awsvpc(r['FrontGatewayService']!)).toMatchObject({ AssignPublicIp: 'DISABLED', Subnets: [{ Ref: 'PrivateSubnet1' }, { Ref: 'PrivateSubnet2' }] });
    expect(r['FrontGatewayVpcEndpointIngress']!.Properties['SourceSecurityGroupId']).toEqual({ 'Fn::GetAtt': ['FrontGatewaySecurityGroup', 'GroupId'] });
  });
});

describe('an existing VPC, and no x-vpc', () => {
  it.each([
    { xVpc: 'x-vpc: {VpcId: vpc-0abc1234, Subnets: [subnet-1a2b3c4d, subnet-5e6f7a8b]}', assign: 'DISABLED' },
    { xVpc: 'x-vpc: {VpcId: vpc-0abc1234, Subnets: [subnet-1a2b3c4d, subnet-5e6f7a8b], AssignPublicIp: true}', assign: 'ENABLED' },
  ])('$xVpc: the tasks in its subnets, AssignPublicIp as before, no NAT gateway or endpoint', ({ xVpc, assign }) => {
    const r = resourcesOf(render(xVpc));
    expect(awsvpc(r['WebService']!)).toMatchObject({ AssignPublicIp: assign, Subnets: { Ref: 'SubnetIds' } });
    expect(ofType(r, 'AWS::EC2::NatGateway')).toEqual([]);
    expect(ofType(r, 'AWS::EC2::VPCEndpoint')).toEqual([]);
    expect(ofType(r, 'AWS::EC2::Subnet')).toEqual([]);
  });

  it.each(['', 'x-vpc:\n  PrivateSubnets: false'])('%j: public subnets and public IPs, as before', (xVpc) => {
    const r = resourcesOf(render(xVpc));
    expect(awsvpc(r['WebService']!)).toMatchObject({ AssignPublicIp: 'ENABLED', Subnets: [{ Ref: 'PublicSubnet1' }, { Ref: 'PublicSubnet2' }] });
    expect(ofType(r, 'AWS::EC2::Subnet').map(([id]) => id)).toEqual(['PublicSubnet1', 'PublicSubnet2']);
    expect(ofType(r, 'AWS::EC2::NatGateway')).toEqual([]);
  });
});

describe('bad x-vpc values are errors at their place', () => {
  it.each([
    { name: 'a NatGateways count other than 1', xVpc: 'x-vpc:\n  PrivateSubnets: true\n  NatGateways: 2', code: 'E_INVALID_VALUE', path: ['x-vpc', 'NatGateways'], line: 10, col: 16, hint: /"per-az"/ },
    { name: 'an endpoint compose-x does not know', xVpc: 'x-vpc:\n  PrivateSubnets: true\n  Endpoints: [ecr, ecs]', code: 'E_INVALID_VALUE', path: ['x-vpc', 'Endpoints', 1], line: 10, col: 20, hint: /"secretsmanager"/ },
    { name: 'PrivateSubnets that is not a boolean', xVpc: 'x-vpc:\n  PrivateSubnets: [subnet-1a2b3c4d]', code: 'E_WRONG_TYPE', path: ['x-vpc', 'PrivateSubnets'], line: 9, col: 19, hint: /./ },
    { name: 'a typo of a key', xVpc: 'x-vpc:\n  PrivateSubnet: true', code: 'E_UNKNOWN_KEY', path: ['x-vpc', 'PrivateSubnet'], line: 9, col: 3, hint: /Did you mean "PrivateSubnets"\?/ },
    { name: 'NatGateways without PrivateSubnets', xVpc: 'x-vpc:\n  NatGateways: per-az', code: 'E_XVPC_CONFLICT', path: ['x-vpc', 'NatGateways'], line: 9, col: 16, hint: /PrivateSubnets: true/ },
    { name: 'Endpoints with PrivateSubnets: false', xVpc: 'x-vpc:\n  PrivateSubnets: false\n  Endpoints: [s3]', code: 'E_XVPC_CONFLICT', path: ['x-vpc', 'Endpoints'], line: 10, col: 14, hint: /PrivateSubnets: true/ },
    { name: 'PrivateSubnets in an existing VPC', xVpc: 'x-vpc:\n  VpcId: vpc-0abc1234\n  Subnets: [subnet-1a2b3c4d]\n  PrivateSubnets: true', code: 'E_XVPC_CONFLICT', path: ['x-vpc', 'PrivateSubnets'], line: 11, col: 19, hint: /list the private subnets of your VPC in Subnets/ },
    { name: 'public IPs in private subnets', xVpc: 'x-vpc:\n  PrivateSubnets: true\n  AssignPublicIp: true', code: 'E_XVPC_CONFLICT', path: ['x-vpc', 'AssignPublicIp'], line: 10, col: 19, hint: /Remove AssignPublicIp/ },
  ])('$name', ({ xVpc, code, path: at, line, col, hint }) => {
    const error = renderError(xVpc);
    expect({ code: error.code, path: error.path, line: error.position?.line, col: error.position?.col }).toEqual({ code, path: at, line, col });
    expect(error.position?.file).toMatch(/docker-compose\.yml$/);
    expect(error.hint).toMatch(hint);
  });
});

describe('a project split into nested stacks', () => {
  it('keeps the network and the endpoints in the root, each rule with its service, and passes the specification check', async () => {
    const file = generateProject(mkdtempSync(path.join(tmpdir(), 'compose-x-private-')), 120);
    appendFileSync(file, 'x-vpc:\n  PrivateSubnets: true\n  Endpoints: true\n');
    const result = renderFile(file);
    const templates = Object.entries(renderedFiles(result.name, result, 'yaml'))
      .filter(([name]) => name.endsWith('.yaml'))
      .map(([name, text]) => [name, parseTemplate(text).template as { Resources: Resources }] as const);
    expect(templates.length).toBeGreaterThan(1);
    const root = templates.find(([name]) => name === `${result.name}.yaml`)![1];
    expect(Object.keys(root.Resources)).toEqual(expect.arrayContaining(['NatGateway1', 'PrivateSubnet1', 'EcrApiEndpoint', 'S3Endpoint', 'VpcEndpointSecurityGroup']));
    const rules = templates.flatMap(([name, t]) => Object.keys(t.Resources).filter((id) => id.endsWith('VpcEndpointIngress')).map((id) => [name, id]));
    expect(rules).toHaveLength(120);
    expect(rules.every(([name]) => name !== `${result.name}.yaml`)).toBe(true);
    for (const [name, template] of templates) expect([name, await checkTemplate(template)]).toEqual([name, []]);
  });
});
