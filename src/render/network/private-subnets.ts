/**
 * Private subnets for the tasks of the VPC compose-x makes (x-vpc.PrivateSubnets: true): one in
 * each Availability Zone of the public subnets, whose only way out is a NAT gateway in a public
 * subnet. No route of theirs leads to the internet gateway, so nothing from the internet reaches
 * a task; the tasks reach the internet (image registries, AWS APIs) through the NAT gateway.
 */
import { Eip, GetAtt, GetAZs, NatGateway, Ref, Route, RouteTable, Select, Subnet, SubnetRouteTableAssociation } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

/** A public subnet of the VPC: a NAT gateway of the private subnet of its zone goes in it. */
export interface PublicSubnet {
  id: string;
  az: number;
}

export interface PrivateSubnets {
  /** The logical IDs of the private subnets, one per zone, in the order of the public ones. */
  subnets: string[];
  /** The logical IDs of their route tables (one, or one per zone). */
  routeTables: string[];
  /** What the tasks wait for: each private subnet's route table association and default route. */
  dependsOn: string[];
}

/**
 * The upper half of 10.0.0.0/16, away from the public /24s at its start: a /20 per zone
 * (4,091 addresses, a task takes one) from 10.0.128.0.
 */
function privateCidr(az: number): string {
  return `10.0.${128 + 16 * az}.0/20`;
}

/**
 * The private subnets with their NAT gateways: one gateway (in the first public subnet) and one
 * route table for all, or per zone a gateway and a route table, so that the tasks of a zone keep
 * their way out when another zone fails.
 */
export function renderPrivateSubnets(ctx: RenderContext, publicSubnets: readonly PublicSubnet[], natGateways: 1 | 'per-az'): PrivateSubnets {
  const t = ctx.template;
  const tags = (suffix: string) => [{ Key: 'Name', Value: `${ctx.project.name}-${suffix}` }];
  const gateways = natGateways === 'per-az' ? publicSubnets : publicSubnets.slice(0, 1);
  const routeTables = gateways.map((subnet, i) => {
    const n = i + 1;
    // An Elastic IP of a VPC made in the same template waits for the VPC's gateway attachment:
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
    t.add(`NatGateway${n}ElasticIp`, new Eip({ Domain: 'vpc', Tags: tags(`nat-${n}`) }).dependsOn('VpcGatewayAttachment'));
    t.add(`NatGateway${n}`, new NatGateway({ AllocationId: GetAtt(`NatGateway${n}ElasticIp`, 'AllocationId'), SubnetId: Ref(subnet.id), Tags: tags(`nat-${n}`) }));
    t.add(`PrivateRouteTable${n}`, new RouteTable({ VpcId: Ref('Vpc'), Tags: tags(gateways.length === 1 ? 'private' : `private-${n}`) }));
    t.add(`PrivateDefaultRoute${n}`, new Route({ RouteTableId: Ref(`PrivateRouteTable${n}`), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: Ref(`NatGateway${n}`) }));
    return `PrivateRouteTable${n}`;
  });
  const subnets = publicSubnets.map(({ az }, i) => {
    const id = `PrivateSubnet${i + 1}`;
    t.add(id, new Subnet({ VpcId: Ref('Vpc'), CidrBlock: privateCidr(az), AvailabilityZone: Select(az, GetAZs('')), Tags: tags(`private-${az + 1}`) }));
    t.add(`${id}RouteTableAssociation`, new SubnetRouteTableAssociation({ SubnetId: Ref(id), RouteTableId: Ref(routeTables[i] ?? routeTables[0]!) }));
    return id;
  });
  return {
    subnets,
    routeTables,
    dependsOn: [...routeTables.map((_, i) => `PrivateDefaultRoute${i + 1}`), ...subnets.map((id) => `${id}RouteTableAssociation`)],
  };
}
