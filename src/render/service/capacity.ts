/**
 * The Fargate capacity of one service and its tasks' ephemeral storage: x-fargate
 * (schemas/x-fargate.json), or ECS ComposeX's x-ecs mapped onto it. Without either, a
 * service runs as the cluster places it (x-cluster, on-demand by default): never on Spot
 * unless the user says so.
 */
import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { RenderContext } from '../context.js';
import type { ClusterPlacement, StrategyItem } from '../cluster/cluster.js';

type Share = { Weight?: number; Base?: number };

interface XFargate {
  Capacity?: 'on-demand' | 'spot' | { 'on-demand'?: Share; spot?: Share };
  EphemeralStorage?: number;
}

interface XEcs {
  CapacityProviderStrategy?: ({ CapacityProvider: StrategyItem['CapacityProvider'] } & Share)[];
  EphemeralStorage?: number;
}

export interface ServiceCapacity {
  /** The service's own capacity provider strategy, when it states one. */
  strategy?: StrategyItem[];
  /** GiB, when above Fargate's 20. */
  ephemeralStorage?: number;
}

const PROVIDERS = { 'on-demand': 'FARGATE', spot: 'FARGATE_SPOT' } as const;
const DEFAULT_PROVIDERS: StrategyItem['CapacityProvider'][] = ['FARGATE', 'FARGATE_SPOT'];
/** The x-ecs keys compose-x reads (EnableExecuteCommand is read as x-exec, in exec.ts). */
const ECS_KEYS = new Set(['CapacityProviderStrategy', 'EphemeralStorage', 'EnableExecuteCommand']);

/** The capacity `name` states, checked against its cluster and its platform. */
export function serviceCapacity(ctx: RenderContext, name: string, cluster: ClusterPlacement): ServiceCapacity {
  const service = ctx.project.services[name]!;
  const at: TreePath = ['services', name];
  const refuse = (path: TreePath, code: string, message: string, hint: string): never => {
    throw new ParseError(code, message, { path, position: ctx.locate(path), hint });
  };
  const fargate = service.extensions['x-fargate'];
  const ecs = service.extensions['x-ecs'];
  if (fargate !== undefined && ecs !== undefined) refuse([...at, 'x-ecs'], 'E_CAPACITY_FORMS', `${name} sets its capacity in both x-fargate and x-ecs.`, 'Keep x-fargate, the form compose-x reads natively.');
  const read = isMapping(ecs) ? fromEcs(ctx, [...at, 'x-ecs'], ecs as XEcs) : fromFargate([...at, 'x-fargate'], isMapping(fargate) ? (fargate as XFargate) : {});
  if (read.strategy) checkStrategy(ctx, name, read.strategy, read.strategyPath, refuse);
  const used = read.strategy ?? cluster.capacityProviderStrategy ?? [];
  const spot = used.some((item) => item.CapacityProvider === 'FARGATE_SPOT' && (item.Weight > 0 || (item.Base ?? 0) > 0));
  if (spot && (service.platform === 'linux/arm64' || service.platform === 'linux/arm64/v8')) {
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
    refuse(read.strategy ? read.strategyPath : [...at, 'platform'], 'E_CAPACITY_SPOT_ARM', `${name} runs on linux/arm64 and on Fargate Spot, which runs only X86_64 tasks.`, read.strategy ? 'Run it on-demand, or on linux/amd64.' : "Give it x-fargate.Capacity: on-demand, or keep Spot out of x-cluster's strategy.");
  }
  return { ...(read.strategy ? { strategy: read.strategy } : {}), ...(read.ephemeralStorage !== undefined ? { ephemeralStorage: read.ephemeralStorage } : {}) };
}

interface Read {
  strategy?: StrategyItem[];
  strategyPath: TreePath;
  ephemeralStorage?: number;
}

function fromFargate(at: TreePath, x: XFargate): Read {
  const capacity = x.Capacity;
  const strategy: StrategyItem[] | undefined =
    capacity === undefined
      ? undefined
      : typeof capacity === 'string'
        ? [{ CapacityProvider: PROVIDERS[capacity], Weight: 1 }]
        : (['on-demand', 'spot'] as const).flatMap((kind) => {
            const share = capacity[kind];
            return share ? [{ CapacityProvider: PROVIDERS[kind], Weight: share.Weight ?? 0, ...(share.Base !== undefined ? { Base: share.Base } : {}) }] : [];
          });
  return { ...(strategy ? { strategy } : {}), strategyPath: [...at, 'Capacity'], ...(x.EphemeralStorage !== undefined ? { ephemeralStorage: x.EphemeralStorage } : {}) };
}

function fromEcs(ctx: RenderContext, at: TreePath, x: XEcs): Read {
  for (const key of Object.keys(x).filter((k) => !ECS_KEYS.has(k))) {
    const path = [...at, key];
    ctx.warn({ code: 'W_COMPOSEX_NOT_CARRIED', message: `compose-x does not carry ${key} of x-ecs: x-fargate has no such field.`, path, position: ctx.locate(path) });
  }
  const strategy = x.CapacityProviderStrategy?.map((item) => ({ CapacityProvider: item.CapacityProvider, Weight: item.Weight ?? 0, ...(item.Base !== undefined ? { Base: item.Base } : {}) }));
  return { ...(strategy ? { strategy } : {}), strategyPath: [...at, 'CapacityProviderStrategy'], ...(x.EphemeralStorage !== undefined ? { ephemeralStorage: x.EphemeralStorage } : {}) };
}

type Refuse = (path: TreePath, code: string, message: string, hint: string) => never;

/**
 * ECS's rules of a strategy (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html):
 * each provider once and one the cluster has, a base on one provider at most, a weight above 0 on one at least.
 * A new cluster has x-cluster.CapacityProviders (both by default); an existing one, those x-cluster names, if any.
 */
function checkStrategy(ctx: RenderContext, name: string, strategy: StrategyItem[], path: TreePath, refuse: Refuse): void {
  const xCluster = ctx.project.extensions['x-cluster'];
  const written = isMapping(xCluster) ? xCluster : {};
  const offered = Array.isArray(written['CapacityProviders']) ? (written['CapacityProviders'] as string[]) : typeof written['ClusterName'] === 'string' ? undefined : DEFAULT_PROVIDERS;
  for (const item of strategy) {
    if (offered && !offered.includes(item.CapacityProvider)) {
      refuse(path, 'E_CAPACITY_STRATEGY', `${name} runs tasks on ${item.CapacityProvider}, which is not among the cluster's capacity providers (${offered.join(', ')}).`, `Add ${item.CapacityProvider} to x-cluster.CapacityProviders, or run ${name} on the others.`);
    }
  }
  const providers = strategy.map((item) => item.CapacityProvider);
  if (new Set(providers).size !== providers.length) refuse(path, 'E_CAPACITY_STRATEGY', `${name}'s strategy names a capacity provider twice.`, 'Name each capacity provider once.');
  if (strategy.filter((item) => (item.Base ?? 0) > 0).length > 1) refuse(path, 'E_CAPACITY_STRATEGY', `${name}'s strategy gives a base to both capacity providers; ECS allows a base on one only.`, 'Keep Base on the provider that must run the first tasks.');
  if (!strategy.some((item) => item.Weight > 0)) refuse(path, 'E_CAPACITY_STRATEGY', `no capacity provider of ${name}'s strategy has a weight above 0, so ECS would place no task beyond the base.`, 'Give at least one provider a Weight of 1 or more.');
}
