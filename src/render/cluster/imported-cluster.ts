/**
 * The cluster of a project written for another tool, as compose-x's own x-cluster reads it:
 * ECS ComposeX's x-cluster (`Lookup` of an existing cluster by name or tags, the legacy `Use`,
 * `Properties` of the cluster to make; https://docs.compose-x.io/syntax/compose_x/ecs_cluster.html)
 * and Docker's `x-aws-cluster` (an existing cluster by name or ARN;
 * https://docs.docker.com/cloud/ecs-integration/#use-an-existing-ecs-cluster).
 */
import { isMapping } from '../../parser/mapping.js';
import type { RenderContext } from '../context.js';
import { notCarried } from '../composex.js';
import { tagsOf } from '../lookup.js';

/** x-cluster as cluster.ts reads it. */
export interface ClusterSettings {
  /** An existing cluster (a parameter); undefined when `compose-x lookup` has not found it yet. */
  existing?: { name: string | undefined; source: string };
  /** The name of the cluster to make (default: the stack's). */
  name?: string;
  CapacityProviders?: ('FARGATE' | 'FARGATE_SPOT')[];
  DefaultCapacityProviderStrategy?: { CapacityProvider: 'FARGATE' | 'FARGATE_SPOT'; Weight?: number; Base?: number }[];
  /** AWS::ECS::Cluster ClusterSettings (containerInsights). */
  ClusterSettings?: { Name: string; Value: string }[];
}

/** The properties of ECS ComposeX's x-cluster.Properties that compose-x carries to its cluster. */
const CARRIED = ['ClusterName', 'CapacityProviders', 'DefaultCapacityProviderStrategy', 'ClusterSettings'];

export function clusterSettings(ctx: RenderContext): ClusterSettings {
  const raw = ctx.project.extensions['x-cluster'];
  const docker = ctx.project.extensions['x-aws-cluster'];
  if (!isMapping(raw)) return typeof docker === 'string' ? { existing: { name: docker, source: 'x-aws-cluster' } } : {};
  if (raw['Lookup'] === undefined && raw['Use'] === undefined && raw['Properties'] === undefined && raw['MacroParameters'] === undefined) {
    const own = raw as ClusterSettings & { ClusterName?: string };
    return { ...own, ...(own.ClusterName ? { existing: { name: own.ClusterName, source: 'x-cluster.ClusterName' } } : {}) };
  }
  if (raw['MacroParameters'] !== undefined) {
    notCarried(ctx, ['x-cluster', 'MacroParameters'], 'x-cluster.MacroParameters', 'compose-x makes no ECS Exec log group, bucket or KMS key for the cluster');
  }
  const existing = existingCluster(ctx, raw);
  if (existing) {
    if (raw['Properties'] !== undefined) notCarried(ctx, ['x-cluster', 'Properties'], 'x-cluster.Properties', 'x-cluster names an existing cluster, so none is made');
    return { existing };
  }
  const properties = isMapping(raw['Properties']) ? raw['Properties'] : {};
  for (const key of Object.keys(properties).filter((k) => !CARRIED.includes(k))) {
    notCarried(ctx, ['x-cluster', 'Properties', key], `x-cluster.Properties.${key}`, `compose-x sets ${CARRIED.join(', ')} of its cluster`);
  }
  const carried = Object.fromEntries(Object.entries(properties).filter(([k]) => CARRIED.includes(k) && k !== 'ClusterName'));
  return { ...(carried as ClusterSettings), ...(typeof properties['ClusterName'] === 'string' ? { name: properties['ClusterName'] } : {}) };
}

/** Lookup (a name, `{ClusterName}`, or `{Tags}` that `compose-x lookup` resolves) or the legacy Use (a name). */
function existingCluster(ctx: RenderContext, raw: Record<string, unknown>): ClusterSettings['existing'] {
  if (typeof raw['Use'] === 'string') return { name: raw['Use'], source: 'x-cluster.Use' };
  const lookup = raw['Lookup'];
  if (typeof lookup === 'string') return { name: lookup, source: 'x-cluster.Lookup' };
  if (!isMapping(lookup)) return undefined;
  if (typeof lookup['ClusterName'] === 'string') return { name: lookup['ClusterName'], source: 'x-cluster.Lookup.ClusterName' };
  const tags = tagsOf(lookup['Tags']);
  const name = ctx.lookups.value({ kind: 'cluster', parameter: 'ClusterName', from: 'x-cluster.Lookup.Tags', tags }, ['x-cluster', 'Lookup']);
  return { name, source: 'x-cluster.Lookup' };
}
