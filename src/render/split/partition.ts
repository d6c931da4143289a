import { createHash } from 'node:crypto';

/** The kinds of nested stack, in the order they are created. */
export const STACK_KINDS = ['SecurityGroups', 'Services', 'Mesh', 'Gateways'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/**
 * Which kind of nested stack a resource goes to, from its owner and type; undefined keeps
 * it in the root (the shared resources). Security groups are a layer of their own so that
 * rules between services in different stacks never make two stacks wait for each other.
 */
export function kindOf(owner: string | undefined, type: string): StackKind | undefined {
  if (owner === undefined) return undefined;
  if (type === 'AWS::EC2::SecurityGroup') return 'SecurityGroups';
  if (owner.startsWith('mesh:')) return 'Mesh';
  if (owner.startsWith('gateway:')) return 'Gateways';
  return 'Services';
}

/**
 * The hash of an owner's name (the first 32 bits of its SHA-256), whose remainder by the count of
 * buckets (a power of two) is the owner's bucket: a new service lands in one bucket and leaves the
 * others as they were.
 */
export function ownerHash(owner: string): number {
  return createHash('sha256').update(owner).digest().readUInt32BE(0);
}

/** The logical ID of a nested stack: `Services03Stack`. */
export function stackId(kind: StackKind, bucket: number, buckets: number): string {
  const digits = Math.max(1, String(buckets - 1).length);
  return `${kind}${String(bucket).padStart(digits, '0')}Stack`;
}
