import type { AppMeshPlan } from './plan.js';
import type { IngressRule, ServiceGraph } from '../graph.js';

/**
 * The graph as App Mesh narrows it: a node is reached only by the nodes (and gateways)
 * whose backends lead to it, on its listener port; its published ports stay open to the
 * world (or to their load balancer). Services outside the mesh keep the compose-network rules.
 */
export function withAppMesh(graph: ServiceGraph, plan: AppMeshPlan | undefined): ServiceGraph {
  if (!plan) return graph;
  const nodes = new Set(Object.keys(plan.nodes));
  const kept = graph.ingress.filter((rule) => !(nodes.has(rule.service) && rule.source.kind === 'network'));
  const reach: IngressRule[] = plan.reach.map((r) => ({
    service: r.to,
    port: r.port,
    protocol: 'tcp',
    source: r.from in plan.gateways ? { kind: 'gateway', gateway: r.from } : { kind: 'service', service: r.from },
  }));
  const key = (r: IngressRule): string => `${r.service}\u0000${String(r.port).padStart(5, '0')}\u0000${JSON.stringify(r.source)}`;
  const ingress = [...kept, ...reach].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const used = new Set(ingress.flatMap((r) => (r.source.kind === 'network' ? [r.source.network] : [])));
  const networks = Object.fromEntries(Object.entries(graph.networks).filter(([name]) => used.has(name)));
  return { ...graph, ingress, networks };
}
