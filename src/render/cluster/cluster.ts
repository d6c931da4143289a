import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import { Cluster, Ref, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import { renderExecConfiguration, warnExecOnExistingCluster } from '../service/exec.js';
import { clusterSettings, type ClusterSettings } from './imported-cluster.js';

type CapacityProvider = 'FARGATE' | 'FARGATE_SPOT';

/** One provider of a capacity provider strategy, as ECS takes it. */
export interface StrategyItem {
  CapacityProvider: CapacityProvider;
  Weight: number;
  Base?: number;
}

type XCluster = ClusterSettings;

/** Where the services are placed: the cluster reference and the capacity to ask for. */
export interface ClusterPlacement {
  cluster: Value<string>;
  /** The capacity provider strategy of each service; absent means LaunchType FARGATE. */
  capacityProviderStrategy?: StrategyItem[];
}

const DEFAULT_PROVIDERS: CapacityProvider[] = ['FARGATE', 'FARGATE_SPOT'];

/**
 * The ECS cluster: a new one with the Fargate capacity providers (and the Service Connect
 * namespace as its default), or, with `x-cluster.ClusterName`, an existing one given as a
 * parameter. The services run on the first of x-cluster.CapacityProviders (FARGATE by default),
 * or as x-cluster.DefaultCapacityProviderStrategy spreads them, as ECS ComposeX's x-cluster
 * reads it; so Spot only when the user says so. An existing cluster without either: LaunchType FARGATE.
 */
export function renderCluster(ctx: RenderContext, serviceConnectNamespace?: Value<string>): ClusterPlacement {
  const xCluster = clusterSettings(ctx);
  const strategy = strategyOf(ctx, xCluster);
  if (xCluster.existing) {
    ctx.template.parameter('ClusterName', {
      Type: 'String',
      Description: `The existing ECS cluster the services run in (${xCluster.existing.source}).`,
      ...(xCluster.existing.name ? { Default: xCluster.existing.name } : {}),
    });
    warnExecOnExistingCluster(ctx);
    return { cluster: Ref('ClusterName'), ...(strategy ? placedBy(strategy) : {}) };
  }
  const providers = xCluster.CapacityProviders ?? DEFAULT_PROVIDERS;
  const used = strategy ?? [{ CapacityProvider: providers[0] ?? 'FARGATE', Weight: 1 }];
  const exec = renderExecConfiguration(ctx);
  ctx.template.add(
    'Cluster',
    new Cluster({
      ClusterName: xCluster.name ?? Ref('AWS::StackName'),
      CapacityProviders: providers,
      ...(xCluster.ClusterSettings ? { ClusterSettings: xCluster.ClusterSettings } : {}),
      DefaultCapacityProviderStrategy: used,
      ...(serviceConnectNamespace ? { ServiceConnectDefaults: { Namespace: serviceConnectNamespace } } : {}),
      ...(exec ? { Configuration: exec } : {}),
      Tags: [{ Key: 'compose-x:project', Value: ctx.project.name }],
    }),
  );
  return { cluster: Ref('Cluster'), ...placedBy(used) };
}

function placedBy(strategy: StrategyItem[]): Pick<ClusterPlacement, 'capacityProviderStrategy'> {
  return { capacityProviderStrategy: strategy };
}

/**
 * DefaultCapacityProviderStrategy as written (Weight 0 when not given, as ECS reads it), else all
 * on the first of CapacityProviders; undefined when x-cluster names neither. ECS's rules
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html):
 * each provider once and one of the cluster's, a base on one provider at most, a weight above 0
 * on one at least.
 */
function strategyOf(ctx: RenderContext, xCluster: XCluster): StrategyItem[] | undefined {
  const written = xCluster.DefaultCapacityProviderStrategy;
  if (written === undefined) {
    const first = xCluster.CapacityProviders?.[0];
    return first ? [{ CapacityProvider: first, Weight: 1 }] : undefined;
  }
  const at: TreePath = ['x-cluster', 'DefaultCapacityProviderStrategy'];
  const refuse = (path: TreePath, message: string, hint: string): never => {
    throw new ParseError('E_CAPACITY_STRATEGY', message, { path, position: ctx.locate(path), hint });
  };
  const offered = xCluster.CapacityProviders ?? DEFAULT_PROVIDERS;
  written.forEach((item, i) => {
    if (!offered.includes(item.CapacityProvider)) {
      refuse([...at, i, 'CapacityProvider'], `the strategy runs tasks on ${item.CapacityProvider}, which is not among the cluster's capacity providers (${offered.join(', ')}).`, `Add ${item.CapacityProvider} to x-cluster.CapacityProviders, or remove it from the strategy.`);
    }
    if (written.findIndex((other) => other.CapacityProvider === item.CapacityProvider) !== i) {
      refuse([...at, i, 'CapacityProvider'], `the strategy names ${item.CapacityProvider} twice.`, 'Name each capacity provider once.');
    }
  });
  const based = written.flatMap((item, i) => (item.Base !== undefined && item.Base > 0 ? [i] : []));
  if (based.length > 1) {
    refuse([...at, based[1]!, 'Base'], 'the strategy gives a base to two capacity providers; ECS allows a base on one only.', 'Keep Base on the provider that must run the first tasks.');
  }
  if (!written.some((item) => (item.Weight ?? 0) > 0)) {
    refuse(at, 'no capacity provider of the strategy has a weight above 0, so ECS would place no task beyond the base.', 'Give at least one provider a Weight of 1 or more.');
  }
  return written.map((item) => ({ CapacityProvider: item.CapacityProvider, Weight: item.Weight ?? 0, ...(item.Base !== undefined ? { Base: item.Base } : {}) }));
}
