import type { TreePath } from '../../parser/diagnostics.js';
import { hostReferences } from '../../mesh/host-references.js';
import type { ServiceConnectPlan } from '../../mesh/service-connect.js';
import type { RenderContext } from '../context.js';

/** A call of one member to another, by the environment variable that names the callee's alias. */
interface Call {
  caller: string;
  callee: string;
  variable: string;
}

/**
 * The Service Connect servers each member must be created after, by service. A task learns the
 * endpoints of its namespace when it starts: "Existing tasks can't resolve and connect to the new
 * endpoint" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html),
 * so a client created beside the server it calls would not reach it until redeployed. A member
 * calls a server when its environment names one of the server's client aliases or discovery
 * names (`http://api:8080`, `DB_HOST=db`, as src/mesh/host-references.ts reads them). The calls
 * of services that wait for each other, by calls or by depends_on, are left out (CloudFormation
 * refuses a cycle), with a warning naming the cycle; the rest is each caller's callees in name order.
 */
export function serviceConnectOrder(ctx: RenderContext, plan: ServiceConnectPlan): Record<string, string[]> {
  const calls = callsOf(ctx, plan);
  const edges = new Map<string, Set<string>>();
  const link = (from: string, to: string): void => {
    edges.set(from, (edges.get(from) ?? new Set()).add(to));
  };
  for (const [name, service] of Object.entries(ctx.project.services)) {
    for (const dep of Object.keys(service.depends_on)) if (dep in ctx.project.services) link(name, dep);
  }
  for (const call of calls) link(call.caller, call.callee);
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [from];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (const next of edges.get(node) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  };
  const reachable = new Map([...edges.keys()].map((name) => [name, reach(name)]));
  const inCycle = (call: Call): boolean => reachable.get(call.callee)?.has(call.caller) ?? false;
  const warned = new Set<string>();
  for (const call of calls.filter(inCycle)) {
    const members = [...(reachable.get(call.caller) ?? [])].filter((other) => reachable.get(other)?.has(call.caller)).sort();
    const key = members.join('\u0000');
    if (warned.has(key)) continue;
    warned.add(key);
    const path: TreePath = ['services', call.caller, 'environment', call.variable];
    ctx.warn({
      code: 'W_SC_ORDER_CYCLE',
      message: `${members.join(', ')} wait for each other (${cycleText(members, edges)}), so none of them can be created after the others and their calls are left out of the creation order: a task that starts before the Service Connect endpoint it calls exists does not reach it until it is redeployed (aws ecs update-service --force-new-deployment). Remove one of the calls or depends_on to order them.`,
      path,
      position: ctx.locate(path),
    });
  }
  const order: Record<string, string[]> = {};
  for (const call of calls) {
    if (inCycle(call)) continue;
    const callees = (order[call.caller] ??= []);
    if (!callees.includes(call.callee)) callees.push(call.callee);
  }
  for (const callees of Object.values(order)) callees.sort();
  return order;
}

/** Every call of a member to a server of the namespace, in caller and variable order. */
function callsOf(ctx: RenderContext, plan: ServiceConnectPlan): Call[] {
  const servers = new Map<string, string>();
  for (const [name, member] of Object.entries(plan.members)) {
    for (const server of member.servers) {
      for (const alias of [server.discoveryName, ...server.clientAliases.map((a) => a.DnsName ?? server.discoveryName)]) {
        if (!servers.has(alias.toLowerCase())) servers.set(alias.toLowerCase(), name);
      }
    }
  }
  const calls: Call[] = [];
  for (const caller of Object.keys(plan.members).sort()) {
    const environment = ctx.project.services[caller]?.environment ?? {};
    for (const [variable, value] of Object.entries(environment).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (value === null) continue;
      for (const reference of hostReferences(variable, value, environment)) {
        const callee = servers.get(reference.host.toLowerCase());
        if (callee !== undefined && callee !== caller) calls.push({ caller, callee, variable });
      }
    }
  }
  return calls;
}

/** The shortest cycle through the first of `members`, as `a -> b -> a` (neighbours in name order). */
function cycleText(members: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string {
  const start = members[0] ?? '';
  const within = new Set(members);
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const next of [...(edges.get(node) ?? [])].filter((n) => within.has(n)).sort()) {
      if (next === start) {
        const path = [node];
        for (let at = previous.get(node); at !== undefined; at = previous.get(at)) path.unshift(at);
        return [...path, start].join(' -> ');
      }
      if (!previous.has(next) && next !== start) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return members.join(' -> ');
}
