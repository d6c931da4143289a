/**
 * Report items of routers, their routes (match, retry policy, timeout) and gateways with
 * their routes: Service Connect routes by name only and takes no calls from outside.
 */
import isEmpty from 'lodash/isEmpty.js';
import uniq from 'lodash/uniq.js';
import { isMapping } from '../parser/mapping.js';
import type { AppMeshPlan, GatewayRoute, MeshGateway, MeshRoute, MeshRouter, WeightedTarget } from '../mesh/app-mesh/plan.js';
import { describeShares, type Placement } from './aliases.js';
import { ALB_TRANSFORMS_DOC, GATEWAY_REWRITE_DOC, keptGatewayItem, keptGatewayRouteItem, type GatewayTranslation } from './gateway.js';
import type { TranslationItem } from './item.js';
import type { ServerTimeout, Timeouts } from './timeouts.js';

/** AWS's account of what Service Connect does by itself, and the page that says it. */
export const SERVICE_CONNECT_RELIABILITY =
  'its proxy has built-in health checks, outlier detection and retries, and none of them can be configured (AWS, https://aws.amazon.com/blogs/containers/migrating-from-aws-app-mesh-to-amazon-ecs-service-connect/).';
export const DEPLOYMENT_ADVICE =
  "A weighted route between two versions of one app -> the ECS service's deployment strategy (DeploymentConfiguration Strategy CANARY or LINEAR with BakeTimeInMinutes; BLUE_GREEN with Service Connect TestTrafficRules for header-matched test traffic).";
const ROUTE_ADVICE =
  'Give each version its own name (the default alias of its compose service) and let callers choose, or put an internal Application Load Balancer with a listener rule per route (path, header, method, query string) in front of the ECS services.';
const RETRY_ADVICE = `Retry in the application's client where a policy matters; ${SERVICE_CONNECT_RELIABILITY}`;
const TIMEOUT_ADVICE =
  "The Timeout of the server entry in the service's x-serviceconnect (IdleTimeoutSeconds, PerRequestTimeoutSeconds); a deadline for one kind of call belongs in the client.";

/** Match keys that select no calls: the listener port, and a prefix that matches every path. */
const CATCH_ALL: Readonly<Record<string, (value: unknown) => boolean>> = {
  Port: () => true,
  Prefix: (value) => value === '/',
};

/** ALB listener rule conditions for gateway route match keys; undefined when ALB has none. */
const ALB_CONDITIONS: Readonly<Record<string, (value: unknown) => string[] | undefined>> = {
  Prefix: (value) => [`path-pattern ${String(value)}*`],
  Path: (value) => (isMapping(value) && typeof value['Exact'] === 'string' ? [`path-pattern ${value['Exact']}`] : undefined),
  Method: (value) => [`http-request-method ${String(value)}`],
  Hostname: (value) =>
    isMapping(value) ? (typeof value['Exact'] === 'string' ? [`host-header ${value['Exact']}`] : [`host-header *${String(value['Suffix'])}`]) : undefined,
  Headers: (value) => namedConditions(value, 'http-header'),
  QueryParameters: (value) => namedConditions(value, 'query-string'),
  Port: () => [],
};

/** Per router: the router, then each route's match, retry policy and timeout, in declaration order. */
export function routerItems(plan: AppMeshPlan, placements: Placement[], timeouts: Timeouts): TranslationItem[] {
  return Object.values(plan.routers).flatMap((router) => [
    routerItem(router, placements),
    ...router.routes.flatMap((route) => routeItems(router, route, placements, timeouts)),
  ]);
}

function routerItem(router: MeshRouter, placements: Placement[]): TranslationItem {
  const names = placements.flatMap((p) =>
    p.alias && p.service.provider.kind === 'router' && p.service.provider.router === router.name ? [`${p.alias.dnsName}:${p.alias.port}`] : [],
  );
  const listener = `The virtual router listened on port ${router.listener.port} (${router.listener.protocol})`;
  return {
    subject: `Routers.${router.name}`,
    outcome: 'translated',
    detail: names.length > 0 ? `${listener}; that port is now the port of the alias ${names.join(', ')}.` : `${listener}; no virtual service used it, so nothing carries over.`,
  };
}

function routeItems(router: MeshRouter, route: MeshRoute, placements: Placement[], timeouts: Timeouts): TranslationItem[] {
  const subject = `Routers.${router.name}.${route.name}`;
  const items = [matchItem(subject, router, route, placements)];
  if (route.retryPolicy) items.push(retryItem(subject, route.retryPolicy));
  const timeout = timeouts.routes.find((t) => t.router === router.name && t.route === route.name);
  if (timeout) items.push(timeoutItem(subject, timeout, timeouts));
  return items;
}

/** A route is translated when it sends every call to one node; its weights are lost when it divides calls, its conditions when it matches. */
function matchItem(subject: string, router: MeshRouter, route: MeshRoute, placements: Placement[]): TranslationItem {
  const conditions = describeMatch(route.match);
  const targets = describeTargets(route.targets);
  const weighted = uniq(route.targets.map((t) => t.node)).length > 1;
  const lost = weighted ? ` ${weightsLost(router, placements)}` : '';
  if (conditions.length === 0) {
    return {
      subject,
      outcome: weighted ? 'partial' : 'translated',
      detail: weighted
        ? `The route divided every call between ${targets}; Service Connect routes by name only and gives one name to one service, so${lost}`
        : `The route sent every call to ${targets}; Service Connect routes by name only, as this route did.`,
      ...(weighted ? { instead: DEPLOYMENT_ADVICE } : {}),
    };
  }
  return {
    subject,
    outcome: 'not-translated',
    detail: `The route sent calls matching ${conditions.join('; ')} to ${targets}; Service Connect routes by name only, so these conditions no longer decide where a call goes.${lost}`,
    instead: weighted ? `${ROUTE_ADVICE} ${DEPLOYMENT_ADVICE}` : ROUTE_ADVICE,
  };
}

/** `the weights are lost: time:5000 reaches clock only.` */
function weightsLost(router: MeshRouter, placements: Placement[]): string {
  const aliases = placements.flatMap((p) => (p.alias && p.service.provider.kind === 'router' && p.service.provider.router === router.name ? [p.alias] : []));
  if (aliases.length === 0) return 'the weights are lost, and no virtual service uses the router.';
  return `the weights are lost: ${aliases.map((a) => `${a.dnsName}:${a.port} reaches ${a.node} only`).join(', ')}.`;
}

function retryItem(subject: string, policy: Record<string, unknown>): TranslationItem {
  const events = Object.entries(policy).flatMap(([key, value]) => (key.endsWith('RetryEvents') && Array.isArray(value) ? value.map(String) : []));
  const perTry = isMapping(policy['PerRetryTimeout']) ? ` (${String(policy['PerRetryTimeout']['Value'])} ${String(policy['PerRetryTimeout']['Unit'])} per try)` : '';
  return {
    subject: `${subject}.RetryPolicy`,
    outcome: 'not-translated',
    detail: `The route retried up to ${String(policy['MaxRetries'])} times${perTry}${events.length > 0 ? ` on ${events.join(', ')}` : ''}; Service Connect has no retry policy to set.`,
    instead: RETRY_ADVICE,
  };
}

function timeoutItem(subject: string, route: Timeouts['routes'][number], timeouts: Timeouts): TranslationItem {
  const applied = route.nodes.map((node) => `${node} gets ${describeTimeout(timeouts.nodes[node]?.timeout ?? {})}`);
  const notes = route.nodes.flatMap((node) => {
    const merged = timeouts.nodes[node];
    return [
      ...(merged && merged.disagreements.length > 0 ? [`Routes to ${node} disagree (${merged.disagreements.join('; ')}): the largest is kept.`] : []),
      ...(merged?.droppedPerRequest ? [`${node} is TCP, where Service Connect has no per-request timeout.`] : []),
    ];
  });
  return {
    subject: `${subject}.Timeout`,
    outcome: 'partial',
    detail: [
      `The route set ${route.given}; Service Connect sets timeouts per server port, for every caller: ${applied.join('; ')}.`,
      ...(route.rounded ? ['Milliseconds are rounded up to whole seconds.'] : []),
      ...notes,
    ].join(' '),
    instead: TIMEOUT_ADVICE,
  };
}

/** Per gateway: the gateway, then each of its routes; those x-ingress.Routes keep as the Application Load Balancer's (gateway.ts). */
export function gatewayItems(plan: AppMeshPlan, placements: Placement[], translation: GatewayTranslation): TranslationItem[] {
  return Object.values(plan.gateways).flatMap((gateway) => [
    keptGatewayItem(gateway, translation) ?? gatewayItem(gateway),
    ...gateway.routes.map((route) => {
      const kept = translation.kept.get(`${gateway.name}.${route.name}`);
      return kept ? keptGatewayRouteItem(gateway, route, kept, placements) : gatewayRouteItem(gateway, route, placements);
    }),
  ]);
}

function gatewayItem(gateway: MeshGateway): TranslationItem {
  const lb = `${gateway.loadBalancer.public ? 'public' : 'internal'} ${gateway.loadBalancer.type} load balancer`;
  return {
    subject: `Gateways.${gateway.name}`,
    outcome: 'not-translated',
    detail: `The virtual gateway took calls on port ${gateway.listener.port} (${gateway.listener.protocol}) from a ${lb} through an Envoy-only ECS service; Service Connect serves callers inside the namespace only.`,
    instead: `An ${gateway.loadBalancer.public ? 'internet-facing' : 'internal'} Application Load Balancer listening on port ${gateway.listener.port}, with a listener rule per gateway route (path or host condition) forwarding to the ECS service of the target.`,
  };
}

function gatewayRouteItem(gateway: MeshGateway, route: GatewayRoute, placements: Placement[]): TranslationItem {
  const shares = placements.find((p) => p.service.name === route.service)?.shares ?? [];
  const match = describeMatch(route.match);
  const conditions = albConditions(route.match);
  const forward =
    shares.length > 1
      ? `forward to the target groups of the ECS services ${shares.map((s) => `${s.node} (weight ${s.weight})`).join(' and ')}`
      : `forward to the ECS service ${shares[0]?.node ?? route.service}`;
  const prefix = typeof route.match['Prefix'] === 'string' && route.match['Prefix'] !== '/' ? route.match['Prefix'].replace(/\/+$/, '') : undefined;
  const rewrite =
    prefix !== undefined
      ? ` App Mesh rewrote the prefix ${prefix} to / before the call reached ${route.service}, and the Host header to the virtual service's name (${GATEWAY_REWRITE_DOC}).`
      : '';
  const transform =
    prefix !== undefined
      ? ` An ALB rule forwards the path as it came: add a url-rewrite transform (Regex ^${escapeRegex(prefix)}/?(.*)$, Replace /$1) to keep the rewrite (${ALB_TRANSFORMS_DOC}).`
      : '';
  return {
    subject: `Gateways.${gateway.name}.${route.name}`,
    outcome: 'not-translated',
    detail: `The gateway sent ${match.length > 0 ? `calls matching ${match.join('; ')}` : 'every call'} to the virtual service ${route.service}${shares.length > 0 ? ` (served by ${describeShares(shares)})` : ''}; Service Connect takes no calls from outside the namespace.${rewrite}`,
    instead: `An ALB listener rule${conditions.rules.length > 0 ? ` with ${conditions.rules.join(', ')}` : ''}, ${forward}.${
      conditions.missing.length > 0 ? ` ALB has no condition for ${conditions.missing.join(', ')}.` : ''
    }${transform}`,
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The conditions of a match, e.g. `Prefix /api`, `Headers x-canary Exact 1`; empty when it matches every call. */
function describeMatch(match: Record<string, unknown>): string[] {
  return Object.entries(match)
    .filter(([key, value]) => !(CATCH_ALL[key]?.(value) ?? false))
    .map(([key, value]) => `${key} ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).join(', ');
  if (!isMapping(value)) return String(value);
  const { Name: name, Invert: invert, Match: match, ...rest } = value;
  if (name !== undefined) return `${String(name)}${invert === true ? ' not' : ''} ${match === undefined ? 'present' : describeValue(match)}`;
  return Object.entries(rest)
    .map(([key, inner]) => `${key} ${describeValue(inner)}`)
    .join(', ');
}

function albConditions(match: Record<string, unknown>): { rules: string[]; missing: string[] } {
  const rules: string[] = [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(match)) {
    const conditions = ALB_CONDITIONS[key]?.(value);
    if (conditions) rules.push(...conditions);
    else missing.push(`${key} ${describeValue(value)}`);
  }
  return { rules, missing };
}

/** `http-header x-canary=1`; undefined when a match needs a regex or a range, which ALB lacks. */
function namedConditions(value: unknown, kind: string): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const conditions = value.map((entry) => {
    if (!isMapping(entry) || entry['Invert'] === true) return undefined;
    const match = isMapping(entry['Match']) ? entry['Match'] : {};
    const pattern =
      match['Exact'] ?? (match['Prefix'] !== undefined ? `${String(match['Prefix'])}*` : match['Suffix'] !== undefined ? `*${String(match['Suffix'])}` : isEmpty(match) ? '*' : undefined);
    return pattern === undefined ? undefined : `${kind} ${String(entry['Name'])}=${String(pattern)}`;
  });
  return conditions.every((c) => c !== undefined) ? (conditions as string[]) : undefined;
}

/** `clock (weight 1), watch (weight 1)`, or `clock` alone. */
function describeTargets(targets: WeightedTarget[]): string {
  if (targets.length === 1 && targets[0]) return targets[0].node;
  return targets.map((t) => `${t.node} (weight ${t.weight})`).join(', ');
}

function describeTimeout(timeout: ServerTimeout): string {
  const parts = Object.entries(timeout).map(([field, seconds]) => `${field} ${String(seconds)}`);
  return parts.length > 0 ? parts.join(', ') : 'no timeout';
}
