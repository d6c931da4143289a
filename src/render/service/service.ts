import type { Service, UpdateConfig } from '../../parser/model.js';
import { Ref, type Value } from '../template/cfn.js';
import { EcsServiceResource, type EcsServiceServiceConnectConfiguration, type EcsServiceServiceRegistry } from '../template/cfn-spec-types.js';
import type { ClusterPlacement, StrategyItem } from '../cluster/cluster.js';
import { isScheduled } from '../../support/schedule.js';
import type { ServiceLoadBalancing } from '../load-balancer/load-balancer.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { strategyConfiguration } from '../deployment/configuration.js';
import type { DeploymentPlan } from '../deployment/strategy.js';

export interface ServiceInputs {
  taskDefinition: string;
  securityGroups: Value<string>[];
  network: NetworkPlacement;
  cluster: ClusterPlacement;
  /** Resources the service waits for besides the network (the mount targets of its volumes). */
  dependsOn: string[];
  /** Services it is created after besides its depends_on (the Service Connect servers it calls). */
  after: string[];
  serviceConnect?: EcsServiceServiceConnectConfiguration;
  registries?: EcsServiceServiceRegistry[];
  /** The target groups its tasks register in, when a load balancer fronts it. */
  loadBalancing?: ServiceLoadBalancing;
  /** Its own capacity provider strategy (x-fargate), in place of the cluster's. */
  capacityProviderStrategy?: StrategyItem[];
  /** Whether Application Auto Scaling sets its task count (x-autoscaling): then the template leaves DesiredCount out. */
  scales: boolean;
  /** Its x-deployment: the strategy, bake times and alarms. */
  deployment?: DeploymentPlan;
  /** ECS Exec on its tasks (x-exec, exec.ts). */
  enableExecuteCommand?: boolean;
}

/**
 * The ECS service: DesiredCount (left out when the service scales: CloudFormation then creates
 * it with 1 task, Application Auto Scaling brings it into its range, and an update leaves the
 * count as it is, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html#cfn-ecs-service-desiredcount),
 * its deployment (rolling by default, x-deployment's strategy; the circuit breaker on both, as ECS
 * supports for rolling and blue/green deployments:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-failure-detection.html), awsvpc
 * networking, its Service Connect configuration or Cloud Map registry, and its target groups;
 * created after the services of its depends_on and the Service Connect servers it calls.
 */
export function renderService(ctx: RenderContext, name: string, service: Service, inputs: ServiceInputs): string {
  const replicas = service.deploy?.replicas ?? 1;
  const dependsOn = [
    ...inputs.network.dependsOn,
    ...(inputs.network.serviceDependsOn[name] ?? []),
    ...inputs.dependsOn,
    ...(inputs.loadBalancing?.dependsOn ?? []),
    ...[...new Set([...Object.keys(service.depends_on).filter((dep) => dep in ctx.project.services), ...inputs.after])]
      .filter((dep) => !isScheduled(ctx.project, dep))
      .sort()
      .map((dep) => `${ctx.serviceIds.of(dep)}Service`),
  ];
  const strategy = inputs.capacityProviderStrategy ?? inputs.cluster.capacityProviderStrategy;
  const resource = new EcsServiceResource({
    Cluster: inputs.cluster.cluster,
    TaskDefinition: Ref(inputs.taskDefinition),
    ...(inputs.scales ? {} : { DesiredCount: replicas }),
    ...(strategy ? { CapacityProviderStrategy: strategy } : { LaunchType: 'FARGATE' }),
    DeploymentConfiguration: {
      ...deploymentPercents(service.deploy?.update_config, replicas),
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      ...strategyConfiguration(inputs.deployment),
    },
    NetworkConfiguration: {
      AwsvpcConfiguration: {
        AssignPublicIp: inputs.network.assignPublicIp,
        SecurityGroups: inputs.securityGroups,
        Subnets: inputs.network.subnets,
      },
    },
    ...(inputs.serviceConnect ? { ServiceConnectConfiguration: inputs.serviceConnect } : {}),
    ...(inputs.registries ? { ServiceRegistries: inputs.registries } : {}),
    ...(inputs.loadBalancing
      ? { LoadBalancers: inputs.loadBalancing.loadBalancers, HealthCheckGracePeriodSeconds: inputs.loadBalancing.healthCheckGracePeriodSeconds }
      : {}),
    ...(inputs.enableExecuteCommand ? { EnableExecuteCommand: true } : {}),
    PropagateTags: 'SERVICE',
    EnableECSManagedTags: true,
    Tags: ecsServiceTags(ctx.project.name, name),
  });
  return ctx.template.add(`${ctx.serviceIds.of(name)}Service`, dependsOn.length > 0 ? resource.dependsOn(dependsOn) : resource);
}

/**
 * The tags of an ECS service, which its tasks carry too (with PropagateTags SERVICE): the
 * project and the service. Every renderer of an AWS::ECS::Service gives it these.
 */
export function ecsServiceTags(project: string, service: string): { Key: string; Value: string }[] {
  return [
    { Key: 'compose-x:project', Value: project },
    { Key: 'compose-x:service', Value: service },
  ];
}

/**
 * `update_config` as ECS percentages: `start-first` starts `parallelism` new tasks before
 * stopping old ones (minimum 100%), `stop-first` stops them first (maximum 100%);
 * parallelism 0 means all tasks at once. Without update_config, ECS's default rolling
 * update (100%/200%) keeps the service up.
 */
function deploymentPercents(update: UpdateConfig | undefined, replicas: number): { MinimumHealthyPercent: number; MaximumPercent: number } {
  if (!update) return { MinimumHealthyPercent: 100, MaximumPercent: 200 };
  const tasks = Math.max(replicas, 1);
  const step = update.parallelism === 0 ? tasks : Math.min(Math.max(update.parallelism ?? 1, 1), tasks);
  const share = Math.ceil((step / tasks) * 100);
  return update.order === 'start-first'
    ? { MinimumHealthyPercent: 100, MaximumPercent: 100 + share }
    : { MinimumHealthyPercent: Math.max(0, 100 - share), MaximumPercent: 100 };
}
