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
  const component = components(edges);
  const inCycle = (call: Call): boolean => component.get(call.callee) === component.get(call.caller);
  const warned = new Set<string>();
  for (const call of calls.filter(inCycle)) {
    const members = [...(component.get(call.caller) ?? [])].sort();
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

/**
 * The strongly connected component of every service of the graph (Tarjan's algorithm, without
 * recursion: a chain of thousands of depends_on is deep): services wait for each other when they
 * share one. Linear, where each service's reachable set would be quadratic in time and memory.
 */
function components(edges: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string[]> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, string[]>();
  const work: { node: string; next: Iterator<string> }[] = [];
  const enter = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    work.push({ node, next: (edges.get(node) ?? new Set<string>()).values() });
  };
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    enter(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.next.next();
      if (!step.done) {
        if (!index.has(step.value)) enter(step.value);
        else if (onStack.has(step.value)) low.set(top.node, Math.min(low.get(top.node)!, index.get(step.value)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) !== index.get(top.node)) continue;
      const members: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = member === top.node ? undefined : stack.pop()) {
        onStack.delete(member);
        members.push(member);
      }
      for (const member of members) component.set(member, members);
    }
  }
  return component;
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
