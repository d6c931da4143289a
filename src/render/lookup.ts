/**
 * What a render leaves to `compose-x lookup`: an AWS resource named by its tags (ECS ComposeX's
 * `Lookup`) or by what only AWS knows (the subnets of Docker's `x-aws-vpc`) becomes a stack
 * parameter; the value is the one `compose-x lookup` wrote in `compose-x.lookup.json` beside
 * the compose file. `render` never calls AWS: without the file the parameter has no default,
 * and a warning (W_LOOKUP_PENDING) says which command fills it.
 */
import type { Position, TreePath, Warning } from '../parser/diagnostics.js';

/** The file `compose-x lookup` writes in the project directory, and `render`, `plan` and `up` read. */
export const LOOKUP_FILE = 'compose-x.lookup.json';

/** Tags a resource must have, every one of them (ECS ComposeX writes them as a list of one-key mappings). */
export type LookupTags = Record<string, string>;

interface Looked {
  /** The stack parameter the value is for. */
  parameter: string;
  /** The compose key that asks, as written: `x-vpc.Lookup.VpcId`. */
  from: string;
}

/** One value `compose-x lookup` finds in AWS. */
export type LookupRequest = Looked &
  (
    | { kind: 'vpc'; tags: LookupTags }
    /** Subnets of a VPC (named by ID or by the parameter of another lookup), with these tags: a comma-separated list. */
    | { kind: 'subnets'; vpc: { id: string } | { parameter: string }; tags: LookupTags }
    | { kind: 'cluster'; name?: string; tags: LookupTags }
    /** A Cloud Map namespace by its name: its ID. */
    | { kind: 'namespace'; name: string }
    /** An existing load balancer by ARN or name (x-aws-loadbalancer), of the type its listeners need: its ARN or its (first) security group. */
    | { kind: 'load-balancer'; balancer: string; type: 'application' | 'network'; field: 'arn' | 'securityGroup' }
  );

/** The lookups of one render, and the values `compose-x lookup` wrote (parameter -> value). */
export class Lookups {
  readonly requests: LookupRequest[] = [];

  constructor(
    private readonly values: Readonly<Record<string, string>>,
    private readonly warn: (warning: Warning) => void,
    private readonly locate: (path: TreePath) => Position | undefined,
  ) {}

  /** The value found for `request.parameter`, or undefined (with W_LOOKUP_PENDING) until `compose-x lookup` writes it. */
  value(request: LookupRequest, path: TreePath): string | undefined {
    this.requests.push(request);
    const found = this.values[request.parameter];
    if (found === undefined) {
      this.warn({
        code: 'W_LOOKUP_PENDING',
        message:
          `${request.from} names a ${request.kind === 'subnets' ? 'subnet list' : request.kind === 'load-balancer' ? 'load balancer' : request.kind} that only AWS can resolve, and ${LOOKUP_FILE} holds no ${request.parameter}: ` +
          `the stack parameter ${request.parameter} has no value until \`compose-x lookup\` writes it (render never calls AWS).`,
        path,
        position: this.locate(path),
      });
    }
    return found;
  }
}

/** ECS ComposeX's `Tags: [{Name: a}, {env: b}]` (or one mapping) as one mapping. */
export function tagsOf(raw: unknown): LookupTags {
  const list = Array.isArray(raw) ? raw : [raw];
  const tags: LookupTags = {};
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) tags[key] = String(value);
  }
  return tags;
}
