import type { Position, TreePath, Warning } from '../parser/diagnostics.js';
import type { Project } from '../parser/model.js';
import type { ServiceGraph } from '../mesh/graph.js';
import type { MeshPlan } from '../mesh/plan.js';
import type { Value } from './template/cfn.js';
import type { Lookups } from './lookup.js';
import type { LogicalIds } from './template/logical-ids.js';
import type { Template } from './template/template.js';

/** Where the project's tasks run: filled in by network.ts, used by the services. */
export interface NetworkPlacement {
  vpcId: Value<string>;
  /** The subnets of the tasks (the private ones with x-vpc.PrivateSubnets). */
  subnets: Value<string>[] | Value<string[]>;
  /** The subnets of what the internet must reach (an internet-facing load balancer): the public ones, the tasks' own in an existing VPC. */
  publicSubnets: Value<string>[] | Value<string[]>;
  /** Each subnet of the tasks on its own (a mount target goes in each). */
  eachSubnet: { id: string; subnet: Value<string> }[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
  /** Resources the ECS services must wait for (routes to the internet, VPC endpoints). */
  dependsOn: string[];
  /** By compose service, what its ECS service waits for besides `dependsOn`: its rule in the security group of the VPC endpoints. */
  serviceDependsOn: Readonly<Record<string, string[]>>;
}

/** What every render module reads; only `template` and `warn` are written to. */
export interface RenderContext {
  project: Project;
  plan: MeshPlan;
  /** plan.graph */
  graph: ServiceGraph;
  /** Logical ID stems of services and of compose networks. */
  serviceIds: LogicalIds;
  networkIds: LogicalIds;
  template: Template;
  warn: (warning: Warning) => void;
  locate: (path: TreePath) => Position | undefined;
  /** The values `compose-x lookup` found, and the lookups this render asks for. */
  lookups: Lookups;
}
