import type { IngressRule, ServiceGraph } from '../graph.js';
import type { IngressPlan } from './plan.js';

/**
 * The graph with the load balancers in it: a published port behind a load balancer is
 * reached from that load balancer's security group, never from the world; the ports of
 * `public-ip` services stay open to the world.
 */
export function withIngress(graph: ServiceGraph, plan: IngressPlan | undefined): ServiceGraph {
  if (!plan) return graph;
  const ingress = graph.ingress.map((rule): IngressRule => {
    const behind = plan.services[rule.service];
    if (rule.source.kind !== 'world' || !behind) return rule;
    if (behind.http?.port === rule.port && rule.protocol === 'tcp') return { ...rule, source: { kind: 'load-balancer', balancer: 'application' } };
    if (behind.network.some((t) => t.port === rule.port && t.protocol === rule.protocol)) return { ...rule, source: { kind: 'load-balancer', balancer: 'network' } };
    return rule;
  });
  return { ...graph, ingress };
}
