import { GetAtt, Ref, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import { DOCKER_BALANCER_GROUP, hasDockerBalancer } from './docker-balancer.js';

/** Logical IDs of the project's load balancers and their groups; the parameters of a shared listener. */
export const APPLICATION_LOAD_BALANCER = 'ApplicationLoadBalancer';
export const APPLICATION_GROUP = `${APPLICATION_LOAD_BALANCER}SecurityGroup`;
export const NETWORK_LOAD_BALANCER = 'NetworkLoadBalancer';
export const NETWORK_GROUP = `${NETWORK_LOAD_BALANCER}SecurityGroup`;
export const EXISTING_LISTENER = 'IngressListenerArn';
export const EXISTING_GROUP = 'IngressLoadBalancerSecurityGroupId';

/**
 * The security group a task admits its load balancer's traffic from: the group of the
 * project's application or network load balancer, or the parameter of a shared one (x-ingress.Listener, x-aws-loadbalancer). The
 * target's group referring to the balancer's admits it even with client IP preservation on:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
 */
export function loadBalancerGroup(ctx: RenderContext, balancer: 'application' | 'network'): Value<string> {
  if (hasDockerBalancer(ctx)) return Ref(DOCKER_BALANCER_GROUP);
  if (balancer === 'network') return GetAtt(NETWORK_GROUP, 'GroupId');
  return ctx.plan.ingress?.application?.kind === 'existing' ? Ref(EXISTING_GROUP) : GetAtt(APPLICATION_GROUP, 'GroupId');
}
