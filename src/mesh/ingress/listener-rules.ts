/** The services' listener rules on the Application Load Balancer: told apart, ordered, numbered. */
import { ParseError, type Position, type TreePath, type Warning } from '../../parser/diagnostics.js';
import { MAX_PATH_DEPTH, pathDepth, rulePriorities } from './rule-priority.js';

/** One service's rule, before it has a priority. */
export interface RuleCandidate {
  service: string;
  /** `<project>/<service>`: what its priority is hashed from. */
  key: string;
  listenerPort: number;
  host?: string;
  path: string;
  pinned?: number;
  /** Where an error about the rule points: the service's x-ingress, or its published port. */
  at: TreePath;
}

type Locate = (path: TreePath) => Position | undefined;

/**
 * The priority of each service's rule (rule-priority.ts), per listener. Errors: a path too
 * deep to order, two services at one host and path of a listener (compose would refuse to
 * publish one host port twice; on a load balancer, a Host or Path tells them apart), two
 * rules pinned to one priority. A rule moved off its own slot is a warning.
 */
export function placeRules(candidates: readonly RuleCandidate[], locate: Locate, warn: (w: Warning) => void): Map<string, number> {
  const fail = (code: string, at: TreePath, message: string, hint: string): never => {
    throw new ParseError(code, message, { path: at, position: locate(at), hint });
  };
  const priorities = new Map<string, number>();
  const ports = [...new Set(candidates.map((c) => c.listenerPort))].sort((a, b) => a - b);
  for (const port of ports) {
    const rules = candidates.filter((c) => c.listenerPort === port);
    const seen = new Map<string, string>();
    const pinned = new Map<number, string>();
    for (const rule of rules) {
      const depth = pathDepth(rule.path);
      if (depth > MAX_PATH_DEPTH) {
        fail('E_INGRESS_PATH', rule.at, `the path ${rule.path} of "${rule.service}" has ${depth} segments; compose-x orders listener rules by path depth up to ${MAX_PATH_DEPTH}.`, 'Use a shorter path prefix in x-ingress.Path.');
      }
      const where = `${rule.host ?? ''}${rule.path}`;
      const twin = seen.get(where);
      if (twin !== undefined) {
        fail('E_INGRESS_RULE_CLASH', rule.at, `"${twin}" and "${rule.service}" would both be served at ${where} on port ${port} of the load balancer.`, 'Publish one of them on another port, or give it an x-ingress.Path (e.g. Path: /api) or an x-ingress.Host.');
      }
      seen.set(where, rule.service);
      if (rule.pinned === undefined) continue;
      const other = pinned.get(rule.pinned);
      if (other !== undefined) fail('E_INGRESS_PRIORITY', rule.at, `"${other}" and "${rule.service}" both pin the listener rule priority ${rule.pinned}.`, 'Give one of them another x-ingress.Priority.');
      pinned.set(rule.pinned, rule.service);
    }
    const placed = rulePriorities(rules);
    const serviceOf = new Map(rules.map((r) => [r.key, r.service]));
    for (const rule of rules) priorities.set(rule.service, placed.priorities.get(rule.key) ?? 0);
    for (const { key, by } of placed.moved) {
      const name = serviceOf.get(key) ?? key;
      const priority = priorities.get(name) ?? 0;
      const at = ['services', name];
      warn({
        code: 'W_INGRESS_PRIORITY_MOVED',
        message: `the listener rule of "${name}" takes priority ${priority}, next to the one its name picks, which "${serviceOf.get(by) ?? by}" holds; it moves back if that service goes. Pin it with x-ingress.Priority: ${priority} to keep it there.`,
        path: at,
        position: locate(at),
      });
    }
  }
  return priorities;
}
