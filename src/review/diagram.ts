import groupBy from 'lodash/groupBy.js';
import uniq from 'lodash/uniq.js';
import type { ReviewEdge, ReviewModel } from './model.js';

/** A box of the review diagram; `key` is unique (`internet`, `balancer:<name>`, `lb:<gateway>`, `gateway:<name>`, `service:<name>`). */
export interface DiagramNode {
  key: string;
  kind: 'internet' | 'load-balancer' | 'gateway' | 'service';
  label: string;
  /** The key of the network group the node is drawn in: a service on exactly one compose network. */
  group?: string;
}

/** A compose network, drawn as a box around the services that are on it alone (`network:<name>`). */
export interface DiagramGroup {
  key: string;
  label: string;
}

/** An arrow of the review diagram, between node or group keys; `both`: drawn with two heads (a service that is a member of a network). */
export interface DiagramArrow {
  from: string;
  to: string;
  label: string;
  both?: boolean;
}

export interface Diagram {
  nodes: DiagramNode[];
  groups: DiagramGroup[];
  arrows: DiagramArrow[];
}

/**
 * The review as a graph to draw (Mermaid, DOT), grouped by compose network: a service on one
 * network is drawn inside that network's group; a service on several is drawn outside them,
 * with a two-headed `member` arrow to each of its networks (it may call the ports of their
 * members, and they may call its own). Between two services of the same group, each connection
 * the security groups allow is an arrow (in a network of more than NETWORK_FANOUT services the
 * group says that its members reach each other instead); so are the arrows from the internet
 * to published ports and load balancers (one per balancer, with its listener ports), from each
 * gateway's load balancer to its gateway (one per route), from load balancers, gateways and
 * App Mesh nodes to the services they reach, and calls between services of different networks.
 * A connection through a shared network that a member arrow already says is not drawn twice.
 */
export function reviewDiagram(model: ReviewModel): Diagram {
  const gateways = uniq(model.entries.filter((e) => e.kind === 'gateway').map((e) => e.name)).sort();
  const listeners = new Map(model.entries.filter((e) => e.kind === 'gateway').map((e) => [e.name, e.port]));
  const balancers = groupBy(
    model.entries.filter((e) => e.kind === 'load-balancer'),
    (e) => e.to,
  );
  const callers = uniq(model.edges.filter((e) => e.via === 'load-balancer').map((e) => e.from));
  const named = uniq([...Object.keys(balancers), ...callers]).sort();
  const networksOf = membership(model);
  const groupOf = (service: string): string | undefined => {
    const networks = networksOf.get(service) ?? [];
    return networks.length === 1 ? `network:${networks[0]}` : undefined;
  };
  const crowded = new Set(model.networks.map((n) => n.name));
  const nodes: DiagramNode[] = [
    ...(model.entries.length > 0 ? [{ key: 'internet', kind: 'internet' as const, label: 'internet' }] : []),
    ...named.map((b) => ({ key: `balancer:${b}`, kind: 'load-balancer' as const, label: b })),
    ...gateways.map((g) => ({ key: `lb:${g}`, kind: 'load-balancer' as const, label: `load balancer ${g}` })),
    ...gateways.map((g) => ({ key: `gateway:${g}`, kind: 'gateway' as const, label: `gateway ${g} :${listeners.get(g)}` })),
    ...model.services.map((s) => {
      const group = groupOf(s.name);
      return { key: `service:${s.name}`, kind: 'service' as const, label: [s.name, ...s.ports.map(portLabel)].join(' '), ...(group ? { group } : {}) };
    }),
  ];
  const groups = model.groups.map((g) => ({
    key: `network:${g.name}`,
    label: `network ${g.name}${crowded.has(g.name) ? ` (${g.members.length} services, each may call the ports of the others)` : ''}`,
  }));
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
    ...model.groups.flatMap((g) =>
      g.members.filter((m) => groupOf(m) === undefined).map((m) => ({ from: `service:${m}`, to: `network:${g.name}`, label: 'member', both: true })),
    ),
    ...model.edges.filter((e) => !saidByMembership(e, networksOf, groupOf)).map((e) => ({ from: nodeKey(e.from, e.via), to: `service:${e.to}`, label: e.label ?? `:${e.port}` })),
  ];
  return { nodes, groups, arrows };
}

/** The compose networks of each service, from the groups of the model. */
function membership(model: ReviewModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const group of model.groups) for (const member of group.members) out.set(member, [...(out.get(member) ?? []), group.name]);
  return out;
}

/**
 * Whether a connection through a network goes without an arrow of its own: the call of a member
 * of a crowded network (its group says it), or one where the caller or the callee is drawn
 * outside the groups on a network they share (its member arrow says it).
 */
function saidByMembership(edge: ReviewEdge, networksOf: Map<string, string[]>, groupOf: (service: string) => string | undefined): boolean {
  if (edge.via !== 'network' && edge.via !== 'service-connect') return false;
  if (edge.from.startsWith('network ')) return true;
  const shared = (networksOf.get(edge.from) ?? []).some((n) => (networksOf.get(edge.to) ?? []).includes(n));
  return shared && (groupOf(edge.from) === undefined || groupOf(edge.to) === undefined);
}

/** `:8080`, or `:53/udp` for a port that is not TCP. */
function portLabel(p: { port: number; protocol: string }): string {
  return p.protocol === 'tcp' ? `:${p.port}` : `:${p.port}/${p.protocol}`;
}

/** The diagram node of an edge's caller: a load balancer, `gateway <name>` or a service name (which has no space). */
function nodeKey(caller: string, via: ReviewModel['edges'][number]['via']): string {
  if (via === 'load-balancer') return `balancer:${caller}`;
  return caller.startsWith('gateway ') ? `gateway:${caller.slice('gateway '.length)}` : `service:${caller}`;
}
