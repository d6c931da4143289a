import type { IngressRule } from '../../mesh/graph.js';
import { GetAtt, SecurityGroup, SecurityGroupIngress, type SecurityGroupIngressRule, type Value } from '../template/cfn.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { gatewayId } from '../template/logical-ids.js';
import { loadBalancerGroup } from '../load-balancer/security-group.js';

/**
 * Security groups from the service graph: one per service, plus one per compose network
 * that its member services wear. A service's group admits, on its target ports only, its
 * load balancer's group where a port is published (the world under x-ingress: public-ip),
 * the members of each network it shares, under App Mesh the nodes and gateways whose
 * backends lead to it, and the sources its x-network Ingress names (CIDRs, security groups,
 * prefix lists, services). Egress is left at AWS's default
 * (tasks pull images and call APIs).
 */
export function renderSecurityGroups(ctx: RenderContext, network: NetworkPlacement): Record<string, Value<string>[]> {
  const networkGroups = new Map<string, string>();
  for (const name of Object.keys(ctx.graph.networks)) {
    networkGroups.set(
      name,
      ctx.template.add(
        `${ctx.networkIds.of(name)}NetworkSecurityGroup`,
        new SecurityGroup({
          GroupDescription: `Members of the compose network ${name} of ${ctx.project.name}`,
          VpcId: network.vpcId,
        }),
      ),
    );
  }
  // The rules of each service and the networks of each service, in the graph's order, found once.
  const rulesOf = new Map<string, IngressRule[]>();
  for (const rule of ctx.graph.ingress) {
    const list = rulesOf.get(rule.service);
    if (list) list.push(rule);
    else rulesOf.set(rule.service, [rule]);
  }
  const networksOf = new Map<string, string[]>();
  for (const [name, members] of Object.entries(ctx.graph.networks)) {
    for (const member of new Set(members)) {
      const list = networksOf.get(member);
      if (list) list.push(name);
      else networksOf.set(member, [name]);
    }
  }
  const groups: Record<string, Value<string>[]> = {};
  for (const service of ctx.graph.services) {
    const all = rulesOf.get(service) ?? [];
    const rules = all.filter((r) => !standalone(r));
    const own = ctx.template.owning(service, () =>
      ctx.template.add(
        `${ctx.serviceIds.of(service)}SecurityGroup`,
        new SecurityGroup({
          GroupDescription: `Service ${service} of ${ctx.project.name}`,
          VpcId: network.vpcId,
          ...(rules.length > 0 ? { SecurityGroupIngress: rules.map((r) => ingress(ctx, r, networkGroups)) } : {}),
        }),
      ),
    );
    for (const rule of all.filter(standalone)) {
      const from = rule.source.kind === 'service' ? ctx.serviceIds.of(rule.source.service) : '';
      ctx.template.owning(service, () =>
        ctx.template.add(
          `${ctx.serviceIds.of(service)}From${from}${rule.port}${rule.protocol === 'udp' ? 'Udp' : ''}Ingress`,
          new SecurityGroupIngress({ GroupId: GetAtt(own, 'GroupId'), ...ingress(ctx, rule, networkGroups) }),
        ),
      );
    }
    const memberships = (networksOf.get(service) ?? []).map((name) => GetAtt(networkGroups.get(name) ?? '', 'GroupId'));
    groups[service] = [GetAtt(own, 'GroupId'), ...memberships];
  }
  return groups;
}

/**
 * A rule of x-network Ingress that admits a service's group (its own, with Myself) is a resource
 * of its own, so that two groups admitting each other, or a group itself, make no cycle.
 */
function standalone(rule: IngressRule): boolean {
  return rule.source.kind === 'service' && rule.source.via === 'x-network';
}

function ingress(ctx: RenderContext, rule: IngressRule, networkGroups: Map<string, string>): SecurityGroupIngressRule {
  const ports = { IpProtocol: rule.protocol, FromPort: rule.port, ToPort: rule.port };
  switch (rule.source.kind) {
    case 'world':
      return { ...ports, CidrIp: '0.0.0.0/0', Description: `published port ${rule.port}/${rule.protocol}` };
    case 'load-balancer':
      return { ...ports, SourceSecurityGroupId: loadBalancerGroup(ctx, rule.source.balancer), Description: `from the ${rule.source.balancer} load balancer` };
    case 'network':
      return {
        ...ports,
        SourceSecurityGroupId: GetAtt(networkGroups.get(rule.source.network) ?? '', 'GroupId'),
        Description: `from network ${rule.source.network}`,
      };
    case 'service':
      return {
        ...ports,
        SourceSecurityGroupId: GetAtt(`${ctx.serviceIds.of(rule.source.service)}SecurityGroup`, 'GroupId'),
        Description: rule.source.via === 'x-network' ? `from ${rule.source.service} (x-network Ingress)` : `from ${rule.source.service} (mesh backend)`,
      };
    case 'cidr':
      return {
        ...ports,
        ...(rule.source.ipv6 ? { CidrIpv6: rule.source.cidr } : { CidrIp: rule.source.cidr }),
        Description: `from ${rule.source.name ?? rule.source.cidr} (x-network Ingress)`,
      };
    case 'aws':
      return {
        ...ports,
        ...(rule.source.type === 'prefix-list'
          ? { SourcePrefixListId: rule.source.id }
          : { SourceSecurityGroupId: rule.source.id, ...(rule.source.owner !== undefined ? { SourceSecurityGroupOwnerId: rule.source.owner } : {}) }),
        Description: `from ${rule.source.name ?? rule.source.id} (x-network Ingress)`,
      };
    case 'gateway':
      return {
        ...ports,
        SourceSecurityGroupId: GetAtt(`${gatewayId(rule.source.gateway)}GatewaySecurityGroup`, 'GroupId'),
        Description: `from gateway ${rule.source.gateway}`,
      };
  }
}
