/**
 * The project's Network Load Balancer, for the TCP and UDP ports: internet-facing in the
 * public subnets, with a security group (which must be given when it is created) open to
 * the world on its listener ports only; one listener per published port, forwarding to the
 * target group of the service that publishes it.
 */
import type { IngressPlan, NetworkTarget } from '../../mesh/ingress/plan.js';
import { GetAtt, Ref, SecurityGroup, type Value } from '../template/cfn.js';
import { Elbv2ListenerResource, Elbv2LoadBalancerResource } from '../template/cfn-spec-types.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { NETWORK_GROUP, NETWORK_LOAD_BALANCER } from './security-group.js';

/** Creates the balancer and its group; returns `${NetworkLoadBalancer.DNSName}` for addresses. */
export function renderNetworkBalancer(ctx: RenderContext, plan: IngressPlan, network: NetworkPlacement): string {
  const t = ctx.template;
  const listeners = Object.values(plan.services).flatMap((s) => s.network);
  t.add(
    NETWORK_GROUP,
    new SecurityGroup({
      GroupDescription: `Network Load Balancer of ${ctx.project.name}`,
      VpcId: network.vpcId,
      SecurityGroupIngress: listeners.map((l) => ({
        IpProtocol: l.protocol,
        FromPort: l.listenerPort,
        ToPort: l.listenerPort,
        CidrIp: '0.0.0.0/0',
        Description: `listener ${l.listenerPort}/${l.protocol}`,
      })),
    }),
  );
  const resource = new Elbv2LoadBalancerResource({
    Type: 'network',
    Scheme: 'internet-facing',
    Subnets: network.publicSubnets,
    SecurityGroups: [GetAtt(NETWORK_GROUP, 'GroupId')],
  });
  t.add(NETWORK_LOAD_BALANCER, network.dependsOn.length > 0 ? resource.dependsOn(network.dependsOn) : resource);
  return `\${${NETWORK_LOAD_BALANCER}.DNSName}`;
}

/** The listener of one published port on the balancer (the project's, or x-aws-loadbalancer's), forwarding to its target group. */
export function renderNetworkListener(ctx: RenderContext, target: NetworkTarget, targetGroup: string, balancerArn: Value<string>): string {
  return ctx.template.add(
    `${NETWORK_LOAD_BALANCER}${target.protocol === 'tcp' ? 'Tcp' : 'Udp'}${target.listenerPort}Listener`,
    new Elbv2ListenerResource({
      LoadBalancerArn: balancerArn,
      Port: target.listenerPort,
      Protocol: target.protocol.toUpperCase(),
      DefaultActions: [{ Type: 'forward', TargetGroupArn: Ref(targetGroup) }],
    }),
  );
}
