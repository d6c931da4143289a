/**
 * How many nested stacks of each kind a split starts from: each resource's place (its kind of
 * stack and the hash of its owner), and the first guess of the counts by every quota but bytes.
 */
import { NESTED_BUDGET } from './limits.js';
import { kindOf, ownerHash, STACK_KINDS, type StackKind } from './partition.js';
import { crossingName, referencesIn } from './references.js';

type Json = Record<string, unknown>;
/** A resource of the template, as far as its place needs. */
type Resource = { Type: string };

/** The most stacks of one kind a split makes. */
export const MAX_BUCKETS = 4096;

/** Where a resource of a nested stack goes: its kind of stack, and the hash of the owner that picks the bucket (the hash modulo the count). */
export interface Placement {
  kind: StackKind;
  hash: number;
}

/** The placement of each resource an owner takes to a nested stack (the others stay in the root); each owner's name hashed once. */
export function placements(resources: Record<string, Resource>, owner: ReadonlyMap<string, string>): Map<string, Placement> {
  const placed = new Map<string, Placement>();
  const hashes = new Map<string, number>();
  for (const [id, resource] of Object.entries(resources)) {
    const who = owner.get(id);
    const kind = kindOf(who?.replace(/#rules$/, ''), who?.endsWith('#rules') ? 'AWS::EC2::SecurityGroupIngress' : resource.Type);
    if (!kind || !who) continue;
    const bucketOwner = who.replace(/#rules$/, '');
    const hash = hashes.get(bucketOwner) ?? hashes.set(bucketOwner, ownerHash(bucketOwner)).get(bucketOwner)!;
    placed.set(id, { kind, hash });
  }
  return placed;
}

/** What lands in the stacks of one kind, by the hash of the owner that takes it to a bucket. */
interface KindLoad {
  resources: number[];
  /** An output's name -> the hash of the stack that holds it, for the outputs that are there at any count. */
  outputs: Map<string, number>;
  /** A parameter's name -> the hashes of the stacks that take it, for the references that cross at any count. */
  params: Map<string, Set<number>>;
  /** References between two owners of this kind: they cross when the owners' buckets differ. */
  between: { name: string; from: number; to: number }[];
}

/**
 * The first guess of bucket counts, by every quota of a nested stack: for each kind, the
 * smallest power of two that gives its stacks about 250 resources on average, and where no
 * stack is over the budget of resources, outputs (its resources another stack references, and
 * the template's outputs of its owners) or parameters (the resources of another stack it
 * references), counted in the buckets the owners' hashes give. References to root parameters
 * and bytes are left to the layout, so these counts are never more than a stack's, the guess
 * never more than the layout needs, and the layout is mostly computed once (a kind whose stack
 * is still over budget is doubled again).
 */
export function initialBuckets(
  template: Json,
  resources: Record<string, Resource>,
  owner: ReadonlyMap<string, string>,
  placed: ReadonlyMap<string, Placement>,
): Record<StackKind, number> {
  const loads = new Map<StackKind, KindLoad>(STACK_KINDS.map((k) => [k, { resources: [], outputs: new Map(), params: new Map(), between: [] }]));
  const load = (kind: StackKind): KindLoad => loads.get(kind)!;
  for (const { kind, hash } of placed.values()) load(kind).resources.push(hash);
  for (const [id, resource] of Object.entries(resources)) {
    const from = placed.get(id);
    if (!from) continue;
    for (const ref of referencesIn(resource)) {
      if (!(ref.target in resources)) continue;
      const to = placed.get(ref.target);
      const name = crossingName(ref);
      if (to?.kind === from.kind) {
        if (to.hash !== from.hash) load(from.kind).between.push({ name, from: from.hash, to: to.hash });
        continue;
      }
      const params = load(from.kind).params;
      params.set(name, (params.get(name) ?? new Set()).add(from.hash));
      if (to) load(to.kind).outputs.set(name, to.hash);
    }
  }
  // A template output of an owner moves to the stack of the first resource it reads (see layOut).
  for (const [id, output] of Object.entries((template['Outputs'] as Record<string, Json> | undefined) ?? {})) {
    if (!owner.has(id)) continue;
    const home = referencesIn(output['Value']).map((r) => placed.get(r.target)).find((p) => p !== undefined);
    if (home) load(home.kind).outputs.set(id, home.hash);
  }
  const under = (buckets: Iterable<number>, n: number, limit: number): boolean => {
    const counts = new Uint32Array(n);
    for (const bucket of buckets) if (++counts[bucket]! > limit) return false;
    return true;
  };
  const fits = ({ resources: held, outputs, params, between }: KindLoad, n: number): boolean => {
    if (!under(held.map((hash) => hash % n), n, NESTED_BUDGET.resources)) return false;
    const outputsAt = new Map<string, number>();
    for (const [name, hash] of outputs) outputsAt.set(name, hash % n);
    const paramsAt = new Map<string, Set<number>>();
    for (const [name, hashes] of params) paramsAt.set(name, new Set([...hashes].map((hash) => hash % n)));
    for (const ref of between) {
      if (ref.from % n === ref.to % n) continue;
      outputsAt.set(ref.name, ref.to % n);
      paramsAt.set(ref.name, (paramsAt.get(ref.name) ?? new Set()).add(ref.from % n));
    }
    return under(outputsAt.values(), n, NESTED_BUDGET.outputs) && under([...paramsAt.values()].flatMap((buckets) => [...buckets]), n, NESTED_BUDGET.parameters);
  };
  /** Where the counts start: the averages, which no count of stacks below can meet. */
  const least = ({ resources: held, outputs, params }: KindLoad): number => {
    const stacks = Math.max(held.length / 250, outputs.size / NESTED_BUDGET.outputs, params.size / NESTED_BUDGET.parameters);
    return 2 ** Math.max(0, Math.ceil(Math.log2(stacks)));
  };
  const guess = (kind: StackKind): number => {
    let n = least(load(kind));
    while (n < MAX_BUCKETS && !fits(load(kind), n)) n *= 2;
    return n;
  };
  return Object.fromEntries(STACK_KINDS.map((k) => [k, guess(k)])) as Record<StackKind, number>;
}
