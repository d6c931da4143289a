/** How the review names App Mesh's routes: the labels of mesh edges and of the gateways' routes. */
import sumBy from 'lodash/sumBy.js';
import type { AppMeshPlan, MeshRoute } from '../mesh/app-mesh/plan.js';
import { list, obj } from './template-values.js';

/** A gateway route as an entry of the review: from the gateway's load balancer to the gateway. */
export interface GatewayEntry {
  kind: 'gateway';
  name: string;
  to: string;
  port: number;
  label: string;
}

/** How a node names `to` through its backends: the virtual service, with each route's share through a router. */
export function nodeLabels(am: AppMeshPlan, from: string, to: string, port: number): string[] {
  return (am.nodes[from]?.backends ?? []).flatMap((service) => serviceLabels(am, service, service, to, port));
}

/** How a gateway's clients reach `to`: each route's match, with its share through a router. */
export function gatewayLabels(am: AppMeshPlan, gateway: string, to: string, port: number): string[] {
  return (am.gateways[gateway]?.routes ?? []).flatMap((route) => serviceLabels(am, route.service, describeMatch(route.match) || '*', to, port));
}

/** `name` when the virtual service's node is `to` on `port`; through a router, one `name [match] share` per route that leads there. */
function serviceLabels(am: AppMeshPlan, service: string, name: string, to: string, port: number): string[] {
  const provider = am.services[service]?.provider;
  if (provider?.kind === 'node') return provider.node === to && am.nodes[to]?.port === port ? [name] : [];
  if (provider?.kind !== 'router') return [];
  return (am.routers[provider.router]?.routes ?? []).flatMap((route) =>
    route.targets
      .filter((t) => t.node === to && (t.port ?? am.nodes[to]?.port) === port)
      .map((t) => `${[name, describeMatch(route.match)].filter((s) => s !== '').join(' ')} ${share(route, t.weight)}`),
  );
}

/** A weight as a share of its route, in whole percent: `50%`. */
function share(route: MeshRoute, weight: number): string {
  return `${Math.round((weight / sumBy(route.targets, 'weight')) * 100)}%`;
}

/** A route match, readably (`GET /api [x-canary]`); empty when it matches everything (`Prefix: /`, or none). */
function describeMatch(match: Record<string, unknown>): string {
  const path = obj(match['Path']);
  const host = obj(match['Hostname']);
  const parts = [
    match['Method'],
    match['Prefix'] === '/' ? undefined : match['Prefix'],
    path['Exact'],
    path['Regex'] === undefined ? undefined : `~${String(path['Regex'])}`,
    host['Exact'],
    host['Suffix'] === undefined ? undefined : `*${String(host['Suffix'])}`,
    [match['ServiceName'], match['MethodName']].filter((s) => s !== undefined).join('/') || undefined,
    ...list(match['Headers']).map((h) => `[${String(obj(h)['Name'])}]`),
  ];
  return parts.filter((p) => p !== undefined).map(String).join(' ');
}

/** Each gateway route, from the gateway's load balancer to the gateway: `front: /blue -> blue`, with the weights of a router's targets. */
export function gatewayEntries(am: AppMeshPlan | undefined): GatewayEntry[] {
  if (!am) return [];
  return Object.values(am.gateways).flatMap((gateway) =>
    gateway.routes.map((route): GatewayEntry => ({
      kind: 'gateway',
      name: gateway.name,
      to: `gateway ${gateway.name}`,
      port: gateway.listener.port,
      label: `${gateway.name}: ${describeMatch(route.match) || '*'} -> ${targetsOf(am, route.service)}`,
    })),
  );
}

/** The nodes behind a virtual service: its node, or a router's targets with their shares. */
function targetsOf(am: AppMeshPlan, service: string): string {
  const provider = am.services[service]?.provider;
  if (provider?.kind === 'node') return provider.node;
  const routes = provider ? (am.routers[provider.router]?.routes ?? []) : [];
  const targets = routes.flatMap((route) =>
    route.targets.map((t) => `${[describeMatch(route.match), t.node].filter((s) => s !== '').join(' ')} ${share(route, t.weight)}`),
  );
  return targets.length > 0 ? targets.join(', ') : service;
}
