import type { CloudMapPlan } from '../../mesh/cloud-map.js';
import { GetAtt, Ref, type Value } from '../template/cfn.js';
import {
  ServiceDiscoveryInstanceResource,
  ServiceDiscoveryPrivateDnsNamespaceResource,
  ServiceDiscoveryServiceResource,
  type EcsServiceServiceRegistry,
} from '../template/cfn-spec-types.js';
import type { NetworkPlacement, RenderContext } from '../context.js';

/** Seconds a resolver may cache a task's A record. */
const DNS_TTL = 15;
/** A link-local address no task has (RFC 3927): the connection only has to start, Envoy takes it. */
export const PLACEHOLDER_IPV4 = '169.254.255.254';

/**
 * Cloud Map DNS discovery: the private DNS namespace in the project's VPC (or an existing
 * one as the `CloudMapNamespaceId` parameter), and per registered service a Cloud Map
 * service of A records (MULTIVALUE) that ECS keeps up to date. Returns the namespace ID
 * and each service's ServiceRegistries entry.
 */
export function renderCloudMap(
  ctx: RenderContext,
  plan: CloudMapPlan,
  network: NetworkPlacement,
): { namespaceId: Value<string>; registries: Record<string, EcsServiceServiceRegistry[]> } {
  let namespaceId: Value<string>;
  if (plan.namespace.kind !== 'new') {
    const id =
      plan.namespace.kind === 'existing'
        ? plan.namespace.id
        : ctx.lookups.value({ kind: 'namespace', parameter: 'CloudMapNamespaceId', from: 'x-cloudmap.Lookup', name: plan.namespace.name }, ['x-cloudmap']);
    ctx.template.parameter('CloudMapNamespaceId', {
      Type: 'String',
      Description: plan.namespace.kind === 'existing' ? 'The existing private DNS namespace (x-cloudmap.Namespace).' : `The existing private DNS namespace ${plan.namespace.name} (x-cloudmap.Lookup).`,
      ...(id !== undefined ? { Default: id } : {}),
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
    const id = ctx.template.owning(service, () => ctx.template.add(
      `${ctx.serviceIds.of(service)}CloudMapService`,
      new ServiceDiscoveryServiceResource({
        Name: entry.name,
        NamespaceId: namespaceId,
        Description: `A records of the tasks of ${service}.`,
        DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: DNS_TTL }] },
        HealthCheckCustomConfig: { FailureThreshold: 1 },
      }),
    ));
    registries[service] = [{ RegistryArn: GetAtt(id, 'Arn') }];
  }
  return { namespaceId, registries };
}

/**
 * A name that is not a task (an App Mesh virtual service that no compose service stands
 * for): a Cloud Map service with one instance at 169.254.255.254, so that the name
 * resolves and Envoy can intercept the connection.
 */
export function renderPlaceholder(ctx: RenderContext, id: string, name: string, namespaceId: Value<string>): void {
  ctx.template.add(
    `${id}PlaceholderService`,
    new ServiceDiscoveryServiceResource({
      Name: name,
      NamespaceId: namespaceId,
      Description: `Placeholder of the App Mesh virtual service ${name}: Envoy routes its traffic.`,
      DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: DNS_TTL }] },
    }),
  );
  ctx.template.add(
    `${id}PlaceholderInstance`,
    new ServiceDiscoveryInstanceResource({
      ServiceId: GetAtt(`${id}PlaceholderService`, 'Id'),
      InstanceAttributes: { AWS_INSTANCE_IPV4: PLACEHOLDER_IPV4 },
    }),
  );
}
