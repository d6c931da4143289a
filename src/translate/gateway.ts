/**
 * An App Mesh virtual gateway as the project's Application Load Balancer: each gateway route
 * that matches a path prefix becomes an x-ingress route (a listener rule with that path), the
 * gateway's rewrite of the matched prefix to `/` a url-rewrite transform, and a route to a
 * weighted virtual router a forward weighted across the nodes' target groups.
 */
import type { Project } from '../parser/model.js';
import type { AppMeshPlan, GatewayRoute, MeshGateway } from '../mesh/app-mesh/plan.js';
import { describeShares, type Placement } from './aliases.js';
import type { TranslationItem } from './item.js';

/** An entry of x-ingress.Routes, in the extension's syntax. */
export interface XRoute {
  Path: string;
  Rewrite?: string;
  Targets: { Service: string; Port: number; Weight?: number }[];
}

/** The x-ingress routes written, and which gateway route (`<gateway>.<route>`) each came from. */
export interface GatewayTranslation {
  routes: XRoute[];
  kept: Map<string, XRoute>;
}

/** Match keys an ALB path rule keeps: a prefix, and the listener port (the ALB's listener). */
const KEPT_KEYS: ReadonlySet<string> = new Set(['Prefix', 'Port']);

/** AWS on a virtual gateway's rewrite of the matched prefix to `/`, on by default. */
export const GATEWAY_REWRITE_DOC = 'https://docs.aws.amazon.com/app-mesh/latest/userguide/virtual_gateways.html';
export const ALB_TRANSFORMS_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-transforms.html';

/**
 * The x-ingress routes of the gateways' routes. A route is kept when it matches on a path
 * prefix only and its virtual service has nodes; none is kept when the project keeps its tasks
 * on public IPs (x-ingress: public-ip), where there is no load balancer.
 */
export function translateGateways(project: Project, plan: AppMeshPlan, placements: Placement[]): GatewayTranslation {
  const kept = new Map<string, XRoute>();
  if (typeof project.extensions['x-ingress'] === 'string') return { routes: [], kept };
  for (const gateway of Object.values(plan.gateways)) {
    for (const route of gateway.routes) {
      const prefix = route.match['Prefix'];
      const shares = placements.find((p) => p.service.name === route.service)?.shares ?? [];
      if (typeof prefix !== 'string' || !Object.keys(route.match).every((k) => KEPT_KEYS.has(k)) || shares.length === 0) continue;
      const path = prefix.replace(/\/+$/, '') || '/';
      if ([...kept.values()].some((r) => r.Path === path)) continue;
      const targets = shares.flatMap((s) => {
        const node = plan.nodes[s.node];
        return node ? [{ Service: node.name, Port: node.port, ...(shares.length > 1 ? { Weight: s.weight } : {}) }] : [];
      });
      kept.set(`${gateway.name}.${route.name}`, { Path: path, ...(path !== '/' ? { Rewrite: '/' } : {}), Targets: targets });
    }
  }
  return { routes: [...kept.values()], kept };
}

/** The gateway, when some of its routes are kept: the project's ALB took its place. */
export function keptGatewayItem(gateway: MeshGateway, translation: GatewayTranslation): TranslationItem | undefined {
  const paths = gateway.routes.flatMap((r) => translation.kept.get(`${gateway.name}.${r.name}`)?.Path ?? []);
  if (paths.length === 0) return undefined;
  const internal = !gateway.loadBalancer.public;
  return {
    subject: `Gateways.${gateway.name}`,
    outcome: internal || paths.length < gateway.routes.length ? 'partial' : 'translated',
    detail:
      `The virtual gateway took calls on port ${gateway.listener.port} (${gateway.listener.protocol}) from a ${gateway.loadBalancer.public ? 'public' : 'internal'} ${gateway.loadBalancer.type} load balancer through an Envoy-only ECS service; ` +
      `the project's internet-facing Application Load Balancer takes its place, on port 80 (443 with an x-ingress Domain), with a listener rule per route (x-ingress.Routes: ${paths.join(', ')}) and no gateway service.` +
      (internal ? ' The gateway was internal; the Application Load Balancer is internet-facing.' : ''),
    ...(internal ? { instead: 'Keep the Application Load Balancer from the internet with an x-ingress Listener and SecurityGroup of an existing internal load balancer.' } : {}),
  };
}

/** A kept gateway route: its path rule, the rewrite, the forward and its weights. */
export function keptGatewayRouteItem(gateway: MeshGateway, route: GatewayRoute, kept: XRoute, placements: Placement[]): TranslationItem {
  const shares = placements.find((p) => p.service.name === route.service)?.shares ?? [];
  const forward =
    kept.Targets.length > 1
      ? `a forward weighted across the target groups of ${kept.Targets.map((t) => `${t.Service}:${t.Port} (weight ${t.Weight ?? 1})`).join(' and ')}, so the split is kept`
      : `a forward to the target group of ${kept.Targets.map((t) => `${t.Service}:${t.Port}`).join('')}`;
  const rewrite =
    kept.Rewrite !== undefined
      ? ` App Mesh rewrote the prefix ${kept.Path} to / (${GATEWAY_REWRITE_DOC}); a url-rewrite transform does the same (${ALB_TRANSFORMS_DOC}).`
      : '';
  return {
    subject: `Gateways.${gateway.name}.${route.name}`,
    outcome: 'partial',
    detail:
      `The gateway sent calls matching Prefix ${String(route.match['Prefix'])} to the virtual service ${route.service} (served by ${describeShares(shares)}); ` +
      `x-ingress.Routes gives the Application Load Balancer a listener rule on the path ${kept.Path}${kept.Path === '/' ? '' : ` and ${kept.Path}/*`} with ${forward}.${rewrite} ` +
      `App Mesh also set the Host header to the virtual service's name; the ALB passes the caller's Host header.`,
    instead: 'If the service reads the Host header, add a host-header-rewrite transform to the rule.',
  };
}
