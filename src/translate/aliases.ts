/**
 * Where the names of an App Mesh go in Service Connect: each virtual service becomes a
 * client alias on one node's server port, and each compose service gets the server entries
 * that carry those aliases (written only when they differ from the Service Connect defaults).
 */
import _ from 'lodash';
import type { Project } from '../parser/model.js';
import type { AppMeshPlan, VirtualService } from '../mesh/app-mesh/plan.js';
import type { ServerTimeout, Timeouts } from './timeouts.js';
import { buildServiceGraph, type Listener } from '../mesh/graph.js';

type AppProtocol = 'http' | 'http2' | 'grpc';

/** A node behind a virtual service and its share of the calls (the sum of its route weights). */
export interface Share {
  node: string;
  weight: number;
}

/** Where the name of a virtual service goes. */
export interface Placement {
  service: VirtualService;
  /** The nodes behind it, the heaviest first (ties in name order); empty when no node serves it. */
  shares: Share[];
  /** `<service name>:<listener port>` on the server port (`serverPort`) of the first share's node. */
  alias?: { dnsName: string; port: number; node: string; serverPort: number };
}

/** A server entry of a service's x-serviceconnect, in the extension's syntax. */
export interface XServer {
  Port: number;
  DiscoveryName?: string;
  ClientAliases?: { DnsName: string; Port: number }[];
  AppProtocol?: AppProtocol;
  Timeout?: ServerTimeout;
}

/** A default name that a virtual service's alias took: the service keeps the port under another name. */
export interface Renamed {
  service: string;
  port: number;
  from: string;
  to: string;
}

export interface Layout {
  /** Per compose service, its x-serviceconnect when it differs from the defaults. */
  services: Record<string, { Services: XServer[] }>;
  renamed: Renamed[];
}

interface Entry {
  port: number;
  discoveryName: string;
  alias: { DnsName: string; Port: number };
  appProtocol?: AppProtocol;
  timeout?: ServerTimeout;
}

const APP_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2', 'grpc']);

/** Each virtual service's alias, in name order. */
export function placeAliases(plan: AppMeshPlan): Placement[] {
  return _.sortBy(Object.values(plan.services), (s) => s.name).map((service) => {
    const shares = sharesOf(plan, service);
    const node = shares[0] ? plan.nodes[shares[0].node] : undefined;
    if (!node) return { service, shares };
    const port = service.provider.kind === 'node' ? node.port : (plan.routers[service.provider.router]?.listener.port ?? node.port);
    return { service, shares, alias: { dnsName: dnsName(service.name), port, node: node.name, serverPort: node.port } };
  });
}

function sharesOf(plan: AppMeshPlan, service: VirtualService): Share[] {
  if (service.provider.kind === 'node') return [{ node: service.provider.node, weight: 1 }];
  const totals = new Map<string, number>();
  for (const route of plan.routers[service.provider.router]?.routes ?? []) {
    for (const target of route.targets) totals.set(target.node, (totals.get(target.node) ?? 0) + target.weight);
  }
  const shares = [...totals].map(([node, weight]) => ({ node, weight }));
  return _.orderBy(shares, ['weight', 'node'], ['desc', 'asc']);
}

/**
 * The server entries of every compose service: the aliases of virtual services first (one
 * entry per alias on the node's port), then the default entry of every other target port,
 * renamed where an alias or a discovery name is already taken. Node ports get the node's
 * AppProtocol and the Timeout of the routes that reach them.
 */
export function layoutServices(project: Project, plan: AppMeshPlan, placements: Placement[], timeouts: Timeouts): Layout {
  const listeners = tcpListeners(project);
  const aliasKeys = new Set(placements.flatMap((p) => (p.alias ? [aliasKey(p.alias.dnsName, p.alias.port)] : [])));
  const discoveryNames = new Set<string>();
  const entries = aliasEntries(placements, discoveryNames);
  const renamed: Renamed[] = [];
  for (const [service, ports] of Object.entries(listeners)) {
    const carried = entries[service] !== undefined ? plan.nodes[service]?.port : undefined;
    const rest = ports.flatMap((l, i) => (l.port === carried ? [] : [claimDefault(service, defaultEntry(service, l, i), discoveryNames, aliasKeys, renamed)]));
    entries[service] = _.sortBy([...(entries[service] ?? []), ...rest], (e) => e.port);
  }
  return { services: written(withNodeSettings(entries, plan, timeouts), listeners), renamed };
}

/** Per node, one entry per alias it carries: DiscoveryName the node's name for one alias, the alias for several. */
function aliasEntries(placements: Placement[], discoveryNames: Set<string>): Record<string, Entry[]> {
  const byNode = _.groupBy(placements.flatMap((p) => (p.alias ? [p.alias] : [])), (a) => a.node);
  const entries: Record<string, Entry[]> = {};
  for (const [node, aliases] of _.sortBy(Object.entries(byNode), ([name]) => name)) {
    entries[node] = aliases.map((a) => ({
      port: a.serverPort,
      discoveryName: claim(discoveryNames, [discoveryLabel(aliases.length === 1 ? node : a.dnsName), `${discoveryLabel(a.dnsName)}-${a.serverPort}`]),
      alias: { DnsName: a.dnsName, Port: a.port },
    }));
  }
  return entries;
}

/** The node's protocol as AppProtocol (none for TCP) and its routes' Timeout, on the node's port. */
function withNodeSettings(entries: Record<string, Entry[]>, plan: AppMeshPlan, timeouts: Timeouts): Record<string, Entry[]> {
  return _.mapValues(entries, (list, service) => {
    const node = plan.nodes[service];
    if (!node) return list;
    const timeout = timeouts.nodes[node.name]?.timeout;
    const settings = { ...(node.protocol !== 'tcp' ? { appProtocol: node.protocol } : {}), ...(timeout && !_.isEmpty(timeout) ? { timeout } : {}) };
    return list.map((e) => (e.port === node.port ? _.cloneDeep({ ...e, ...settings }) : e));
  });
}

function claimDefault(service: string, entry: Entry, discoveryNames: Set<string>, aliasKeys: Set<string>, renamed: Renamed[]): Entry {
  const base = entry.alias.DnsName;
  const discoveryName = claim(discoveryNames, [entry.discoveryName, `${discoveryLabel(entry.discoveryName)}-${entry.port}`]);
  const dns = claim(aliasKeys, [base, `${base}-${entry.port}`], (name) => aliasKey(name, entry.port));
  if (dns !== base) renamed.push({ service, port: entry.port, from: base, to: dns });
  return { ...entry, discoveryName, alias: { DnsName: dns, Port: entry.port } };
}

/** The first free candidate (the last one numbered when all are taken), now taken. */
function claim(taken: Set<string>, candidates: string[], keyOf: (name: string) => string = (name) => name): string {
  const last = candidates[candidates.length - 1] ?? '';
  const numbered = _.range(2, 2 + taken.size + 1).map((n) => `${last}-${n}`);
  const name = [...candidates, ...numbered].find((c) => !taken.has(keyOf(c))) ?? last;
  taken.add(keyOf(name));
  return name;
}

/** The entries of the services that differ from what Service Connect does by default. */
function written(entries: Record<string, Entry[]>, listeners: Record<string, Listener[]>): Layout['services'] {
  const services: Layout['services'] = {};
  for (const [service, list] of _.sortBy(Object.entries(entries), ([name]) => name)) {
    const defaults = (listeners[service] ?? []).map((l, i) => defaultEntry(service, l, i));
    if (_.isEqual(list, defaults)) continue;
    services[service] = { Services: list.map((e) => toX(e, defaults.find((d) => d.port === e.port))) };
  }
  return services;
}

/** An entry in the extension's syntax, leaving out what the default of its port already says. */
function toX(entry: Entry, fallback: Entry | undefined): XServer {
  return {
    Port: entry.port,
    ...(entry.discoveryName !== fallback?.discoveryName ? { DiscoveryName: entry.discoveryName } : {}),
    ...(!_.isEqual(entry.alias, fallback?.alias) ? { ClientAliases: [entry.alias] } : {}),
    ...(entry.appProtocol !== undefined && entry.appProtocol !== fallback?.appProtocol ? { AppProtocol: entry.appProtocol } : {}),
    ...(entry.timeout ? { Timeout: entry.timeout } : {}),
  };
}

/** What planServiceConnect does for a target port without x-serviceconnect. */
function defaultEntry(service: string, listener: Listener, index: number): Entry {
  const base = dnsName(service);
  const appProtocol = listener.appProtocol?.toLowerCase() ?? '';
  return {
    port: listener.port,
    discoveryName: index === 0 ? base : `${base}-${listener.port}`,
    alias: { DnsName: base, Port: listener.port },
    ...(APP_PROTOCOLS.has(appProtocol) ? { appProtocol: appProtocol as AppProtocol } : {}),
  };
}

function tcpListeners(project: Project): Record<string, Listener[]> {
  const graph = buildServiceGraph(project);
  return Object.fromEntries(graph.services.map((name) => [name, (graph.listeners[name] ?? []).filter((l) => l.protocol === 'tcp')]));
}

function aliasKey(dns: string, port: number): string {
  return `${dns}:${port}`;
}

/** A client alias name: Service Connect names are lower case. */
function dnsName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^-+/, '');
}

/** A Cloud Map service name: lower case letters, digits, `_` and `-`, at most 64. */
function discoveryLabel(name: string): string {
  return dnsName(name).replace(/\./g, '-').replace(/^-+/, '').slice(0, 64);
}

/** `clock (weight 1, 50%) and watch (weight 1, 50%)`, or `clock` alone. */
export function describeShares(shares: Share[]): string {
  const [first, ...others] = shares;
  if (!first) return 'no node';
  if (others.length === 0) return first.node;
  const total = _.sumBy(shares, (s) => s.weight);
  const parts = shares.map((s) => `${s.node} (weight ${s.weight}${total > 0 ? `, ${Math.round((s.weight / total) * 100)}%` : ''})`);
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
