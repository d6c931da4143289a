/**
 * Listener rule priorities that do not move when services come and go, and that still put
 * the more specific rules first (an Application Load Balancer evaluates its rules from the
 * lowest priority up, 1 to 50000:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html).
 *
 * The range is cut into 20 bands of 2500 (numbered 1 to 20): rules with a host condition before rules without,
 * and within each, deeper paths before shallower ones (/api/v1 in band 8, /api in 9, / in
 * 10 for host rules; 18, 19, 20 without). Two prefix rules that can match the same request
 * have one path inside the other, so the deeper one always comes first. Inside its band, a
 * rule takes the slot a hash of its key (`<project>/<service>`) picks, so adding a service
 * never renumbers another, and the rules of several projects on one shared listener keep
 * clear of each other. Two keys whose hashes pick the same slot: the key that sorts first
 * keeps it, the other takes the next free slot of the band, with a warning (it is the one
 * case where adding a service moves another, about 1 chance in 2500 per pair of rules in
 * one band); `x-ingress.Priority` pins a rule where its owner wants it.
 */
import { createHash } from 'node:crypto';

/** The deepest path a band stands for; a deeper path is refused. */
export const MAX_PATH_DEPTH = 9;
const BAND = 2500;
const DEPTHS = MAX_PATH_DEPTH + 1;

/** What a listener rule's place depends on. */
export interface RuleKey {
  /** Unique among the rules of a listener: `<project>/<service>` (or `<project>/gateway/<route>`). */
  key: string;
  /** A host-header condition. */
  host?: string;
  /** The path prefix: `/`, `/api`, `/api/v1` (no trailing slash). */
  path: string;
  /** A priority chosen by the user. */
  pinned?: number;
}

/** The number of segments of a path prefix: `/` 0, `/api` 1, `/api/v1` 2. */
export function pathDepth(path: string): number {
  return path.split('/').filter((segment) => segment !== '').length;
}

/** The first priority of the band of a rule: host rules first, then deeper paths first. */
function bandStart(rule: RuleKey): number {
  const band = (rule.host === undefined ? DEPTHS : 0) + (MAX_PATH_DEPTH - Math.min(pathDepth(rule.path), MAX_PATH_DEPTH));
  return band * BAND + 1;
}

function slotOf(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % BAND;
}

/** The priorities of `rules` by key, and the keys that had to leave their own slot (with the key that holds it). */
export function rulePriorities(rules: readonly RuleKey[]): { priorities: Map<string, number>; moved: { key: string; by: string }[] } {
  const priorities = new Map<string, number>();
  const holders = new Map<number, string>();
  for (const rule of rules) {
    if (rule.pinned === undefined) continue;
    priorities.set(rule.key, rule.pinned);
    holders.set(rule.pinned, rule.key);
  }
  const moved: { key: string; by: string }[] = [];
  const free = rules.filter((r) => r.pinned === undefined).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const rule of free) {
    const start = bandStart(rule);
    const own = slotOf(rule.key);
    let slot = own;
    while (holders.has(start + slot)) {
      slot = (slot + 1) % BAND;
      if (slot === own) throw new Error(`no free listener rule priority in the band of ${rule.key}`);
    }
    if (slot !== own) moved.push({ key: rule.key, by: holders.get(start + own) ?? '' });
    priorities.set(rule.key, start + slot);
    holders.set(start + slot, rule.key);
  }
  return { priorities, moved };
}
