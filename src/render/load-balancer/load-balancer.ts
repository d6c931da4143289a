/**
 * The load balancers of the ingress plan (src/mesh/ingress/): the project's Application and
 * Network Load Balancers (or a shared listener), and per service its target groups, its
 * listener rule or listeners, and the stack outputs of its addresses. What each ECS service
 * needs to register its tasks is returned by service. A service whose deployments shift its
 * traffic (x-deployment BLUE_GREEN, LINEAR, CANARY) gets an alternate target group, which its
 * listener rule forwards to with weight 0 until ECS moves the traffic
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html).
 */
import { containerListening } from '../../mesh/family.js';
import { httpAddress, networkAddress } from '../../mesh/ingress/address.js';
import type { IngressRoute, ServiceIngress } from '../../mesh/ingress/plan.js';
import { GetAtt, Ref, Sub, type Value } from '../template/cfn.js';
import type { EcsServiceLoadBalancer } from '../template/cfn-spec-types.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { renderApplicationBalancer, type ApplicationPlacement } from './application.js';
import { pascalCase } from '../template/logical-ids.js';
import { addListenerRule, prefixRewrite } from './listener-rule.js';
import { renderNetworkBalancer, renderNetworkListener } from './network-balancer.js';
import { renderTargetGroup } from './target-group.js';
import { hasDockerBalancer, renderDockerBalancer, type DockerBalancer } from './docker-balancer.js';
import { NETWORK_LOAD_BALANCER } from './security-group.js';

/** What an ECS service behind a load balancer adds to its definition. */
export interface ServiceLoadBalancing {
  loadBalancers: EcsServiceLoadBalancer[];
  healthCheckGracePeriodSeconds: number;
  /** The listener rule or listeners: a target group must belong to a load balancer before ECS registers tasks in it. */
  dependsOn: string[];
}

/** The services whose deployments shift traffic on the Application Load Balancer (x-deployment), and the role ECS shifts it with. */
export interface TrafficShifting {
  services: ReadonlySet<string>;
  role: string;
}

/** Renders the load balancers of `ctx.plan.ingress`; the load balancing of each service behind one, by service. */
export function renderLoadBalancers(ctx: RenderContext, network: NetworkPlacement, shifting?: TrafficShifting): Record<string, ServiceLoadBalancing> {
  const plan = ctx.plan.ingress;
  if (!plan) return {};
  const ports = [...new Set([...Object.values(plan.services).flatMap((s) => (s.http ? [s.http.listenerPort] : [])), ...plan.routes.map((r) => r.listenerPort)])].sort((a, b) => a - b);
  const docker = hasDockerBalancer(ctx) ? renderDockerBalancer(ctx, plan.application ? 'application' : 'network', plan.application !== undefined && plan.network) : undefined;
  const application = plan.application ? renderApplicationBalancer(ctx, plan.application, ports, network, docker) : undefined;
  const networkDns = plan.network && !docker ? renderNetworkBalancer(ctx, plan, network) : undefined;
  const out: Record<string, ServiceLoadBalancing> = {};
  for (const [name, ingress] of Object.entries(plan.services)) {
    const role = shifting?.services.has(name) ? shifting.role : undefined;
    out[name] = ctx.template.owning(name, () => renderServiceTargets(ctx, name, ingress, network, application, role, docker));
    renderAddresses(ctx, name, ingress, application, networkDns);
  }
  for (const route of plan.routes) {
    const listener = application?.listeners.get(route.listenerPort);
    if (!listener) continue;
    const rule = renderRoute(ctx, route, listener);
    for (const { service } of route.targets) out[service]?.dependsOn.push(rule);
    const address = plan.application ? httpAddress(plan.application, route, application?.dnsName ?? '') : undefined;
    if (address && !(address.usesDnsName && application?.dnsName === undefined)) ctx.template.output(rule.replace(/ListenerRule$/, 'Url'), { Description: `The address of the route ${route.path}.`, Value: address.usesDnsName ? Sub(address.url) : address.url });
  }
  return out;
}

function renderServiceTargets(
  ctx: RenderContext,
  name: string,
  ingress: ServiceIngress,
  network: NetworkPlacement,
  application: ApplicationPlacement | undefined,
  shiftRole: string | undefined,
  docker: DockerBalancer | undefined,
): ServiceLoadBalancing {
  const id = ctx.serviceIds.of(name);
  const loadBalancers: EcsServiceLoadBalancer[] = [];
  const dependsOn: string[] = [];
  const common = { vpcId: network.vpcId, deregistrationDelaySeconds: ingress.deregistrationDelaySeconds };
  const { http } = ingress;
  const listener = http ? application?.listeners.get(http.listenerPort) : undefined;
  if (http && listener) {
    const inputs = { ...common, port: http.port, protocol: 'HTTP', version: http.version, healthCheck: http.healthCheck } as const;
    const targetGroup = renderTargetGroup(ctx, `${id}TargetGroup`, inputs);
    const alternate = shiftRole !== undefined ? renderTargetGroup(ctx, `${id}AlternateTargetGroup`, inputs) : undefined;
    const rule = addListenerRule(ctx, `${id}ListenerRule`, {
      listener,
      priority: http.priority,
      match: { ...(http.host !== undefined ? { hosts: [http.host] } : {}), paths: [http.path] },
      targets: alternate ? [{ targetGroup: Ref(targetGroup), weight: 1 }, { targetGroup: Ref(alternate), weight: 0 }] : [{ targetGroup: Ref(targetGroup) }],
    });
    // With an alternate target group the service refers to the rule (ProductionListenerRule), which orders it already.
    if (!alternate) dependsOn.push(rule);
    loadBalancers.push({
      ContainerName: containerListening(name, ctx.plan.families?.[name], http.port, 'tcp'),
      ContainerPort: http.port,
      TargetGroupArn: Ref(targetGroup),
      ...(alternate && shiftRole !== undefined ? { AdvancedConfiguration: { AlternateTargetGroupArn: Ref(alternate), ProductionListenerRule: Ref(rule), RoleArn: GetAtt(shiftRole, 'Arn') } } : {}),
    });
  }
  for (const target of ingress.network) {
    const protocol = target.protocol === 'tcp' ? 'TCP' : 'UDP';
    const targetGroup = renderTargetGroup(ctx, `${id}${protocol === 'TCP' ? 'Tcp' : 'Udp'}${target.listenerPort}TargetGroup`, {
      ...common,
      port: target.port,
      protocol,
      healthCheck: target.healthCheck,
    });
    dependsOn.push(renderNetworkListener(ctx, target, targetGroup, docker?.arn ?? Ref(NETWORK_LOAD_BALANCER)));
    loadBalancers.push({ ContainerName: containerListening(name, ctx.plan.families?.[name], target.port, target.protocol), ContainerPort: target.port, TargetGroupArn: Ref(targetGroup) });
  }
  for (const routed of application ? ingress.routed : []) {
    const targetGroup = renderTargetGroup(ctx, routeTargetGroup(id, routed.port), { ...common, port: routed.port, protocol: 'HTTP', healthCheck: routed.healthCheck });
    loadBalancers.push({ ContainerName: containerListening(name, ctx.plan.families?.[name], routed.port, 'tcp'), ContainerPort: routed.port, TargetGroupArn: Ref(targetGroup) });
  }
  return { loadBalancers, healthCheckGracePeriodSeconds: ingress.gracePeriodSeconds, dependsOn };
}

/** The target group of a service's port that x-ingress.Routes forward to: its own HTTP target group when the port is its published one. */
function routeTargetGroup(id: string, port: number): string {
  return `${id}Http${port}TargetGroup`;
}

/** The listener rule of a route: its path, the rewrite of its prefix, a forward (weighted across target groups when there are several). */
function renderRoute(ctx: RenderContext, route: IngressRoute, listener: Value<string>): string {
  const targets = route.targets.map((t) => {
    const id = ctx.serviceIds.of(t.service);
    const http = ctx.plan.ingress?.services[t.service]?.http;
    return { targetGroup: Ref(http?.port === t.port ? `${id}TargetGroup` : routeTargetGroup(id, t.port)), weight: t.weight };
  });
  return addListenerRule(ctx, `Route${route.path === '/' ? 'Root' : pascalCase(route.path)}ListenerRule`, {
    listener,
    priority: route.priority,
    match: { paths: [route.path] },
    targets: targets.length === 1 ? [{ targetGroup: targets[0]!.targetGroup }] : targets,
    ...(route.rewrite !== undefined && route.path !== '/' ? { rewrite: prefixRewrite(route.path, route.rewrite) } : {}),
  });
}

/** The stack outputs `<Service>Url` (its HTTP address) and `<Service>Tcp1883Url` (each TCP or UDP listener): what `up` and `ps` print. */
function renderAddresses(ctx: RenderContext, name: string, ingress: ServiceIngress, application: ApplicationPlacement | undefined, networkDns: string | undefined): void {
  const id = ctx.serviceIds.of(name);
  const balancer = ctx.plan.ingress?.application;
  const address = ingress.http && balancer ? httpAddress(balancer, ingress.http, application?.dnsName ?? '') : undefined;
  // On an existing load balancer of x-aws-loadbalancer, an address without a host name is that balancer's DNS name, which the template does not know.
  if (address && !(address.usesDnsName && application?.dnsName === undefined)) {
    ctx.template.output(`${id}Url`, { Description: `The address of ${name}.`, Value: address.usesDnsName ? Sub(address.url) : address.url });
  }
  for (const target of networkDns === undefined ? [] : ingress.network) {
    ctx.template.output(`${id}${target.protocol === 'tcp' ? 'Tcp' : 'Udp'}${target.listenerPort}Url`, {
      Description: `The address of port ${target.port}/${target.protocol} of ${name}.`,
      Value: Sub(networkAddress(target, networkDns ?? '')),
    });
  }
}
