/**
 * App Mesh route timeouts as Service Connect server timeouts. App Mesh sets them per route;
 * Service Connect per server port, so each node gets the timeouts of the routes that reach
 * it (the largest when they disagree).
 */
import last from 'lodash/last.js';
import sortBy from 'lodash/sortBy.js';
import uniq from 'lodash/uniq.js';
import type { AppMeshPlan, MeshDuration } from '../mesh/app-mesh/plan.js';

/** The Timeout of a Service Connect server entry, in whole seconds. */
export interface ServerTimeout {
  IdleTimeoutSeconds?: number;
  PerRequestTimeoutSeconds?: number;
}

type TimeoutField = keyof ServerTimeout;

/** One route's Timeout, converted. */
export interface RouteTimeout {
  router: string;
  route: string;
  /** The route's Timeout as written, e.g. `Idle 30 s, PerRequest 1500 ms`. */
  given: string;
  timeout: ServerTimeout;
  /** A value in ms was rounded up to whole seconds. */
  rounded: boolean;
  /** The nodes the route sends calls to, in name order. */
  nodes: string[];
}

/** What a node's server port gets from the routes that reach it. */
export interface NodeTimeout {
  timeout: ServerTimeout;
  /** Fields on which the routes disagree, e.g. `PerRequestTimeoutSeconds 10, 15`. */
  disagreements: string[];
  /** PerRequest was given but the node is TCP, where Service Connect has no per-request timeout. */
  droppedPerRequest: boolean;
}

export interface Timeouts {
  routes: RouteTimeout[];
  nodes: Record<string, NodeTimeout>;
}

/** App Mesh Timeout keys and the Service Connect fields they become. */
const FIELDS: readonly { mesh: string; field: TimeoutField }[] = [
  { mesh: 'Idle', field: 'IdleTimeoutSeconds' },
  { mesh: 'PerRequest', field: 'PerRequestTimeoutSeconds' },
];

/** Every route Timeout of the plan, and what each node's server port gets from them. */
export function timeoutsOf(plan: AppMeshPlan): Timeouts {
  const routes = Object.values(plan.routers).flatMap((router) =>
    router.routes.flatMap((route) => {
      if (!route.timeout) return [];
      const converted = convert(route.timeout);
      const nodes = sortBy(uniq(route.targets.map((t) => t.node)));
      return converted ? [{ router: router.name, route: route.name, ...converted, nodes }] : [];
    }),
  );
  const nodes: Record<string, NodeTimeout> = {};
  for (const name of sortBy(uniq(routes.flatMap((r) => r.nodes)))) {
    nodes[name] = merge(routes.filter((r) => r.nodes.includes(name)).map((r) => r.timeout), plan.nodes[name]?.protocol === 'tcp');
  }
  return { routes, nodes };
}

function convert(timeout: Record<string, unknown>): Pick<RouteTimeout, 'given' | 'timeout' | 'rounded'> | undefined {
  const given: string[] = [];
  const result: ServerTimeout = {};
  let rounded = false;
  for (const { mesh, field } of FIELDS) {
    const duration = timeout[mesh];
    if (!isDuration(duration)) continue;
    given.push(`${mesh} ${duration.Value} ${duration.Unit}`);
    const seconds = duration.Unit === 's' ? duration.Value : Math.ceil(duration.Value / 1000);
    rounded ||= duration.Unit === 'ms' && duration.Value % 1000 !== 0;
    result[field] = seconds;
  }
  return given.length > 0 ? { given: given.join(', '), timeout: result, rounded } : undefined;
}

function merge(timeouts: ServerTimeout[], tcp: boolean): NodeTimeout {
  const timeout: ServerTimeout = {};
  const disagreements: string[] = [];
  let droppedPerRequest = false;
  for (const { field } of FIELDS) {
    const values = sortBy(uniq(timeouts.flatMap((t) => (t[field] === undefined ? [] : [t[field]]))));
    const largest = last(values);
    if (largest === undefined) continue;
    if (tcp && field === 'PerRequestTimeoutSeconds') {
      droppedPerRequest = true;
      continue;
    }
    if (values.length > 1) disagreements.push(`${field} ${values.join(', ')}`);
    timeout[field] = largest;
  }
  return { timeout, disagreements, droppedPerRequest };
}

function isDuration(value: unknown): value is MeshDuration {
  const d = value as Partial<MeshDuration> | undefined;
  return typeof d === 'object' && d !== null && (d.Unit === 'ms' || d.Unit === 's') && typeof d.Value === 'number';
}
