/**
 * The project's own listener rules (top-level x-ingress.Routes): a path prefix, an optional
 * rewrite of it, and one service port or several with weights. What `migrate appmesh` makes
 * of an App Mesh virtual gateway's routes.
 */
import { ParseError, type Position, type TreePath } from '../../parser/diagnostics.js';
import type { Project } from '../../parser/model.js';
import type { ServiceGraph } from '../graph.js';
import type { XIngressRoute } from './extension.js';
import type { RuleCandidate } from './listener-rules.js';

export interface RouteTarget {
  service: string;
  /** The container port its target group registers. */
  port: number;
  weight: number;
}

/** A listener rule of x-ingress.Routes, placed. */
export interface IngressRoute {
  /** The path prefix, without a trailing slash (`/` every path). */
  path: string;
  /** What the matched prefix becomes before the call is forwarded. */
  rewrite?: string;
  listenerPort: number;
  priority: number;
  targets: RouteTarget[];
}

type Locate = (path: TreePath) => Position | undefined;

/** `Routes[0]`: how a route is named in rule priorities and messages. */
export function routeLabel(index: number): string {
  return `x-ingress.Routes[${index}]`;
}

export function trimPath(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

/**
 * The rule candidates of the routes on `listenerPort`; each target must be a compose service
 * listening on its port (E_INGRESS_ROUTE_TARGET otherwise).
 */
export function routeCandidates(project: Project, graph: ServiceGraph, routes: readonly XIngressRoute[], listenerPort: number, locate: Locate): RuleCandidate[] {
  return routes.map((route, index) => {
    route.Targets.forEach((target, t) => {
      const at = ['x-ingress', 'Routes', index, 'Targets', t];
      const listens = (graph.listeners[target.Service] ?? []).some((l) => l.port === target.Port && l.protocol === 'tcp');
      if (!project.services[target.Service] || !listens) {
        throw new ParseError(
          'E_INGRESS_ROUTE_TARGET',
          project.services[target.Service]
            ? `"${target.Service}" does not listen on port ${target.Port}, which ${routeLabel(index)} forwards to.`
            : `${routeLabel(index)} forwards to "${target.Service}", which is not a service of this project.`,
          { path: at, position: locate(at), hint: 'Name a compose service and a port it exposes or publishes (expose: ["3000"]).' },
        );
      }
    });
    return { service: routeLabel(index), key: `${project.name}/route${trimPath(route.Path)}`, listenerPort, path: trimPath(route.Path), at: ['x-ingress', 'Routes', index] };
  });
}

/** The routes with their priorities (`priorities` by route label). */
export function placedRoutes(routes: readonly XIngressRoute[], listenerPort: number, priorities: ReadonlyMap<string, number>): IngressRoute[] {
  return routes.map((route, index) => ({
    path: trimPath(route.Path),
    ...(route.Rewrite !== undefined ? { rewrite: route.Rewrite } : {}),
    listenerPort,
    priority: priorities.get(routeLabel(index)) ?? 0,
    targets: route.Targets.map((t) => ({ service: t.Service, port: t.Port, weight: t.Weight ?? 1 })),
  }));
}
