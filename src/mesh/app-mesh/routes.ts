import findKey from 'lodash/findKey.js';
import type { TreePath } from '../../parser/diagnostics.js';
import {
  ROUTE_KINDS,
  SETTINGS,
  listed,
  meshError,
  protocolOf,
  type Locate,
  type RouteKind,
  type XGateway,
  type XRoute,
  type XRouter,
  type XWeightedNode,
} from './extension.js';
import type { GatewayRoute, MeshGateway, MeshNode, MeshProtocol, MeshRoute, MeshRouter, VirtualService, WeightedTarget } from './plan.js';

/**
 * The routers of x-appmesh, in the order given: one protocol per router (its listener's),
 * routes named `<protocol>-<index>`, every target a node with a positive weight.
 */
export function planRouters(routers: readonly XRouter[], nodes: Record<string, MeshNode>, locate: Locate): MeshRouter[] {
  return routers.map((router, i) => {
    const at = [...SETTINGS, 'Routers', i];
    const listener = { port: router.Listener.Port, protocol: protocolOf(router.Listener.Protocol) };
    const kind = routeKindOf(router, listener.protocol, at, locate);
    if (kind === undefined) return { name: router.Name, listener, routes: [] };
    const routes = (router.Routes?.[kind] ?? []).map((route, j) => planRoute(route, listener.protocol, j, [...at, 'Routes', kind, j], nodes, locate));
    return { name: router.Name, listener, routes };
  });
}

/**
 * The gateways of x-appmesh, in the order given: a network load balancer open to the
 * world unless told otherwise, routes named `route-<index>` to virtual services.
 */
export function planGateways(gateways: readonly XGateway[], services: Record<string, VirtualService>, locate: Locate): MeshGateway[] {
  return gateways.map((gateway, i) => ({
    name: gateway.Name,
    listener: { port: gateway.Listener.Port, protocol: protocolOf(gateway.Listener.Protocol) as MeshGateway['listener']['protocol'] },
    loadBalancer: { type: gateway.LoadBalancer?.Type ?? 'network', public: gateway.LoadBalancer?.Public ?? true },
    routes: (gateway.Routes ?? []).map((route, j): GatewayRoute => {
      if (!services[route.Service]) {
        throw meshError(
          'E_MESH_GATEWAY_SERVICE_UNKNOWN',
          `gateway ${gateway.Name} routes to ${route.Service}, which is not a virtual service.`,
          [...SETTINGS, 'Gateways', i, 'Routes', j, 'Service'],
          `Route to one of the virtual services (${listed(Object.keys(services))}), or declare ${route.Service} under Settings.Services.`,
          locate,
        );
      }
      return { name: `route-${j}`, match: route.Match, service: route.Service };
    }),
  }));
}

/** The one kind of routes of a router, which must be its listener's protocol. */
function routeKindOf(router: XRouter, protocol: MeshProtocol, at: TreePath, locate: Locate): RouteKind | undefined {
  const kinds = (Object.keys(ROUTE_KINDS) as RouteKind[]).filter((kind) => (router.Routes?.[kind] ?? []).length > 0);
  const [first, second] = kinds;
  if (second !== undefined) {
    throw meshError(
      'E_MESH_ROUTER_PROTOCOLS',
      `router ${router.Name} mixes ${first} and ${second} routes.`,
      [...at, 'Routes', second],
      `App Mesh allows one protocol per router: move the ${second} routes to a router of their own.`,
      locate,
    );
  }
  if (first !== undefined && ROUTE_KINDS[first] !== protocol) {
    throw meshError(
      'E_MESH_ROUTER_PROTOCOLS',
      `router ${router.Name} listens on ${protocol} but has ${first} routes.`,
      [...at, 'Routes', first],
      `Set Listener.Protocol to ${ROUTE_KINDS[first]}, or write the routes under ${findKey(ROUTE_KINDS, (p) => p === protocol)}.`,
      locate,
    );
  }
  return first;
}

function planRoute(route: XRoute, protocol: MeshProtocol, index: number, at: TreePath, nodes: Record<string, MeshNode>, locate: Locate): MeshRoute {
  return {
    name: `${protocol}-${index}`,
    protocol,
    match: matchOf(route.Match ?? {}),
    targets: route.Nodes.map((target, k) => targetOf(target, [...at, 'Nodes', k], nodes, locate)),
    ...(route.RetryPolicy ? { retryPolicy: route.RetryPolicy } : {}),
    ...(route.Timeout ? { timeout: route.Timeout } : {}),
  };
}

/** The match as given, its Scheme in lower case as CloudFormation wants it. */
function matchOf(match: Record<string, unknown>): Record<string, unknown> {
  const scheme = match['Scheme'];
  return typeof scheme === 'string' ? { ...match, Scheme: scheme.toLowerCase() } : match;
}

/** A weighted target: a node of the mesh, a positive weight (default 1), the node's own port. */
function targetOf(target: XWeightedNode, at: TreePath, nodes: Record<string, MeshNode>, locate: Locate): WeightedTarget {
  const node = nodes[target.Name];
  if (!node) {
    throw meshError(
      'E_MESH_ROUTE_TARGET_UNKNOWN',
      `route target ${target.Name} is not a node of the mesh.`,
      [...at, 'Name'],
      `Route to one of the nodes (${listed(Object.keys(nodes))}), or add ${target.Name} under Settings.Nodes.`,
      locate,
    );
  }
  const weight = target.Weight ?? 1;
  if (!Number.isInteger(weight) || weight < 1) {
    throw meshError(
      'E_MESH_WEIGHT',
      `the weight ${weight} of route target ${target.Name} is not a positive integer.`,
      [...at, 'Weight'],
      'Weights are relative (1 and 1 split 50:50): give every target 1 or more, or remove the target to send it nothing.',
      locate,
    );
  }
  if (target.Port !== undefined && target.Port !== node.port) {
    throw meshError(
      'E_MESH_PORT',
      `route target ${target.Name} names port ${target.Port}, but node ${node.name} listens on ${node.port}.`,
      [...at, 'Port'],
      `A node has one listener: remove Port, or set it to ${node.port}.`,
      locate,
    );
  }
  return { node: node.name, weight, ...(target.Port !== undefined ? { port: target.Port } : {}) };
}
