import type { EcsServiceServiceRegistry } from '../template/cfn-spec-types.js';
import type { Value } from '../template/cfn.js';
import type { RenderedMesh } from '../app-mesh/mesh.js';
import type { ClusterPlacement } from './cluster.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { nodeSidecars, type RenderedEnvoy } from '../app-mesh/envoy.js';
import { ecrPullRepositories, renderRoles } from './iam.js';
import { renderLogGroup } from './logs.js';
import { portMappingNames } from './port-names.js';
import { containerSecrets } from './secrets.js';
import { renderService } from './service.js';
import { serviceConnectConfiguration, SERVICE_CONNECT_PROXY } from '../discovery/service-connect.js';
import { renderTaskDefinition } from './task-definition.js';
import { taskSize } from './task-size.js';
import { addBudgets, xraySidecar } from './xray-sidecar.js';
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
  /** The services each service is created after besides its depends_on: the Service Connect servers it calls. */
  after: Record<string, string[]>;
  /** The Service Connect namespace's ARN, when Service Connect is on. */
  namespace?: Value<string>;
  /** The rendered App Mesh and the Envoy image, when x-appmesh is on. */
  mesh?: RenderedMesh;
  envoy?: RenderedEnvoy;
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
  const pullCredentials = service.extensions['x-aws-pull_credentials'];
  const built = shared.images[name];
  const node = appMesh?.nodes[name];
  const nodeArn = node ? shared.mesh?.nodeArns[name] : undefined;
  const mesh = node && nodeArn && shared.envoy ? nodeSidecars(shared.envoy, { resourceArn: nodeArn, port: node.port, logGroupId, streamPrefix: name }) : undefined;
  const xray = xraySidecar(ctx, name, logGroupId, mesh?.sidecars ?? []);
  const storage = renderTaskStorage(ctx, name, planStorage(ctx.project).plan.services[name]!, shared.storage);
  const roles = renderRoles(
    ctx,
    ctx.serviceIds.of(name),
    name,
    {
      logGroupId,
      secretArns: typeof pullCredentials === 'string' ? [...secrets.arns, pullCredentials] : secrets.arns,
      kmsKeys: secrets.kmsKeys,
      ecrRepositories: [
        ...(built ? [built.repositoryArn] : []),
        ...ecrPullRepositories([built ? undefined : service.image]),
        ...(mesh?.ecrRepositories ?? []),
      ],
    },
    [...(mesh?.taskStatements ?? []), ...(xray?.taskStatements ?? []), ...storage.taskStatements],
  );
  const member = serviceConnect?.members[name];
  const listeners = portMappingNames(
    ctx,
    name,
    (ctx.graph.listeners[name] ?? []).map((l) => {
      const server = member?.servers.find((s) => s.port === l.port && l.protocol === 'tcp');
      return server ? { ...l, name: server.portName, ...(server.appProtocol ? { appProtocol: server.appProtocol } : {}) } : l;
    }),
  );
  const taskDefinition = renderTaskDefinition(ctx, name, service, {
    image: built ? built.image : (service.image ?? ''),
    listeners,
    logGroupId,
    ...roles,
    ...taskSize(name, service, addBudgets(member ? SERVICE_CONNECT_PROXY : mesh?.budget, xray?.budget)),
    secrets: secrets.secrets,
    storage,
    ...(mesh || xray ? { sidecars: [...(mesh?.sidecars ?? []), ...(xray?.sidecars ?? [])] } : {}),
    ...(mesh ? { proxyConfiguration: mesh.proxyConfiguration } : {}),
  });
  const portNames = new Map(listeners.flatMap((l) => (l.name !== undefined && l.protocol === 'tcp' ? [[l.port, l.name] as const] : [])));
  const connect = serviceConnect && shared.namespace ? serviceConnectConfiguration(serviceConnect, name, shared.namespace, logGroupId, portNames) : undefined;
  renderService(ctx, name, service, {
    taskDefinition,
    securityGroups: shared.securityGroups[name] ?? [],
    network: shared.network,
    cluster: shared.cluster,
    dependsOn: storage.dependsOn,
    after: shared.after[name] ?? [],
    ...(connect ? { serviceConnect: connect } : {}),
    ...(shared.registries[name] ? { registries: shared.registries[name] } : {}),
    ...(shared.loadBalancing[name] ? { loadBalancing: shared.loadBalancing[name] } : {}),
  });
}
