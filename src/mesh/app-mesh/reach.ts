import sortBy from 'lodash/sortBy.js';
import uniqBy from 'lodash/uniqBy.js';
import type { TreePath, Warning } from '../../parser/diagnostics.js';
import { SETTINGS, type Locate, type XSettings } from './extension.js';
import type { AppMeshPlan, MeshReach } from './plan.js';
import type { ServiceGraph } from '../graph.js';

/** The resolved parts of the mesh that reach is computed from. */
export type MeshParts = Pick<AppMeshPlan, 'nodes' | 'routers' | 'services' | 'gateways'>;

/**
 * The nodes behind a virtual service, each on the port it is called on: the provider
 * node on its listener port, or every node the provider router routes to (on the
 * target's Port if given).
 */
export function nodesBehind(service: string, parts: MeshParts): { node: string; port: number }[] {
  const provider = parts.services[service]?.provider;
  if (!provider) return [];
  if (provider.kind === 'node') return portOf(provider.node, undefined, parts);
  return (parts.routers[provider.router]?.routes ?? []).flatMap((route) => route.targets.flatMap((t) => portOf(t.node, t.port, parts)));
}

/** Who may open a connection to whom: nodes to the nodes behind their backends, gateways to those behind their routes. Sorted, without repeats. */
export function planReach(parts: MeshParts): MeshReach[] {
  const calls = [
    ...Object.values(parts.nodes).flatMap((node) => node.backends.map((service) => ({ from: node.name, service }))),
    ...Object.values(parts.gateways).flatMap((gateway) => gateway.routes.map((route) => ({ from: gateway.name, service: route.service }))),
  ];
  const reach = calls.flatMap(({ from, service }) => nodesBehind(service, parts).map(({ node, port }) => ({ from, to: node, port })));
  return sortBy(uniqBy(reach, (r) => `${r.from}\u0000${r.to}\u0000${r.port}`), ['from', 'to', 'port']);
}

/**
 * Warns about the parts of the mesh that nothing uses: a virtual service that is no
 * node's backend and no gateway's route, a node that no virtual service, router or
 * gateway leads to (unless it publishes a port, so is called from outside the mesh),
 * and a router without any route.
 */
export function warnUnused(parts: MeshParts, settings: XSettings, graph: ServiceGraph, locate: Locate, warn: (w: Warning) => void): void {
  const at = (list: keyof XSettings, name: string): TreePath => [...SETTINGS, list, (settings[list] ?? []).findIndex((x) => x.Name === name), 'Name'];
  const emit = (code: string, message: string, path: TreePath): void => warn({ code, message, path, position: locate(path) });
  const called = new Set([
    ...Object.values(parts.nodes).flatMap((n) => n.backends),
    ...Object.values(parts.gateways).flatMap((g) => g.routes.map((r) => r.service)),
  ]);
  for (const name of Object.keys(parts.services).filter((s) => !called.has(s))) {
    emit('W_MESH_SERVICE_UNUSED', `virtual service ${name} is no node's backend and no gateway's route; nothing calls it.`, at('Services', name));
  }
  const reached = new Set([
    ...Object.values(parts.services).flatMap((s) => (s.provider.kind === 'node' ? [s.provider.node] : [])),
    ...Object.values(parts.routers).flatMap((r) => r.routes.flatMap((route) => route.targets.map((t) => t.node))),
  ]);
  const published = (name: string): boolean => (graph.listeners[name] ?? []).some((l) => l.published);
  for (const name of Object.keys(parts.nodes).filter((n) => !reached.has(n) && !published(n))) {
    const message = `node ${name} is behind no virtual service, router or gateway, and publishes no port; nothing can call it.`;
    emit('W_MESH_NODE_UNREACHABLE', message, at('Nodes', name));
  }
  for (const router of Object.values(parts.routers).filter((r) => r.routes.every((route) => route.targets.length === 0))) {
    emit('W_MESH_ROUTE_EMPTY', `router ${router.name} has no route with a target; calls to it will fail.`, at('Routers', router.name));
  }
}

function portOf(node: string, port: number | undefined, parts: MeshParts): { node: string; port: number }[] {
  const known = parts.nodes[node];
  return known ? [{ node, port: port ?? known.port }] : [];
}
