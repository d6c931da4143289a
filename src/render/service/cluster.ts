import { isMapping } from '../../parser/mapping.js';
import { Cluster, Ref, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

interface XCluster {
  ClusterName?: string;
  CapacityProviders?: string[];
}

/** Where the services are placed: the cluster reference and the capacity to ask for. */
export interface ClusterPlacement {
  cluster: Value<string>;
  /** Capacity provider strategy of each service; absent means LaunchType FARGATE. */
  capacityProviders?: string[];
}

/**
 * The ECS cluster: a new one with the Fargate capacity providers (and the Service Connect
 * namespace as its default), or, with `x-cluster.ClusterName`, an existing one given as a
 * parameter.
 */
export function renderCluster(ctx: RenderContext, serviceConnectNamespace?: Value<string>): ClusterPlacement {
  const raw = ctx.project.extensions['x-cluster'];
  const xCluster: XCluster = isMapping(raw) ? (raw as XCluster) : {};
  if (xCluster.ClusterName) {
    ctx.template.parameter('ClusterName', {
      Type: 'String',
      Description: 'The existing ECS cluster the services run in (x-cluster.ClusterName).',
      Default: xCluster.ClusterName,
    });
    return { cluster: Ref('ClusterName'), ...(xCluster.CapacityProviders ? { capacityProviders: xCluster.CapacityProviders } : {}) };
  }
  const providers = xCluster.CapacityProviders ?? ['FARGATE', 'FARGATE_SPOT'];
  ctx.template.add(
    'Cluster',
    new Cluster({
      ClusterName: Ref('AWS::StackName'),
      CapacityProviders: providers,
      DefaultCapacityProviderStrategy: [{ CapacityProvider: providers[0] ?? 'FARGATE', Weight: 1 }],
      ...(serviceConnectNamespace ? { ServiceConnectDefaults: { Namespace: serviceConnectNamespace } } : {}),
      Tags: [{ Key: 'compose-x:project', Value: ctx.project.name }],
    }),
  );
  return { cluster: Ref('Cluster'), capacityProviders: [providers[0] ?? 'FARGATE'] };
}
