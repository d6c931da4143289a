import type { Project, Service } from '../parser/model.js';
import { isPublished } from '../parser/syntax/ports.js';
import { exposedRange } from '../parser/syntax/ports.js';

/** A port a service's containers listen on. */
export interface Listener {
  port: number;
  protocol: 'tcp' | 'udp';
  /** Published with `ports:` (open to the world), not only exposed. */
  published: boolean;
  name?: string;
  appProtocol?: string;
}

/**
 * Who may open a connection to a listener: anyone, the members of a compose network, one
 * service (App Mesh: a node calling its backend; x-network: a service let in), an App Mesh
 * gateway, the project's application or network load balancer (src/mesh/ingress/), or a
 * source outside the project that x-network's Ingress names.
 */
export type IngressSource =
  | { kind: 'world' }
  | { kind: 'load-balancer'; balancer: 'application' | 'network' }
  | { kind: 'network'; network: string }
  | { kind: 'service'; service: string; via?: 'x-network' }
  | { kind: 'gateway'; gateway: string }
  /** ECS ComposeX x-network Ingress: a CIDR, a security group or a prefix list outside the project (src/mesh/composex/). */
  | { kind: 'cidr'; cidr: string; ipv6: boolean; name?: string }
  | { kind: 'aws'; type: 'security-group' | 'prefix-list'; id: string; owner?: string; name?: string };

export interface IngressRule {
  service: string;
  port: number;
  protocol: 'tcp' | 'udp';
  source: IngressSource;
}

/**
 * The project's service graph: what each service listens on, which compose networks join
 * which services, and so who may reach whom on which ports. Everything is sorted, so the
 * graph (and what is rendered from it) does not depend on the order of the compose file.
 */
export interface ServiceGraph {
  services: string[];
  listeners: Record<string, Listener[]>;
  /** Compose networks that carry traffic, with their member services. */
  networks: Record<string, string[]>;
  ingress: IngressRule[];
}

/** The graph; `inferred` adds listeners to services that declare none (src/mesh/callee-ports.ts). */
export function buildServiceGraph(project: Project, inferred: Readonly<Record<string, Listener[]>> = {}): ServiceGraph {
  const services = Object.keys(project.services).sort();
  const listeners = Object.fromEntries(services.map((name) => [name, [...listenersOf(project.services[name]!), ...(inferred[name] ?? [])]]));
  const members = new Map<string, string[]>();
  for (const name of services) {
    for (const network of Object.keys(project.services[name]!.networks).sort()) {
      const list = members.get(network);
      if (list) list.push(name);
      else members.set(network, [name]);
    }
  }
  const ingress: IngressRule[] = [];
  const used = new Set<string>();
  for (const name of services) {
    for (const l of listeners[name] ?? []) {
      if (l.published) {
        ingress.push({ service: name, port: l.port, protocol: l.protocol, source: { kind: 'world' } });
        continue;
      }
      for (const network of Object.keys(project.services[name]!.networks).sort()) {
        used.add(network);
        ingress.push({ service: name, port: l.port, protocol: l.protocol, source: { kind: 'network', network } });
      }
    }
  }
  const networks = Object.fromEntries([...members.entries()].filter(([n]) => used.has(n)).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { services, listeners, networks, ingress };
}

/** Target ports of `ports:` and `expose:`, one per port and protocol, in port order. */
function listenersOf(service: Service): Listener[] {
  const byKey = new Map<string, Listener>();
  for (const p of service.ports) {
    if (p.protocol === 'sctp') continue;
    const key = `${p.target}/${p.protocol}`;
    const known = byKey.get(key);
    byKey.set(key, {
      port: p.target,
      protocol: p.protocol,
      published: (known?.published ?? false) || isPublished(p),
      ...((p.name ?? known?.name) !== undefined ? { name: p.name ?? known?.name } : {}),
      ...((p.app_protocol ?? known?.appProtocol) !== undefined ? { appProtocol: p.app_protocol ?? known?.appProtocol } : {}),
    });
  }
  for (const entry of service.expose) {
    const range = exposedRange(entry);
    if (!range) continue;
    for (let port = range.start; port <= range.end; port++) {
      const key = `${port}/${range.protocol}`;
      if (!byKey.has(key)) byKey.set(key, { port, protocol: range.protocol, published: false });
    }
  }
  return [...byKey.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
}
