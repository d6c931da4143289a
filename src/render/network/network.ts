import { GetAZs, InternetGateway, Ref, Route, RouteTable, Select, Subnet, SubnetRouteTableAssociation, Vpc, VpcGatewayAttachment } from '../template/cfn.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { renderEndpoints } from './endpoints.js';
import { renderPrivateSubnets } from './private-subnets.js';
import { readXVpc, type VpcChoice } from './x-vpc.js';

/**
 * The network the tasks run in (x-vpc, read in x-vpc.ts): an existing VPC and subnets as
 * parameters; otherwise a new VPC with two public subnets in two Availability Zones and an
 * internet gateway, its tasks with public IPs (no NAT gateway to pay for), or in private
 * subnets behind NAT gateways, without public IPs, with the VPC endpoints x-vpc asks for.
 */
export function renderNetwork(ctx: RenderContext): NetworkPlacement {
  const choice = readXVpc(ctx);
  return choice.kind === 'existing' ? existingVpc(ctx, choice) : newVpc(ctx, choice);
}

/** The subnets a render assumes before `compose-x lookup` says how many there are (a load balancer needs two). */
const ASSUMED_SUBNETS = 2;

function existingVpc(ctx: RenderContext, xVpc: Extract<VpcChoice, { kind: 'existing' }>): NetworkPlacement {
  const t = ctx.template;
  const source = (key: string): string => xVpc.source ?? `x-vpc.${key}`;
  const list = (subnets: string[] | undefined): { Default?: string } => (subnets ? { Default: subnets.join(',') } : {});
  t.parameter('VpcId', { Type: 'AWS::EC2::VPC::Id', Description: `The VPC the services run in (${source('VpcId')}).`, ...(xVpc.vpcId ? { Default: xVpc.vpcId } : {}) });
  t.parameter('SubnetIds', {
    Type: 'List<AWS::EC2::Subnet::Id>',
    Description: `The subnets of the tasks (${source('Subnets')}).`,
    ...list(xVpc.subnets),
  });
  if (xVpc.publicSubnets) {
    t.parameter('PublicSubnetIds', { Type: 'List<AWS::EC2::Subnet::Id>', Description: `The subnets of internet-facing load balancers (${source('PublicSubnets')}).`, ...list(xVpc.publicSubnets.subnets) });
  }
  const count = xVpc.subnets?.length ?? ASSUMED_SUBNETS;
  return {
    vpcId: Ref('VpcId'),
    subnets: Ref('SubnetIds'),
    publicSubnets: Ref(xVpc.publicSubnets ? 'PublicSubnetIds' : 'SubnetIds'),
    eachSubnet: Array.from({ length: count }, (_, i) => ({ id: `Subnet${i + 1}`, subnet: Select(i, Ref('SubnetIds')) })),
    assignPublicIp: xVpc.assignPublicIp ? 'ENABLED' : 'DISABLED',
    dependsOn: [],
    serviceDependsOn: {},
  };
}

const PUBLIC_SUBNETS = [
  { id: 'PublicSubnet1', cidr: '10.0.0.0/24', az: 0 },
  { id: 'PublicSubnet2', cidr: '10.0.1.0/24', az: 1 },
];

function newVpc(ctx: RenderContext, choice: Exclude<VpcChoice, { kind: 'existing' }>): NetworkPlacement {
  const t = ctx.template;
  const name = ctx.project.name;
  const tags = (suffix: string) => [{ Key: 'Name', Value: `${name}-${suffix}` }];
  t.add('Vpc', new Vpc({ CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true, Tags: tags('vpc') }));
  t.add('InternetGateway', new InternetGateway({ Tags: tags('igw') }));
  t.add('VpcGatewayAttachment', new VpcGatewayAttachment({ VpcId: Ref('Vpc'), InternetGatewayId: Ref('InternetGateway') }));
  t.add('PublicRouteTable', new RouteTable({ VpcId: Ref('Vpc'), Tags: tags('public') }));
  t.add(
    'PublicDefaultRoute',
    new Route({ RouteTableId: Ref('PublicRouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: Ref('InternetGateway') }).dependsOn(
      'VpcGatewayAttachment',
    ),
  );
  for (const subnet of PUBLIC_SUBNETS) {
    t.add(
      subnet.id,
      new Subnet({
        VpcId: Ref('Vpc'),
        CidrBlock: subnet.cidr,
        AvailabilityZone: Select(subnet.az, GetAZs('')),
        Tags: tags(`public-${subnet.az + 1}`),
      }),
    );
    t.add(`${subnet.id}RouteTableAssociation`, new SubnetRouteTableAssociation({ SubnetId: Ref(subnet.id), RouteTableId: Ref('PublicRouteTable') }));
  }
  const publicRoutes = ['PublicDefaultRoute', ...PUBLIC_SUBNETS.map((s) => `${s.id}RouteTableAssociation`)];
  const publicSubnets = PUBLIC_SUBNETS.map((s) => Ref(s.id));
  if (choice.kind === 'public') {
    return {
      vpcId: Ref('Vpc'),
      subnets: publicSubnets,
      publicSubnets,
      eachSubnet: PUBLIC_SUBNETS.map((s) => ({ id: s.id, subnet: Ref(s.id) })),
      assignPublicIp: 'ENABLED',
      dependsOn: publicRoutes,
      serviceDependsOn: {},
    };
  }
  const tasks = renderPrivateSubnets(ctx, PUBLIC_SUBNETS, choice.natGateways);
  const endpoints = renderEndpoints(ctx, choice.endpoints, tasks.subnets, tasks.routeTables);
  warnPublishedPorts(ctx);
  return {
    vpcId: Ref('Vpc'),
    subnets: tasks.subnets.map((id) => Ref(id)),
    publicSubnets,
    eachSubnet: tasks.subnets.map((id) => ({ id, subnet: Ref(id) })),
    assignPublicIp: 'DISABLED',
    dependsOn: [...publicRoutes, ...tasks.dependsOn, ...endpoints.endpoints],
    serviceDependsOn: endpoints.serviceRules,
  };
}

/** A port published to the world that no one outside the VPC reaches: the tasks of private subnets have no public IP, and no load balancer is in front of them. */
function warnPublishedPorts(ctx: RenderContext): void {
  const published = new Map<string, string[]>();
  for (const rule of ctx.graph.ingress) {
    if (rule.source.kind === 'world') published.set(rule.service, [...(published.get(rule.service) ?? []), `${rule.port}/${rule.protocol}`]);
  }
  for (const [service, ports] of published) {
    const path = ['services', service, 'ports'];
    ctx.warn({
      code: 'W_PRIVATE_PUBLISHED_PORT',
      message:
        `${service} publishes ${ports.join(', ')}, but its tasks run in private subnets without a public IP (x-vpc.PrivateSubnets): ` +
        'only the VPC reaches them, as no load balancer stands in front of them. Reach them from inside the VPC, or remove PrivateSubnets for tasks with public IPs.',
      path,
      position: ctx.locate(path),
    });
  }
}
