/**
 * A listener rule of an Application Load Balancer: host and path conditions, and a forward to
 * one target group or a weighted forward across several (a split between versions). The
 * services' rules are made with it, and so can an App Mesh gateway's routes.
 */
import { Elbv2ListenerRuleResource, type Elbv2ListenerRuleRuleCondition } from '../template/cfn-spec-types.js';
import type { Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

/**
 * What a rule matches: any of `hosts` (when given) and any of the path prefixes `paths`
 * (when given). ELB counts at most 5 values a rule matches on (a prefix other than `/` is 2).
 */
export interface RuleMatch {
  hosts?: string[];
  /** Path prefixes: `/api` matches /api and /api/...; `/` every path. */
  paths?: string[];
}

/** A target group of a forward, with its share when the forward is weighted. */
export interface WeightedTarget {
  targetGroup: Value<string>;
  /** 0 to 999 (ELB's range); the shares are the weights over their sum. */
  weight?: number;
}

export interface ListenerRule {
  listener: Value<string>;
  /** 1 to 50000, unique on the listener (src/mesh/ingress/rule-priority.ts derives stable ones). */
  priority: number;
  match: RuleMatch;
  /** One target group, or several with weights. */
  targets: WeightedTarget[];
  /** A url-rewrite of the path before the call is forwarded (the path of `match` is its first). */
  rewrite?: { regex: string; replace: string };
}

/**
 * The rewrite of a matched prefix to `to`: `/blue` to `/` turns /blue and /blue/x into / and
 * /x, as an App Mesh gateway route does by default (the query string is not part of the path).
 */
export function prefixRewrite(prefix: string, to: string): { regex: string; replace: string } {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { regex: `^${escaped}/?(.*)$`, replace: `${to.replace(/\/+$/, '')}/$1` };
}

/** The path patterns of a prefix: `/` is `/*`; `/api` is `/api` and `/api/*`. */
export function pathPatterns(prefix: string): string[] {
  return prefix === '/' ? ['/*'] : [prefix, `${prefix}/*`];
}

const MAX_MATCH_VALUES = 5;

function conditions(id: string, match: RuleMatch): Elbv2ListenerRuleRuleCondition[] {
  const hosts = match.hosts ?? [];
  const paths = (match.paths ?? ['/']).flatMap(pathPatterns);
  if (hosts.length + paths.length > MAX_MATCH_VALUES) throw new Error(`listener rule ${id} matches on more than ${MAX_MATCH_VALUES} values`);
  return [
    ...(hosts.length > 0 ? [{ Field: 'host-header', HostHeaderConfig: { Values: hosts } }] : []),
    { Field: 'path-pattern', PathPatternConfig: { Values: paths } },
  ];
}

/**
 * Adds the rule `id` to the template and returns its logical ID. A single target without a
 * weight is a plain forward; otherwise a forward whose ForwardConfig lists each target group
 * with its weight (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#forward-actions).
 */
export function addListenerRule(ctx: RenderContext, id: string, rule: ListenerRule): string {
  const [only, ...more] = rule.targets;
  if (!only) throw new Error(`listener rule ${id} forwards to no target group`);
  const action =
    more.length === 0 && only.weight === undefined
      ? { Type: 'forward', TargetGroupArn: only.targetGroup }
      : { Type: 'forward', ForwardConfig: { TargetGroups: rule.targets.map((t) => ({ TargetGroupArn: t.targetGroup, Weight: t.weight ?? 1 })) } };
  return ctx.template.add(
    id,
    new Elbv2ListenerRuleResource({
      ListenerArn: rule.listener,
      Priority: rule.priority,
      Conditions: conditions(id, rule.match),
      Actions: [action],
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-transforms.html
      ...(rule.rewrite ? { Transforms: [{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: rule.rewrite.regex, Replace: rule.rewrite.replace }] } }] } : {}),
    }),
  );
}
