/** What x-vpc chooses (read in x-vpc.ts, and in imported-vpc.ts for the forms of other tools): the VPC the tasks run in. */

/** The VPC endpoints x-vpc.Endpoints may name: `ecr` is the two of Amazon ECR (api and dkr). */
export const ENDPOINT_NAMES = ['ecr', 'logs', 's3', 'secretsmanager', 'ssm'] as const;
export type EndpointName = (typeof ENDPOINT_NAMES)[number];

export type VpcChoice =
  | {
      kind: 'existing';
      /** Undefined until `compose-x lookup` finds it (and the subnets); then the parameter has no default. */
      vpcId: string | undefined;
      subnets: string[] | undefined;
      /** The subnets of an internet-facing load balancer, when not the tasks' own. */
      publicSubnets?: { subnets: string[] | undefined };
      assignPublicIp: boolean;
      /** The key the parameters' descriptions name (x-vpc's own keys when absent). */
      source?: string;
    }
  | { kind: 'public' }
  | { kind: 'private'; natGateways: 1 | 'per-az'; endpoints: EndpointName[] };
