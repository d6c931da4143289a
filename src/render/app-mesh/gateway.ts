import type { MeshGateway } from '../../mesh/app-mesh/plan.js';
import { GetAtt, LogGroup, Ref, SecurityGroup, Sub, TaskDefinition, type Value } from '../template/cfn.js';
import {
  AppMeshGatewayRouteResource,
  AppMeshVirtualGatewayResource,
  EcsServiceResource,
  Elbv2ListenerResource,
  Elbv2LoadBalancerResource,
  Elbv2TargetGroupResource,
  type AppMeshGatewayRouteGatewayRouteSpec,
  type AppMeshGatewayRouteHttpGatewayRouteMatch,
} from '../template/cfn-spec-types.js';
import type { ClusterPlacement } from '../cluster/cluster.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { ENVOY_BUDGET, envoyContainer, streamAggregatedResources, tracingOf, type RenderedEnvoy } from './envoy.js';
import { fargateSize } from '../service/fargate-size.js';
import { renderRoles } from '../service/iam.js';
import { ecsServiceTags } from '../service/service.js';
import { gatewayId, pascalCase } from '../template/logical-ids.js';
import { logRetention } from '../../support/extensions/log-retention.js';
import type { RenderedMesh } from './mesh.js';

/**
 * How long the load balancer lets a stopping gateway task finish its requests: 30 s instead of
 * the 300 s default, which every deployment would wait for. ECS advises 5 s for services that
 * answer within a second, and more for long-lived requests
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/load-balancer-connection-draining.html);
 * a gateway fronts every service of the mesh, so it keeps a margin.
 */
const DEREGISTRATION_DELAY_SECONDS = 30;
/** How long ECS ignores the load balancer's health checks of a new gateway task: Envoy serves its listener only once it has its configuration from App Mesh. */
const HEALTH_CHECK_GRACE_SECONDS = 60;
/** Memory of a gateway task beside Envoy's CPU budget: the smallest Fargate task. */
const GATEWAY_MEMORY = 512;
const GATEWAYS = ['x-appmesh', 'Settings', 'Gateways'];

export interface GatewayInputs {
  mesh: RenderedMesh;
  envoy: RenderedEnvoy;
  network: NetworkPlacement;
  cluster: ClusterPlacement;
}

/**
 * The front door of the mesh: a VirtualGateway and its GatewayRoutes, an Envoy-only ECS
 * service that stands for it, and a load balancer (network by default) forwarding to the
 * Envoy tasks. Security groups: the world -> load balancer -> gateway; the gateway reaches
 * the services of its routes through the service groups (see security-groups.ts).
 */
export function renderGateway(ctx: RenderContext, gateway: MeshGateway, inputs: GatewayInputs): void {
  const id = gatewayId(gateway.name);
  const t = ctx.template;
  const meshProps = { MeshName: inputs.mesh.meshName, ...(inputs.mesh.meshOwner ? { MeshOwner: inputs.mesh.meshOwner } : {}) };
  const port = gateway.listener.port;

  const virtualGateway = t.add(
    `${id}VirtualGateway`,
    new AppMeshVirtualGatewayResource({
      ...meshProps,
      VirtualGatewayName: gateway.name,
      Spec: {
        Listeners: [
          {
            PortMapping: { Port: port, Protocol: gateway.listener.protocol },
            HealthCheck: { Protocol: gateway.listener.protocol, Port: port, ...(gateway.listener.protocol === 'grpc' ? {} : { Path: '/' }), HealthyThreshold: 2, UnhealthyThreshold: 3, TimeoutMillis: 2000, IntervalMillis: 5000 },
          },
        ],
      },
    }),
  );
  for (const route of gateway.routes) {
    t.add(
      `${id}${pascalCase(route.name)}GatewayRoute`,
      new AppMeshGatewayRouteResource({
        ...meshProps,
        VirtualGatewayName: GetAtt(virtualGateway, 'VirtualGatewayName'),
        GatewayRouteName: route.name,
        Spec: gatewayRouteSpec(gateway.listener.protocol, route.match, GetAtt(`${pascalCase(route.service)}VirtualService`, 'VirtualServiceName')),
      }),
    );
  }

  const logGroup = t.add(
    `${id}GatewayLogGroup`,
    new LogGroup({ LogGroupName: `/compose-x/${ctx.project.name}/gateway-${gateway.name}`, RetentionInDays: logRetention(ctx.project) }),
  );
  const arn = Ref(virtualGateway);
  const tracing = tracingOf(inputs.envoy, logGroup, 'xray');
  const roles = renderRoles(ctx, `${id}Gateway`, `gateway ${gateway.name}`, { logGroupId: logGroup, secretArns: [], ecrRepositories: inputs.envoy.repositories }, [
    streamAggregatedResources(arn),
    ...tracing.taskStatements,
  ]);
  const size = fargateSize({ cpu: ENVOY_BUDGET.cpu + tracing.budget.cpu, memory: GATEWAY_MEMORY + tracing.budget.memory }, [...GATEWAYS, gateway.name]);
  const taskDefinition = t.add(
    `${id}GatewayTaskDefinition`,
    new TaskDefinition({
      Family: `${ctx.project.name}-gateway-${gateway.name}`,
      Cpu: String(size.cpu),
      Memory: String(size.memory),
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      ExecutionRoleArn: GetAtt(roles.executionRole, 'Arn'),
      TaskRoleArn: GetAtt(roles.taskRole, 'Arn'),
      ContainerDefinitions: [
        envoyContainer({ image: inputs.envoy.image, resourceArn: arn, logGroupId: logGroup, environment: inputs.envoy.environment, role: { kind: 'gateway', port } }, 'envoy'),
        ...tracing.sidecars,
      ],
    }),
  );

  const lbGroup = t.add(
    `${id}LoadBalancerSecurityGroup`,
    new SecurityGroup({
      GroupDescription: `Load balancer of the gateway ${gateway.name} of ${ctx.project.name}`,
      VpcId: inputs.network.vpcId,
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: '0.0.0.0/0', Description: `listener ${port}` }],
    }),
  );
  const gatewayGroup = t.add(
    `${id}GatewaySecurityGroup`,
    new SecurityGroup({
      GroupDescription: `Envoy tasks of the gateway ${gateway.name} of ${ctx.project.name}`,
      VpcId: inputs.network.vpcId,
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: port, ToPort: port, SourceSecurityGroupId: GetAtt(lbGroup, 'GroupId'), Description: 'from its load balancer' },
      ],
    }),
  );
  const network = gateway.loadBalancer.type === 'network';
  const balancer = new Elbv2LoadBalancerResource({
    Type: gateway.loadBalancer.type,
    Scheme: gateway.loadBalancer.public ? 'internet-facing' : 'internal',
    Subnets: gateway.loadBalancer.public ? inputs.network.publicSubnets : inputs.network.subnets,
    SecurityGroups: [GetAtt(lbGroup, 'GroupId')],
  });
  const loadBalancer = t.add(`${id}LoadBalancer`, inputs.network.dependsOn.length > 0 ? balancer.dependsOn(inputs.network.dependsOn) : balancer);
  const targetGroup = t.add(
    `${id}TargetGroup`,
    new Elbv2TargetGroupResource({
      TargetType: 'ip',
      VpcId: inputs.network.vpcId,
      Port: port,
      Protocol: network ? 'TCP' : 'HTTP',
      HealthCheckProtocol: network ? 'TCP' : 'HTTP',
      HealthCheckPort: 'traffic-port',
      ...(network ? {} : { HealthCheckPath: '/', Matcher: { HttpCode: '200-499' } }),
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(DEREGISTRATION_DELAY_SECONDS) }],
    }),
  );
  const listener = t.add(
    `${id}Listener`,
    new Elbv2ListenerResource({
      LoadBalancerArn: Ref(loadBalancer),
      Port: port,
      Protocol: network ? 'TCP' : 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: Ref(targetGroup) }],
    }),
  );
  t.add(
    `${id}GatewayService`,
    new EcsServiceResource({
      Cluster: inputs.cluster.cluster,
      TaskDefinition: Ref(taskDefinition),
      DesiredCount: 1,
      ...(inputs.cluster.capacityProviderStrategy ? { CapacityProviderStrategy: inputs.cluster.capacityProviderStrategy } : { LaunchType: 'FARGATE' }),
      DeploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 200, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
      HealthCheckGracePeriodSeconds: HEALTH_CHECK_GRACE_SECONDS,
      LoadBalancers: [{ ContainerName: 'envoy', ContainerPort: port, TargetGroupArn: Ref(targetGroup) }],
      NetworkConfiguration: {
        AwsvpcConfiguration: { AssignPublicIp: inputs.network.assignPublicIp, SecurityGroups: [GetAtt(gatewayGroup, 'GroupId')], Subnets: inputs.network.subnets },
      },
      PropagateTags: 'SERVICE',
      EnableECSManagedTags: true,
      Tags: ecsServiceTags(ctx.project.name, `gateway-${gateway.name}`),
    }).dependsOn([listener]),
  );
  t.output(`${id}GatewayUrl`, {
    Description: `The address of the gateway ${gateway.name}.`,
    Value: Sub(`http://\${${loadBalancer}.DNSName}:${port}`),
  });
}

function gatewayRouteSpec(
  protocol: MeshGateway['listener']['protocol'],
  match: Record<string, unknown>,
  virtualServiceName: Value<string>,
): AppMeshGatewayRouteGatewayRouteSpec {
  const action = { Target: { VirtualService: { VirtualServiceName: virtualServiceName } } };
  if (protocol === 'grpc') return { GrpcRoute: { Action: action, Match: match } };
  const spec = { Action: action, Match: match as AppMeshGatewayRouteHttpGatewayRouteMatch };
  return protocol === 'http' ? { HttpRoute: spec } : { Http2Route: spec };
}
