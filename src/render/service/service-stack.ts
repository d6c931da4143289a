import type { EcsServiceServiceRegistry } from '../template/cfn-spec-types.js';
import type { Value } from '../template/cfn.js';
import type { RenderedMesh } from '../app-mesh/mesh.js';
import type { ClusterPlacement } from '../cluster/cluster.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { nodeSidecars, type RenderedEnvoy } from '../app-mesh/envoy.js';
import { ecrPullRepositories, renderRoles } from './iam.js';
import { execOf, execTaskStatements } from './exec.js';
import { renderLogGroup } from './logs.js';
import { taskRolePolicies } from './task-role-policies.js';
import { familyTask, mergedPolicies } from './family-containers.js';
import { portMappingNames } from './port-names.js';
import { containerSecrets } from './secrets.js';
import { renderService } from './service.js';
import { serviceConnectConfiguration, SERVICE_CONNECT_PROXY } from '../discovery/service-connect.js';
import { renderTaskDefinition } from './task-definition.js';
import { taskSize } from './task-size.js';
import { serviceCapacity } from './capacity.js';
import { renderScaling, scalingPlanOf } from '../scaling/scaling.js';
import { addBudgets, xraySidecar } from './xray-sidecar.js';
import type { ServiceImage } from '../images/service-image.js';
import { planStorage } from '../../support/storage/plan.js';
import { renderTaskStorage, type StoragePlacement } from '../storage/task-storage.js';
import type { ServiceLoadBalancing } from '../load-balancer/load-balancer.js';
import { withTestTraffic } from '../deployment/configuration.js';
import type { DeploymentPlan } from '../deployment/strategy.js';
import { renderSchedule } from '../schedule/schedule.js';
import { scheduleOf } from '../../support/schedule.js';

/** What every service's resources refer to: rendered once for the project. */
export interface SharedPlacement {
  network: NetworkPlacement;
  cluster: ClusterPlacement;
  /** Each service's security groups (its own, and those of its networks). */
  securityGroups: Record<string, Value<string>[]>;
  /** The target groups of each service behind a load balancer. */
  loadBalancing: Record<string, ServiceLoadBalancing>;
  /** The deployment plan of each service with x-deployment (the others roll). */
  deployments: Record<string, DeploymentPlan>;
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
 * Service Connect proxy budget, or the App Mesh Envoy sidecar), the ECS service, and its scaling. The
 * other services of its ECS ComposeX family (ecs.task.family) are containers of its task.
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
  const exec = execOf(service);
  const execStatements = exec ? execTaskStatements(exec, logGroupId, ctx.template.parameters.has('ClusterName')) : [];
  const xray = xraySidecar(ctx, name, logGroupId, mesh?.sidecars ?? []);
  const storage = renderTaskStorage(ctx, name, planStorage(ctx.project).plan.services[name]!, shared.storage);
  const family = ctx.plan.families?.[name];
  const members = family?.members ?? [];
  const ownPolicies = taskRolePolicies(name, service, ctx.serviceIds.of(name), ctx.locate);
  const policies = family
    ? mergedPolicies(
        [{ name, service }, ...members].map((m) => ({ name: m.name, policies: m.name === name ? ownPolicies : taskRolePolicies(m.name, m.service, m.name, ctx.locate) })),
        ctx.locate,
      )
    : ownPolicies;
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
        ...ecrPullRepositories(members.map((m) => m.service.image)),
      ],
    },
    [...(mesh?.taskStatements ?? []), ...(xray?.taskStatements ?? []), ...storage.taskStatements, ...execStatements],
    policies,
  );
  const capacity = serviceCapacity(ctx, name, shared.cluster);
  const scaling = scalingPlanOf(ctx, name);
  const member = serviceConnect?.members[name];
  const listeners = portMappingNames(
    ctx,
    name,
    (ctx.graph.listeners[name] ?? []).map((l) => {
      const server = member?.servers.find((s) => s.port === l.port && l.protocol === 'tcp');
      return server ? { ...l, name: server.portName, ...(server.appProtocol ? { appProtocol: server.appProtocol } : {}) } : l;
    }),
  );
  const task = family ? familyTask(name, service, listeners, family) : undefined;
  const taskDefinition = renderTaskDefinition(ctx, name, service, {
    image: built ? built.image : (service.image ?? ''),
    listeners: task ? task.listeners : listeners,
    logGroupId,
    ...roles,
    ...taskSize(name, task ? task.sized : service, addBudgets(member ? SERVICE_CONNECT_PROXY : mesh?.budget, xray?.budget)),
    ...(task ? { members: task.members, memberWaits: task.waits } : {}),
    secrets: secrets.secrets,
    storage,
    ...(exec ? { initProcess: true } : {}),
    ...(mesh || xray ? { sidecars: [...(mesh?.sidecars ?? []), ...(xray?.sidecars ?? [])] } : {}),
    ...(mesh ? { proxyConfiguration: mesh.proxyConfiguration } : {}),
    ...(capacity.ephemeralStorage !== undefined ? { ephemeralStorage: capacity.ephemeralStorage } : {}),
  });
  const portNames = new Map(listeners.flatMap((l) => (l.name !== undefined && l.protocol === 'tcp' ? [[l.port, l.name] as const] : [])));
  const connect = serviceConnect && shared.namespace ? serviceConnectConfiguration(serviceConnect, name, shared.namespace, logGroupId, portNames) : undefined;
  const schedule = scheduleOf(service);
  if (schedule) {
    renderSchedule(
      ctx,
      name,
      schedule,
      {
        loadBalanced: name in shared.loadBalancing,
        discovered: name in shared.registries,
      },
      { taskDefinition, ...roles, securityGroups: shared.securityGroups[name] ?? [], network: shared.network, cluster: shared.cluster, enableExecuteCommand: exec !== undefined },
    );
    return;
  }
  const serviceId = renderService(ctx, name, service, {
    taskDefinition,
    securityGroups: shared.securityGroups[name] ?? [],
    network: shared.network,
    cluster: shared.cluster,
    dependsOn: storage.dependsOn,
    after: shared.after[name] ?? [],
    ...(exec ? { enableExecuteCommand: true } : {}),
    ...(connect ? { serviceConnect: withTestTraffic(connect, shared.deployments[name]) } : {}),
    ...(shared.deployments[name] ? { deployment: shared.deployments[name] } : {}),
    ...(shared.registries[name] ? { registries: shared.registries[name] } : {}),
    ...(shared.loadBalancing[name] ? { loadBalancing: shared.loadBalancing[name] } : {}),
    ...(capacity.strategy ? { capacityProviderStrategy: capacity.strategy } : {}),
    scales: scaling !== undefined,
  });
  if (scaling) renderScaling(ctx, name, scaling, shared.cluster.cluster, serviceId);
}
