import { ParseError } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import { GetAZs, InternetGateway, Ref, Route, RouteTable, Select, Subnet, SubnetRouteTableAssociation, Vpc, VpcGatewayAttachment } from '../template/cfn.js';
import type { NetworkPlacement, RenderContext } from '../context.js';

interface XVpc {
  VpcId?: string;
  Subnets?: string[];
  AssignPublicIp?: boolean;
}

/** What an existing VPC needs, and what each key is for. Each -f file may set a part of x-vpc, so the keys are required of the merged project, not of each file's schema. */
const XVPC_REQUIRED = [
  { key: 'VpcId', what: 'the VPC its security groups are made in', example: 'VpcId: vpc-0abc1234' },
  { key: 'Subnets', what: 'the subnets its tasks run in', example: 'Subnets: [subnet-0abc1234, subnet-0def5678]' },
] as const;

/**
 * The network the tasks run in: with `x-vpc`, the existing VPC and subnets as parameters;
 * otherwise a new VPC with two public subnets in two Availability Zones, an internet
 * gateway and tasks with public IPs (no NAT gateway to pay for).
 */
export function renderNetwork(ctx: RenderContext): NetworkPlacement {
  const xVpc = ctx.project.extensions['x-vpc'];
  return isMapping(xVpc) ? existingVpc(ctx, xVpc as unknown as XVpc) : newVpc(ctx);
}

function existingVpc(ctx: RenderContext, xVpc: XVpc): NetworkPlacement {
  const missing = XVPC_REQUIRED.filter(({ key }) => xVpc[key] === undefined);
  if (missing.length > 0) {
    throw new ParseError(
      'E_XVPC_INCOMPLETE',
      `x-vpc sets no ${missing.map((m) => m.key).join(' and no ')}: an existing VPC needs ${missing.map((m) => m.what).join(', and ')}.`,
      {
        path: ['x-vpc'],
        position: ctx.locate(['x-vpc']),
        hint: `Add ${missing.map((m) => m.example).join(' and ')} to x-vpc (in this file or another -f file), or remove x-vpc to have a new VPC made.`,
      },
    );
  }
  const t = ctx.template;
  const subnets = xVpc.Subnets ?? [];
  t.parameter('VpcId', { Type: 'AWS::EC2::VPC::Id', Description: 'The VPC the services run in (x-vpc.VpcId).', Default: xVpc.VpcId });
  t.parameter('SubnetIds', {
    Type: 'List<AWS::EC2::Subnet::Id>',
    Description: 'The subnets of the tasks (x-vpc.Subnets).',
    Default: subnets.join(','),
  });
  return {
    vpcId: Ref('VpcId'),
    subnets: Ref('SubnetIds'),
    eachSubnet: subnets.map((_, i) => ({ id: `Subnet${i + 1}`, subnet: Select(i, Ref('SubnetIds')) })),
    assignPublicIp: xVpc.AssignPublicIp ? 'ENABLED' : 'DISABLED',
    dependsOn: [],
  };
}

const SUBNETS = [
  { id: 'PublicSubnet1', cidr: '10.0.0.0/24', az: 0 },
  { id: 'PublicSubnet2', cidr: '10.0.1.0/24', az: 1 },
];

function newVpc(ctx: RenderContext): NetworkPlacement {
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
  for (const subnet of SUBNETS) {
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
  return {
    vpcId: Ref('Vpc'),
    subnets: SUBNETS.map((s) => Ref(s.id)),
    eachSubnet: SUBNETS.map((s) => ({ id: s.id, subnet: Ref(s.id) })),
    assignPublicIp: 'ENABLED',
    dependsOn: ['PublicDefaultRoute', ...SUBNETS.map((s) => `${s.id}RouteTableAssociation`)],
  };
}
