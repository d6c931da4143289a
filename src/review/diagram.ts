import _ from 'lodash';
import type { ReviewModel } from './model.js';

/** A box of the review diagram; `key` is unique (`internet`, `balancer:<name>`, `lb:<gateway>`, `gateway:<name>`, `service:<name>`). */
export interface DiagramNode {
  key: string;
  kind: 'internet' | 'load-balancer' | 'gateway' | 'network' | 'service';
  label: string;
}

/** An arrow of the review diagram, between node keys. */
export interface DiagramArrow {
  from: string;
  to: string;
  label: string;
}

/**
 * The review as a graph to draw (Mermaid, DOT): the internet, the project's load balancers,
 * each gateway's load balancer, the gateways and the services; arrows from the internet to
 * published ports and load balancers (one per balancer, with its listener ports), from each
 * gateway's load balancer to its gateway (one per route), and one per edge.
 */
export function reviewDiagram(model: ReviewModel): { nodes: DiagramNode[]; arrows: DiagramArrow[] } {
  const gateways = _.uniq(model.entries.filter((e) => e.kind === 'gateway').map((e) => e.name)).sort();
  const listeners = new Map(model.entries.filter((e) => e.kind === 'gateway').map((e) => [e.name, e.port]));
  const balancers = _.groupBy(
    model.entries.filter((e) => e.kind === 'load-balancer'),
    (e) => e.to,
  );
  const callers = _.uniq(model.edges.filter((e) => e.via === 'load-balancer').map((e) => e.from));
  const named = _.uniq([...Object.keys(balancers), ...callers]).sort();
  const nodes: DiagramNode[] = [
    ...(model.entries.length > 0 ? [{ key: 'internet', kind: 'internet' as const, label: 'internet' }] : []),
    ...named.map((b) => ({ key: `balancer:${b}`, kind: 'load-balancer' as const, label: b })),
    ...gateways.map((g) => ({ key: `lb:${g}`, kind: 'load-balancer' as const, label: `load balancer ${g}` })),
    ...gateways.map((g) => ({ key: `gateway:${g}`, kind: 'gateway' as const, label: `gateway ${g} :${listeners.get(g)}` })),
    ...model.networks.map((n) => ({ key: `network:${n.name}`, kind: 'network' as const, label: `network ${n.name} (${n.members.length} services)` })),
    ...model.services.map((s) => ({ key: `service:${s.name}`, kind: 'service' as const, label: [s.name, ...s.ports.map(portLabel)].join(' ') })),
  ];
  const arrows: DiagramArrow[] = [
    ...Object.entries(balancers)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([b, entries]) => ({ from: 'internet', to: `balancer:${b}`, label: entries.map((e) => `:${e.port}`).join(', ') })),
    ...gateways.map((g) => ({ from: 'internet', to: `lb:${g}`, label: `:${listeners.get(g)}` })),
    ...model.entries.flatMap((e) => {
      if (e.kind === 'load-balancer') return [];
      return e.kind === 'published'
        ? [{ from: 'internet', to: `service:${e.to}`, label: `:${e.port}` }]
        : [{ from: `lb:${e.name}`, to: `gateway:${e.name}`, label: e.label ?? `:${e.port}` }];
    }),
    ...model.networks.flatMap((n) => n.members.map((m) => ({ from: `service:${m}`, to: `network:${n.name}`, label: 'member' }))),
    ...model.edges.map((e) => ({ from: nodeKey(e.from, e.via), to: `service:${e.to}`, label: e.label ?? `:${e.port}` })),
  ];
  return { nodes, arrows };
}

/** `:8080`, or `:53/udp` for a port that is not TCP. */
function portLabel(p: { port: number; protocol: string }): string {
  return p.protocol === 'tcp' ? `:${p.port}` : `:${p.port}/${p.protocol}`;
}

/** The diagram node of an edge's caller: a load balancer, `network <name>`, `gateway <name>` or a service name (which has no space). */
function nodeKey(caller: string, via: ReviewModel['edges'][number]['via']): string {
  if (via === 'load-balancer') return `balancer:${caller}`;
  if (caller.startsWith('network ')) return `network:${caller.slice('network '.length)}`;
  return caller.startsWith('gateway ') ? `gateway:${caller.slice('gateway '.length)}` : `service:${caller}`;
}
