import type { EcsServiceServiceRegistry } from '../template/cfn-spec-types.js';
import type { Value } from '../template/cfn.js';
import type { RenderedMesh } from '../app-mesh/mesh.js';
import type { ClusterPlacement } from './cluster.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { appMeshProxyConfiguration, ENVOY_BUDGET, envoyContainer, streamAggregatedResources } from '../app-mesh/envoy.js';
import { ecrRepositoryArn, renderRoles } from './iam.js';
import { renderLogGroup } from './logs.js';
import { containerSecrets } from './secrets.js';
import { renderService } from './service.js';
import { serviceConnectConfiguration, SERVICE_CONNECT_PROXY } from '../discovery/service-connect.js';
import { renderTaskDefinition } from './task-definition.js';
import { taskSize } from './task-size.js';
import type { ServiceImage } from '../images/service-image.js';
import { planStorage } from '../../support/storage/plan.js';
import { renderTaskStorage, type StoragePlacement } from '../storage/task-storage.js';
import type { ServiceLoadBalancing } from '../load-balancer/load-balancer.js';

/** What every service's resources refer to: rendered once for the project. */
export interface SharedPlacement {
  network: NetworkPlacement;
  cluster: ClusterPlacement;
  /** Each service's security groups (its own, and those of its networks). */
  securityGroups: Record<string, Value<string>[]>;
  /** The target groups of each service behind a load balancer. */
  loadBalancing: Record<string, ServiceLoadBalancing>;
  /** Cloud Map registries by service (x-cloudmap, App Mesh nodes). */
  registries: Record<string, EcsServiceServiceRegistry[]>;
  /** The data volumes and the project's file system. */
  storage: StoragePlacement;
  /** The Service Connect namespace's ARN, when Service Connect is on. */
  namespace?: Value<string>;
  /** The rendered App Mesh and the Envoy image, when x-appmesh is on. */
  mesh?: RenderedMesh;
  envoy?: Value<string>;
  /** The built image of each service with a build. */
  images: Record<string, ServiceImage>;
}

/**
 * One compose service's own resources: log group, roles, task definition (with the
 * Service Connect proxy budget, or the App Mesh Envoy sidecar), and the ECS service.
 */
export function renderServiceStack(ctx: RenderContext, name: string, shared: SharedPlacement): void {
  const service = ctx.project.services[name]!;
  const appMesh = ctx.plan.appMesh;
  const serviceConnect = ctx.plan.serviceConnect;
  const logGroupId = renderLogGroup(ctx, name);
  const secrets = containerSecrets(ctx, service);
  const built = shared.images[name];
  const ecr = built ? built.repositoryArn : service.image ? ecrRepositoryArn(service.image) : undefined;
  const node = appMesh?.nodes[name];
  const nodeArn = node ? shared.mesh?.nodeArns[name] : undefined;
  const storage = renderTaskStorage(ctx, name, planStorage(ctx.project).plan.services[name]!, shared.storage);
  const roles = renderRoles(
    ctx,
    ctx.serviceIds.of(name),
    name,
    { logGroupId, secretArns: secrets.arns, ecrRepositories: ecr ? [ecr] : [] },
    [...(nodeArn ? [streamAggregatedResources(nodeArn)] : []), ...storage.taskStatements],
  );
  const member = serviceConnect?.members[name];
  const taskDefinition = renderTaskDefinition(ctx, name, service, {
    image: built ? built.image : (service.image ?? ''),
    listeners: (ctx.graph.listeners[name] ?? []).map((l) => {
      const server = member?.servers.find((s) => s.port === l.port && l.protocol === 'tcp');
      return server ? { ...l, name: server.portName, ...(server.appProtocol ? { appProtocol: server.appProtocol } : {}) } : l;
    }),
    logGroupId,
    ...roles,
    size: taskSize(name, service, member ? SERVICE_CONNECT_PROXY : node ? ENVOY_BUDGET : undefined),
    secrets: secrets.secrets,
    storage,
    ...(node && nodeArn && shared.envoy && appMesh
      ? {
          sidecars: [envoyContainer({ image: shared.envoy, resourceArn: nodeArn, logGroupId, environment: appMesh.envoy.environment }, `${name}-envoy`)],
          proxyConfiguration: appMeshProxyConfiguration([node.port]),
        }
      : {}),
  });
  const connect = serviceConnect && shared.namespace ? serviceConnectConfiguration(serviceConnect, name, shared.namespace, logGroupId) : undefined;
  renderService(ctx, name, service, {
    taskDefinition,
    securityGroups: shared.securityGroups[name] ?? [],
    network: shared.network,
    cluster: shared.cluster,
    dependsOn: storage.dependsOn,
    ...(connect ? { serviceConnect: connect } : {}),
    ...(shared.registries[name] ? { registries: shared.registries[name] } : {}),
    ...(shared.loadBalancing[name] ? { loadBalancing: shared.loadBalancing[name] } : {}),
  });
}
