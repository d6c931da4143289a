import type { Project } from '../../parser/model.js';
import type { IngressRule, ServiceGraph } from '../graph.js';
import type { IngressPlan } from './plan.js';

/**
 * The graph with the load balancers in it: a published port behind a load balancer is
 * reached from that load balancer's security group, never from the world, and from the
 * members of the service's compose networks as an exposed port is (the world's rule let them
 * in before). A port x-ingress.Routes forward to is reached from the Application Load
 * Balancer's group too. The ports of `public-ip` services stay open to the world.
 */
export function withIngress(graph: ServiceGraph, plan: IngressPlan | undefined, project: Project): ServiceGraph {
  if (!plan) return graph;
  const networksOf = (service: string): string[] => Object.keys(project.services[service]?.networks ?? {}).sort();
  const ingress = graph.ingress.flatMap((rule): IngressRule[] => {
    const behind = plan.services[rule.service];
    if (rule.source.kind !== 'world' || !behind) return [rule];
    const balancer =
      behind.http?.port === rule.port && rule.protocol === 'tcp'
        ? 'application'
        : behind.network.some((t) => t.port === rule.port && t.protocol === rule.protocol)
          ? 'network'
          : undefined;
    if (!balancer) return [rule];
    return [
      { ...rule, source: { kind: 'load-balancer', balancer } },
      ...networksOf(rule.service).map((network): IngressRule => ({ ...rule, source: { kind: 'network', network } })),
    ];
  });
  const routed = Object.entries(plan.services).flatMap(([service, behind]) =>
    behind.routed.map((r): IngressRule => ({ service, port: r.port, protocol: 'tcp', source: { kind: 'load-balancer', balancer: 'application' } })),
  );
  ingress.push(...routed);
  const used = new Set(ingress.flatMap((r) => (r.source.kind === 'network' ? [r.source.network] : [])));
  const networks = Object.fromEntries(
    [...used].sort().map((network) => [network, graph.networks[network] ?? graph.services.filter((s) => networksOf(s).includes(network))]),
  );
  return { ...graph, ingress, networks };
}
