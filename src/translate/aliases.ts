/**
 * Where the names of an App Mesh go in Service Connect: each virtual service becomes a
 * client alias on one node's server port (and its App Mesh name `<name>.<namespace>` a second
 * one where the environment calls it so), each compose service keeps the default entries of
 * its ports, and each server entry carries one alias, as ECS allows one client alias per
 * Service Connect service (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html).
 * Entries are written only when they differ from the Service Connect defaults.
 */
import cloneDeep from 'lodash/cloneDeep.js';
import isEmpty from 'lodash/isEmpty.js';
import isEqual from 'lodash/isEqual.js';
import mapValues from 'lodash/mapValues.js';
import orderBy from 'lodash/orderBy.js';
import range from 'lodash/range.js';
import sortBy from 'lodash/sortBy.js';
import sumBy from 'lodash/sumBy.js';
import type { Project } from '../parser/model.js';
import type { AppMeshPlan, VirtualService } from '../mesh/app-mesh/plan.js';
import type { ServerTimeout, Timeouts } from './timeouts.js';
import { buildServiceGraph, type Listener } from '../mesh/graph.js';
import { dnsName, fullNameOf } from './names.js';

type AppProtocol = 'http' | 'http2' | 'grpc';

/** A node behind a virtual service and its share of the calls (the sum of its route weights). */
export interface Share {
  node: string;
  weight: number;
}

/** A client alias of a virtual service on the server port of the node that carries it. */
export interface Alias {
  dnsName: string;
  port: number;
  node: string;
  serverPort: number;
}

/** Where the name of a virtual service goes. */
export interface Placement {
  service: VirtualService;
  /** The nodes behind it, the heaviest first (ties in name order); empty when no node serves it. */
  shares: Share[];
  /** `<service name>:<listener port>` on the server port (`serverPort`) of the first share's node. */
  alias?: Alias;
  /** `<service name>.<namespace>`, its App Mesh name: an alias too when the environment calls it so, else the name that is no longer resolved. */
  fullName?: { name: string; kept: boolean };
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
  /** The nodes whose App Mesh name `<node>.<namespace>` the environment calls, kept as an alias of their own port. */
  fullNodeNames: Record<string, string>;
}

interface Entry {
  port: number;
  discoveryName: string;
  alias: { DnsName: string; Port: number };
  appProtocol?: AppProtocol;
  timeout?: ServerTimeout;
}

const APP_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2', 'grpc']);

/** Each virtual service's aliases, in name order; `called`: the names under the namespace the environment uses. */
export function placeAliases(plan: AppMeshPlan, called: ReadonlySet<string>): Placement[] {
  return sortBy(Object.values(plan.services), (s) => s.name).map((service) => {
    const shares = sharesOf(plan, service);
    const full = fullNameOf(plan, service.name);
    const fullName = full !== undefined ? { fullName: { name: full, kept: called.has(full) } } : {};
    const node = shares[0] ? plan.nodes[shares[0].node] : undefined;
    if (!node) return { service, shares, ...fullName };
    const port = service.provider.kind === 'node' ? node.port : (plan.routers[service.provider.router]?.listener.port ?? node.port);
    return { service, shares, alias: { dnsName: dnsName(service.name), port, node: node.name, serverPort: node.port }, ...fullName };
  });
}

function sharesOf(plan: AppMeshPlan, service: VirtualService): Share[] {
  if (service.provider.kind === 'node') return [{ node: service.provider.node, weight: 1 }];
  const totals = new Map<string, number>();
  for (const route of plan.routers[service.provider.router]?.routes ?? []) {
    for (const target of route.targets) totals.set(target.node, (totals.get(target.node) ?? 0) + target.weight);
  }
  const shares = [...totals].map(([node, weight]) => ({ node, weight }));
  return orderBy(shares, ['weight', 'node'], ['desc', 'asc']);
}

/**
 * The server entries of every compose service: the default entry of each target port
 * (renamed where a virtual service's alias took its name), then the aliases of the virtual
 * services it carries (one entry per alias on the node's port), then its own App Mesh name
 * when the environment calls it so. Node ports get the node's AppProtocol and the Timeout of
 * the routes that reach them. Aliases claim their names before the defaults; the defaults
 * claim their discovery names before the aliases.
 */
export function layoutServices(project: Project, plan: AppMeshPlan, placements: Placement[], timeouts: Timeouts, called: ReadonlySet<string>): Layout {
  const listeners = tcpListeners(project);
  const owners = new Map<string, string>();
  const carried = carriedAliases(placements, owners);
  const discoveryNames = new Set<string>();
  const renamed: Renamed[] = [];
  const defaults = mapValues(listeners, (ports, service) => ports.map((l, i) => claimDefault(service, defaultEntry(service, l, i), discoveryNames, owners, renamed)));
  const fullNodeNames: Record<string, string> = {};
  const entries = mapValues(defaults, (own, service) => {
    const node = plan.nodes[service];
    const full = node ? fullNameOf(plan, service) : undefined;
    const fullAlias = node && full !== undefined && called.has(full) && !owners.has(aliasKey(full, node.port)) ? [{ dnsName: full, port: node.port, node: service, serverPort: node.port }] : [];
    if (fullAlias.length > 0 && full !== undefined) fullNodeNames[service] = full;
    const aliases = [...(carried[service] ?? []), ...fullAlias].map((a) => aliasEntry(a, owners, discoveryNames));
    return sortBy([...own, ...aliases], (e) => e.port);
  });
  return { services: written(withNodeSettings(entries, plan, timeouts), listeners), renamed, fullNodeNames };
}

/** Per node, the aliases it carries, in the order of the virtual services, their names taken; an alias that is the node's own default name needs no entry. */
function carriedAliases(placements: Placement[], owners: Map<string, string>): Record<string, Alias[]> {
  const carried: Record<string, Alias[]> = {};
  for (const { alias, fullName } of placements) {
    if (!alias) continue;
    for (const a of [alias, ...(fullName?.kept ? [{ ...alias, dnsName: fullName.name }] : [])]) {
      owners.set(aliasKey(a.dnsName, a.port), a.node);
      if (a.dnsName !== dnsName(a.node) || a.port !== a.serverPort) (carried[a.node] ??= []).push(a);
    }
  }
  return carried;
}

function aliasEntry(a: Alias, owners: Map<string, string>, discoveryNames: Set<string>): Entry {
  owners.set(aliasKey(a.dnsName, a.port), a.node);
  return {
    port: a.serverPort,
    discoveryName: claim(discoveryNames, [discoveryLabel(a.dnsName), `${discoveryLabel(a.dnsName)}-${a.serverPort}`]),
    alias: { DnsName: a.dnsName, Port: a.port },
  };
}

/** The node's protocol as AppProtocol (none for TCP) and its routes' Timeout, on the node's port. */
function withNodeSettings(entries: Record<string, Entry[]>, plan: AppMeshPlan, timeouts: Timeouts): Record<string, Entry[]> {
  return mapValues(entries, (list, service) => {
    const node = plan.nodes[service];
    if (!node) return list;
    const timeout = timeouts.nodes[node.name]?.timeout;
    const settings = { ...(node.protocol !== 'tcp' ? { appProtocol: node.protocol } : {}), ...(timeout && !isEmpty(timeout) ? { timeout } : {}) };
    return list.map((e) => (e.port === node.port ? cloneDeep({ ...e, ...settings }) : e));
  });
}

/** A default entry, its alias renamed when another service's alias took it. */
function claimDefault(service: string, entry: Entry, discoveryNames: Set<string>, owners: Map<string, string>, renamed: Renamed[]): Entry {
  const base = entry.alias.DnsName;
  const discoveryName = claim(discoveryNames, [entry.discoveryName, `${discoveryLabel(entry.discoveryName)}-${entry.port}`]);
  const free = (name: string): boolean => [undefined, service].includes(owners.get(aliasKey(name, entry.port)));
  const dns = [base, `${base}-${entry.port}`, ...range(2, owners.size + 3).map((n) => `${base}-${entry.port}-${n}`)].find(free) ?? base;
  owners.set(aliasKey(dns, entry.port), service);
  if (dns !== base) renamed.push({ service, port: entry.port, from: base, to: dns });
  return { ...entry, discoveryName, alias: { DnsName: dns, Port: entry.port } };
}

/** The first free candidate (the last one numbered when all are taken), now taken. */
function claim(taken: Set<string>, candidates: string[]): string {
  const last = candidates[candidates.length - 1] ?? '';
  const numbered = range(2, 2 + taken.size + 1).map((n) => `${last}-${n}`);
  const name = [...candidates, ...numbered].find((c) => !taken.has(c)) ?? last;
  taken.add(name);
  return name;
}

/** The entries of the services that differ from what Service Connect does by default. */
function written(entries: Record<string, Entry[]>, listeners: Record<string, Listener[]>): Layout['services'] {
  const services: Layout['services'] = {};
  for (const [service, list] of sortBy(Object.entries(entries), ([name]) => name)) {
    const defaults = (listeners[service] ?? []).map((l, i) => defaultEntry(service, l, i));
    if (isEqual(list, defaults)) continue;
    services[service] = { Services: list.map((e) => toX(e, defaults.find((d) => d.port === e.port))) };
  }
  return services;
}

/** An entry in the extension's syntax, leaving out what the default of its port already says. */
function toX(entry: Entry, fallback: Entry | undefined): XServer {
  return {
    Port: entry.port,
    ...(entry.discoveryName !== fallback?.discoveryName ? { DiscoveryName: entry.discoveryName } : {}),
    ...(!isEqual(entry.alias, fallback?.alias) ? { ClientAliases: [entry.alias] } : {}),
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

/** A Cloud Map service name: lower case letters, digits, `_` and `-`, at most 64. */
function discoveryLabel(name: string): string {
  return dnsName(name).replace(/\./g, '-').replace(/^-+/, '').slice(0, 64);
}

/** `clock (weight 1, 50%) and watch (weight 1, 50%)`, or `clock` alone. */
export function describeShares(shares: Share[]): string {
  const [first, ...others] = shares;
  if (!first) return 'no node';
  if (others.length === 0) return first.node;
  const total = sumBy(shares, (s) => s.weight);
  const parts = shares.map((s) => `${s.node} (weight ${s.weight}${total > 0 ? `, ${Math.round((s.weight / total) * 100)}%` : ''})`);
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
