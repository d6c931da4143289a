import type { CloudMapPlan } from '../mesh/cloud-map.js';
import { GetAtt, Ref, type Value } from './cfn.js';
import { ServiceDiscoveryPrivateDnsNamespaceResource, ServiceDiscoveryServiceResource, type EcsServiceServiceRegistry } from './cfn-spec-types.js';
import type { NetworkPlacement, RenderContext } from './context.js';

/** Seconds a resolver may cache a task's A record. */
const DNS_TTL = 15;

/**
 * Cloud Map DNS discovery: the private DNS namespace in the project's VPC (or an existing
 * one as the `CloudMapNamespaceId` parameter), and per registered service a Cloud Map
 * service of A records (MULTIVALUE) that ECS keeps up to date. Returns each service's
 * ServiceRegistries entry.
 */
export function renderCloudMap(ctx: RenderContext, plan: CloudMapPlan, network: NetworkPlacement): Record<string, EcsServiceServiceRegistry[]> {
  let namespaceId: Value<string>;
  if (plan.namespace.kind === 'existing') {
    ctx.template.parameter('CloudMapNamespaceId', {
      Type: 'String',
      Description: 'The existing private DNS namespace (x-cloudmap.Namespace).',
      Default: plan.namespace.id,
    });
    namespaceId = Ref('CloudMapNamespaceId');
  } else {
    ctx.template.add(
      'CloudMapNamespace',
      new ServiceDiscoveryPrivateDnsNamespaceResource({
        Name: plan.namespace.name,
        Vpc: network.vpcId,
        Description: `DNS names of the services of ${ctx.project.name}.`,
      }),
    );
    namespaceId = GetAtt('CloudMapNamespace', 'Id');
    ctx.template.output('CloudMapNamespaceId', { Description: 'The private DNS namespace of the services.', Value: namespaceId });
  }
  const registries: Record<string, EcsServiceServiceRegistry[]> = {};
  for (const [service, entry] of Object.entries(plan.services)) {
    const id = ctx.template.add(
      `${ctx.serviceIds.of(service)}CloudMapService`,
      new ServiceDiscoveryServiceResource({
        Name: entry.name,
        NamespaceId: namespaceId,
        Description: `A records of the tasks of ${service}.`,
        DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: DNS_TTL }] },
        HealthCheckCustomConfig: { FailureThreshold: 1 },
      }),
    );
    registries[service] = [{ RegistryArn: GetAtt(id, 'Arn') }];
  }
  return registries;
}
