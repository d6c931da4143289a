import type { AppMeshPlan, MeshNode, MeshProtocol, MeshRoute, MeshRouter, VirtualService } from '../../mesh/app-mesh/plan.js';
import { GetAtt, Ref, Sub, type Value } from '../template/cfn.js';
import {
  AppMeshMeshResource,
  AppMeshRouteResource,
  AppMeshVirtualNodeResource,
  AppMeshVirtualRouterResource,
  AppMeshVirtualServiceResource,
  type AppMeshRouteGrpcRetryPolicy,
  type AppMeshRouteGrpcRouteMatch,
  type AppMeshRouteHttpRetryPolicy,
  type AppMeshRouteHttpTimeout,
  type AppMeshRouteHttpRouteMatch,
  type AppMeshRouteRouteSpec,
  type AppMeshVirtualNodeHealthCheck,
  type EcsServiceServiceRegistry,
} from '../template/cfn-spec-types.js';
import { renderCloudMap, renderPlaceholder } from '../discovery/cloud-map.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { pascalCase } from '../template/logical-ids.js';

/** What the rest of the render needs from the mesh: names, ARNs and registries. */
export interface RenderedMesh {
  /** The mesh name as CloudFormation sees it (GetAtt of the new mesh, or the shared mesh's name). */
  meshName: Value<string>;
  meshOwner?: string;
  /** The App Mesh name of a virtual service (`<name>.<namespace>`). */
  virtualServiceName: (name: string) => Value<string>;
  /** Each node's VirtualNode ARN, by compose service. */
  nodeArns: Record<string, Value<string>>;
  registries: Record<string, EcsServiceServiceRegistry[]>;
}

const HEALTH = { HealthyThreshold: 2, UnhealthyThreshold: 3, TimeoutMillis: 2000, IntervalMillis: 5000 };

/**
 * The mesh of x-appmesh: the Mesh (DROP_ALL unless told otherwise), the Cloud Map
 * namespace the nodes register in, one VirtualNode per node (listener, health check,
 * backends, AWSCloudMap discovery), VirtualRouters and their Routes, VirtualServices, and a
 * placeholder instance for each virtual service name that is not a compose service.
 */
export function renderAppMesh(ctx: RenderContext, plan: AppMeshPlan, network: NetworkPlacement): RenderedMesh {
  const owner = plan.mesh.owner;
  const meshName: Value<string> = owner ? plan.mesh.name : GetAtt('Mesh', 'MeshName');
  if (!owner) {
    ctx.template.add(
      'Mesh',
      new AppMeshMeshResource({
        MeshName: plan.mesh.name,
        Spec: { EgressFilter: { Type: plan.mesh.egress }, ...(plan.mesh.serviceDiscovery ? { ServiceDiscovery: plan.mesh.serviceDiscovery } : {}) },
        ...(plan.mesh.tags ? { Tags: plan.mesh.tags } : {}),
      }),
    );
  }
  const cloudMap = renderCloudMap(
    ctx,
    { namespace: plan.namespace, services: Object.fromEntries(Object.keys(plan.nodes).map((n) => [n, { name: n.toLowerCase() }])) },
    network,
  );
  const namespaceName = namespaceNameOf(ctx, plan);
  const virtualServiceName = (name: string): Value<string> =>
    typeof namespaceName === 'string' ? `${name}.${namespaceName}` : Sub(`${name}.\${CloudMapNamespaceName}`);
  const mesh = { MeshName: meshName, ...(owner ? { MeshOwner: owner } : {}) };

  const nodeArns: Record<string, Value<string>> = {};
  for (const node of Object.values(plan.nodes)) {
    const id = `${ctx.serviceIds.of(node.name)}VirtualNode`;
    ctx.template.owning(node.name, () =>
      ctx.template.add(id, new AppMeshVirtualNodeResource({ ...mesh, VirtualNodeName: node.name, Spec: nodeSpec(node, namespaceName, virtualServiceName) })),
    );
    nodeArns[node.name] = Ref(id);
  }
  for (const router of Object.values(plan.routers)) ctx.template.owning(`mesh:${router.name}`, () => renderRouter(ctx, router, mesh));
  for (const service of Object.values(plan.services)) {
    ctx.template.owning(`mesh:${service.name}`, () => {
      renderVirtualService(ctx, service, mesh, virtualServiceName);
      if (service.placeholder) renderPlaceholder(ctx, `${pascalCase(service.name)}VirtualService`, service.name, cloudMap.namespaceId);
    });
  }
  return { meshName, ...(owner ? { meshOwner: owner } : {}), virtualServiceName, nodeArns, registries: cloudMap.registries };
}

/** The namespace's DNS name: known when compose-x creates it, a parameter otherwise. */
function namespaceNameOf(ctx: RenderContext, plan: AppMeshPlan): Value<string> {
  if (plan.namespace.kind !== 'existing') return plan.namespace.name;
  ctx.template.parameter('CloudMapNamespaceName', {
    Type: 'String',
    Description: `The DNS name of the existing namespace ${plan.namespace.id} (the virtual nodes discover each other in it).`,
  });
  return Ref('CloudMapNamespaceName');
}

function nodeSpec(node: MeshNode, namespaceName: Value<string>, virtualServiceName: (name: string) => Value<string>): object {
  return {
    Listeners: [{ PortMapping: { Port: node.port, Protocol: node.protocol }, HealthCheck: healthCheck(node.protocol, node.port) }],
    ServiceDiscovery: { AWSCloudMap: { NamespaceName: namespaceName, ServiceName: node.name.toLowerCase() } },
    ...(node.backends.length > 0
      ? { Backends: node.backends.map((b) => ({ VirtualService: { VirtualServiceName: virtualServiceName(b) } })) }
      : {}),
  };
}

function healthCheck(protocol: MeshProtocol, port: number): AppMeshVirtualNodeHealthCheck {
  const path = protocol === 'http' || protocol === 'http2' ? { Path: '/' } : {};
  return { Protocol: protocol, Port: port, ...path, ...HEALTH };
}

function renderRouter(ctx: RenderContext, router: MeshRouter, mesh: { MeshName: Value<string>; MeshOwner?: string }): void {
  const id = `${pascalCase(router.name)}VirtualRouter`;
  ctx.template.add(
    id,
    new AppMeshVirtualRouterResource({
      ...mesh,
      VirtualRouterName: router.name,
      Spec: { Listeners: [{ PortMapping: { Port: router.listener.port, Protocol: router.listener.protocol } }] },
    }),
  );
  for (const route of router.routes) {
    ctx.template.add(
      `${pascalCase(router.name)}${pascalCase(route.name)}Route`,
      new AppMeshRouteResource({ ...mesh, VirtualRouterName: GetAtt(id, 'VirtualRouterName'), RouteName: route.name, Spec: routeSpec(ctx, route) }),
    );
  }
}

/** The route's spec under the key of its protocol; weights as given, matches as CloudFormation spells them. */
function routeSpec(ctx: RenderContext, route: MeshRoute): AppMeshRouteRouteSpec {
  const action = {
    WeightedTargets: route.targets.map((t) => ({
      VirtualNode: GetAtt(`${ctx.serviceIds.of(t.node)}VirtualNode`, 'VirtualNodeName'),
      Weight: t.weight,
      ...(t.port !== undefined ? { Port: t.port } : {}),
    })),
  };
  const timeout = route.timeout ? { Timeout: route.timeout as AppMeshRouteHttpTimeout } : {};
  switch (route.protocol) {
    case 'tcp':
      return { TcpRoute: { Action: action, ...(Object.keys(route.match).length > 0 ? { Match: route.match } : {}), ...timeout } };
    case 'grpc':
      return {
        GrpcRoute: {
          Action: action,
          Match: route.match as AppMeshRouteGrpcRouteMatch,
          ...(route.retryPolicy ? { RetryPolicy: route.retryPolicy as unknown as AppMeshRouteGrpcRetryPolicy } : {}),
          ...timeout,
        },
      };
    case 'http2':
    case 'http': {
      const spec = {
        Action: action,
        Match: httpMatch(route.match),
        ...(route.retryPolicy ? { RetryPolicy: route.retryPolicy as unknown as AppMeshRouteHttpRetryPolicy } : {}),
        ...timeout,
      };
      return route.protocol === 'http' ? { HttpRoute: spec } : { Http2Route: spec };
    }
  }
}

/** CloudFormation wants the scheme in lower case; the extension accepts any case. */
function httpMatch(match: Record<string, unknown>): AppMeshRouteHttpRouteMatch {
  const scheme = typeof match['Scheme'] === 'string' ? { Scheme: match['Scheme'].toLowerCase() } : {};
  return { ...match, ...scheme } as AppMeshRouteHttpRouteMatch;
}

function renderVirtualService(
  ctx: RenderContext,
  service: VirtualService,
  mesh: { MeshName: Value<string>; MeshOwner?: string },
  virtualServiceName: (name: string) => Value<string>,
): void {
  const provider =
    service.provider.kind === 'node'
      ? { VirtualNode: { VirtualNodeName: GetAtt(`${ctx.serviceIds.of(service.provider.node)}VirtualNode`, 'VirtualNodeName') } }
      : { VirtualRouter: { VirtualRouterName: GetAtt(`${pascalCase(service.provider.router)}VirtualRouter`, 'VirtualRouterName') } };
  ctx.template.add(
    `${pascalCase(service.name)}VirtualService`,
    new AppMeshVirtualServiceResource({ ...mesh, VirtualServiceName: virtualServiceName(service.name), Spec: { Provider: provider } }),
  );
}
