/**
 * Docker's `x-aws-loadbalancer`: an existing load balancer, by ARN or name, that the services'
 * listeners and target groups are added to instead of one of the project's own
 * (Docker's ECS integration, "Using existing AWS network resources":
 * https://docs.docker.com/cloud/ecs-integration/). Its ARN is the
 * `LoadBalancerArn` parameter (the value written, or what `compose-x lookup` finds for a name);
 * its security group, which the tasks admit, the `LoadBalancerSecurityGroup` parameter that
 * `compose-x lookup` fills from ELBv2 DescribeLoadBalancers.
 */
import { ParseError } from '../../parser/diagnostics.js';
import { Ref, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

export const DOCKER_BALANCER_ARN = 'LoadBalancerArn';
export const DOCKER_BALANCER_GROUP = 'LoadBalancerSecurityGroup';
const KEY = 'x-aws-loadbalancer';

/** The existing load balancer the listeners go on. */
export interface DockerBalancer {
  arn: Value<string>;
  group: Value<string>;
}

/** `loadbalancer/app/...` or `loadbalancer/net/...` of an ELBv2 ARN: https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancer.html */
function typeOfArn(written: string): 'application' | 'network' | undefined {
  const match = /^arn:aws[a-z-]*:elasticloadbalancing:[^:]*:[0-9]*:loadbalancer\/(app|net)\//.exec(written);
  return match ? (match[1] === 'app' ? 'application' : 'network') : undefined;
}

/** Whether the project names an existing load balancer with x-aws-loadbalancer. */
export function hasDockerBalancer(ctx: RenderContext): boolean {
  return typeof ctx.project.extensions[KEY] === 'string';
}

/**
 * The parameters of the load balancer x-aws-loadbalancer names, for listeners of `type` (the
 * one the published ports need); an ARN of the other type, or a project that needs both an
 * Application and a Network Load Balancer, is an error at the key.
 */
export function renderDockerBalancer(ctx: RenderContext, type: 'application' | 'network', needsBoth: boolean): DockerBalancer {
  const written = String(ctx.project.extensions[KEY]);
  const fail = (message: string, hint: string): never => {
    throw new ParseError('E_DOCKER_LOADBALANCER', message, { path: [KEY], position: ctx.locate([KEY]), hint });
  };
  if (needsBoth) {
    fail(`${KEY} names one load balancer, and the project publishes HTTP ports (an Application Load Balancer) and TCP or UDP ports (a Network Load Balancer).`, 'Publish the ports of one kind only, or remove x-aws-loadbalancer to have compose-x make both.');
  }
  if (ctx.plan.ingress?.application?.kind === 'existing') {
    fail(`${KEY} and x-ingress.Listener both name an existing load balancer.`, 'Keep one of them.');
  }
  const arnType = typeOfArn(written);
  if (arnType !== undefined && arnType !== type) {
    fail(`${KEY} is a ${arnType === 'application' ? 'Application' : 'Network'} Load Balancer, and the published ports need a${type === 'application' ? 'n Application' : ' Network'} Load Balancer.`, `Name a${type === 'application' ? 'n Application' : ' Network'} Load Balancer, or publish the ports with the other protocol.`);
  }
  const byName = arnType === undefined;
  const from = KEY;
  const arn = byName ? ctx.lookups.value({ kind: 'load-balancer', parameter: DOCKER_BALANCER_ARN, from, balancer: written, type, field: 'arn' }, [KEY]) : written;
  ctx.template.parameter(DOCKER_BALANCER_ARN, {
    Type: 'String',
    Description: `The existing load balancer the services' listeners are added to (${KEY}).`,
    ...(arn !== undefined ? { Default: arn } : {}),
  });
  const group = ctx.lookups.value({ kind: 'load-balancer', parameter: DOCKER_BALANCER_GROUP, from, balancer: written, type, field: 'securityGroup' }, [KEY]);
  ctx.template.parameter(DOCKER_BALANCER_GROUP, {
    Type: 'AWS::EC2::SecurityGroup::Id',
    Description: `The security group of that load balancer, which the tasks admit (${KEY}, found by compose-x lookup).`,
    ...(group !== undefined ? { Default: group } : {}),
  });
  return { arn: Ref(DOCKER_BALANCER_ARN), group: Ref(DOCKER_BALANCER_GROUP) };
}
