import get from 'lodash/get.js';
import sortBy from 'lodash/sortBy.js';
import type { Position, TreePath, Warning } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import { planEnvoy } from './envoy.js';
import {
  SETTINGS,
  listed,
  meshError,
  protocolOf,
  type Egress,
  type Locate,
  type XAppMesh,
  type XNode,
  type XService,
  type XSettings,
} from './extension.js';
import type { AppMeshPlan, MeshNode, MeshProtocol, VirtualService } from './plan.js';
import { planReach, warnUnused, type MeshParts } from './reach.js';
import { planGateways, planRouters } from './routes.js';
import { warnBareNames, warnUnbackedTalk } from './talk.js';
import { dnsNamespaceOf } from '../cloud-map.js';
import type { ServiceGraph } from '../graph.js';

/** Where each mesh setting may be written (ComposeX `Properties`, CloudFormation Spec, short form), first found wins. */
const MESH_FIELDS = {
  name: [['Properties', 'MeshName'], ['MeshName']],
  owner: [['Properties', 'MeshOwner'], ['MeshOwner']],
  egress: [['Properties', 'Spec', 'EgressFilter', 'Type'], ['Properties', 'EgressPolicy'], ['EgressPolicy']],
} as const;

/** The lists of Settings whose names must be unique, and what an item of each is called. */
const NAMED_LISTS = { Nodes: 'node', Routers: 'router', Services: 'virtual service', Gateways: 'gateway' } as const;

const APP_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2', 'grpc']);

/**
 * Resolves x-appmesh (ECS ComposeX syntax plus gateways) into a plan: the mesh (default
 * name the project's, egress DROP_ALL), the Cloud Map namespace, nodes, routers, virtual
 * services, gateways, Envoy settings and who may reach whom. Names that point nowhere,
 * mixed router protocols, bad weights and ports are errors (the first one is thrown);
 * traffic DROP_ALL would block, bare names that do not resolve and parts nothing uses are warnings. Undefined without
 * x-appmesh.
 */
export function planAppMesh(
  project: Project,
  graph: ServiceGraph,
  locate: (path: TreePath) => Position | undefined,
  warn: (w: Warning) => void,
): AppMeshPlan | undefined {
  const extension = project.extensions['x-appmesh'];
  if (!isMapping(extension)) return undefined;
  const x = extension as XAppMesh;
  const settings = x.Settings ?? {};
  checkNames(settings, project, locate);
  const nodes = byName(planNodes(settings.Nodes ?? [], project, graph, locate));
  const routers = byName(planRouters(settings.Routers ?? [], nodes, locate));
  const services = byName(planServices(settings.Services ?? [], project, nodes, routers, locate));
  checkBackends(settings.Nodes ?? [], services, locate);
  const gateways = byName(planGateways(settings.Gateways ?? [], services, locate));
  const parts: MeshParts = { nodes, routers, services, gateways };
  const mesh = meshOf(x, project.name, locate);
  const envoy = planEnvoy(x.Envoy, locate);
  const namespace = dnsNamespaceOf(project, meshNamespaceKey(settings.Services ?? [], project, locate, warn));
  warnUnused(parts, settings, graph, locate, warn);
  if (mesh.egress === 'DROP_ALL') warnUnbackedTalk(parts, project, namespace, locate, warn);
  warnBareNames(parts, project, namespace, locate, warn);
  return { mesh, namespace, ...parts, envoy, reach: planReach(parts) };
}

function meshOf(x: XAppMesh, project: string, locate: Locate): AppMeshPlan['mesh'] {
  const owner = setting<string>(x, 'owner', locate);
  const serviceDiscovery = x.Properties?.Spec?.ServiceDiscovery;
  const tags = x.Properties?.Tags;
  return {
    name: setting<string>(x, 'name', locate) ?? project,
    ...(owner !== undefined ? { owner } : {}),
    egress: setting<Egress>(x, 'egress', locate) ?? 'DROP_ALL',
    ...(serviceDiscovery ? { serviceDiscovery } : {}),
    ...(tags ? { tags } : {}),
  };
}

/** A mesh setting from the first place it is written; written twice with two values is an error. */
function setting<T>(x: XAppMesh, field: keyof typeof MESH_FIELDS, locate: Locate): T | undefined {
  const written = MESH_FIELDS[field].map((at) => ({ at, value: get(x, at) as T | undefined })).filter((w) => w.value !== undefined);
  const [first] = written;
  const other = written.find((w) => w.value !== first?.value);
  if (first && other) {
    const path = ['x-appmesh', ...other.at];
    throw meshError(
      'E_MESH_SETTING_CONFLICT',
      `the mesh ${field} is ${String(first.value)} at x-appmesh.${first.at.join('.')} but ${String(other.value)} here.`,
      path,
      'Write it once, or give both places the same value.',
      locate,
    );
  }
  return first?.value;
}

/** Names are unique in each list; a gateway, which runs as an ECS service of its own, is not named like a compose service. */
function checkNames(settings: XSettings, project: Project, locate: Locate): void {
  for (const [list, what] of Object.entries(NAMED_LISTS) as [keyof XSettings, string][]) {
    const seen = new Set<string>();
    (settings[list] ?? []).forEach((item, i) => {
      const path = [...SETTINGS, list, i, 'Name'];
      if (seen.has(item.Name)) {
        throw meshError('E_MESH_DUPLICATE', `two ${what}s are named ${item.Name}.`, path, `Rename one of them: ${what} names are unique.`, locate);
      }
      if (list === 'Gateways' && project.services[item.Name]) {
        throw meshError(
          'E_MESH_DUPLICATE',
          `gateway ${item.Name} has the name of a compose service.`,
          path,
          'Rename the gateway: it runs as an ECS service of its own, beside those of the compose services.',
          locate,
        );
      }
      seen.add(item.Name);
    });
  }
}

/** Each node: a compose service, its listener port (default the first target port) and protocol. */
function planNodes(nodes: readonly XNode[], project: Project, graph: ServiceGraph, locate: Locate): MeshNode[] {
  return nodes.map((node, i) => {
    const at = [...SETTINGS, 'Nodes', i];
    if (!project.services[node.Name]) {
      throw meshError(
        'E_MESH_NODE_UNKNOWN',
        `node ${node.Name} is not a compose service.`,
        [...at, 'Name'],
        `Name one of the services (${listed(Object.keys(project.services).sort())}); a name that is not a service belongs under Settings.Services.`,
        locate,
      );
    }
    const listeners = (graph.listeners[node.Name] ?? []).filter((l) => l.protocol === 'tcp');
    const listener = node.Port === undefined ? listeners[0] : listeners.find((l) => l.port === node.Port);
    if (!listener) {
      const wanted = node.Port === undefined ? 'any TCP port' : `port ${node.Port}`;
      throw meshError(
        'E_MESH_PORT',
        `service ${node.Name} does not expose ${wanted}, so node ${node.Name} has no listener.`,
        node.Port === undefined ? at : [...at, 'Port'],
        `Use one of its target ports (${listed(listeners.map((l) => String(l.port)))}), or add the port under ports: or expose:.`,
        locate,
      );
    }
    const appProtocol = listener.appProtocol?.toLowerCase() ?? '';
    const fallback: MeshProtocol = APP_PROTOCOLS.has(appProtocol) ? (appProtocol as MeshProtocol) : 'tcp';
    const protocol = node.Protocol !== undefined ? protocolOf(node.Protocol) : fallback;
    return { name: node.Name, protocol, port: listener.port, backends: [...(node.Backends ?? [])].sort() };
  });
}

/** Each virtual service: exactly one provider, a node or a router of the mesh. */
function planServices(
  services: readonly XService[],
  project: Project,
  nodes: Record<string, MeshNode>,
  routers: Record<string, unknown>,
  locate: Locate,
): VirtualService[] {
  return services.map((service, i) => {
    const at = [...SETTINGS, 'Services', i];
    if ((service.Node === undefined) === (service.Router === undefined)) {
      throw meshError(
        'E_MESH_SERVICE_PROVIDER',
        `virtual service ${service.Name} needs one provider, a Node or a Router${service.Node !== undefined ? ', not both' : ''}.`,
        at,
        'Give it either Node: <a node> or Router: <a router>.',
        locate,
      );
    }
    const [key, name, known] = service.Node !== undefined ? (['Node', service.Node, nodes] as const) : (['Router', service.Router ?? '', routers] as const);
    if (known[name] === undefined) {
      throw meshError(
        'E_MESH_PROVIDER_UNKNOWN',
        `virtual service ${service.Name} is provided by ${key.toLowerCase()} ${name}, which the mesh does not declare.`,
        [...at, key],
        `Use one of the ${key.toLowerCase()}s (${listed(Object.keys(known))}), or declare ${name} under Settings.${key}s.`,
        locate,
      );
    }
    const provider = service.Node !== undefined ? { kind: 'node' as const, node: name } : { kind: 'router' as const, router: name };
    return { name: service.Name, provider, placeholder: project.services[service.Name] === undefined };
  });
}

/** Every backend of a node is a virtual service. */
function checkBackends(nodes: readonly XNode[], services: Record<string, VirtualService>, locate: Locate): void {
  nodes.forEach((node, i) =>
    (node.Backends ?? []).forEach((backend, j) => {
      if (services[backend]) return;
      throw meshError(
        'E_MESH_BACKEND_UNKNOWN',
        `backend ${backend} of node ${node.Name} is not a virtual service.`,
        [...SETTINGS, 'Nodes', i, 'Backends', j],
        `Use one of the virtual services (${listed(Object.keys(services))}), or declare ${backend} under Settings.Services (with its Node or Router).`,
        locate,
      );
    }),
  );
}

/** A record by name, in name order. */
function byName<T extends { name: string }>(items: readonly T[]): Record<string, T> {
  return Object.fromEntries(sortBy(items, (item) => item.name).map((item) => [item.name, item]));
}

/**
 * ECS ComposeX's Settings.Services[].x-cloudmap: the namespace (a key of the top-level
 * x-cloudmap) the virtual services are registered in. compose-x's mesh has one namespace, the
 * first one named; a service that names another is registered there too, with a warning.
 */
function meshNamespaceKey(services: readonly XService[], project: Project, locate: Locate, warn: (w: Warning) => void): string | undefined {
  const top = project.extensions['x-cloudmap'];
  let chosen: string | undefined;
  services.forEach((service, i) => {
    const key = service['x-cloudmap'];
    if (key === undefined) return;
    const at = [...SETTINGS, 'Services', i, 'x-cloudmap'];
    if (!isMapping(top) || !isMapping(top[key])) {
      throw meshError('E_MESH_CLOUDMAP_UNKNOWN', `virtual service ${service.Name} is registered in the namespace ${key}, which the top-level x-cloudmap does not declare.`, at, `Declare it: x-cloudmap: {${key}: {ZoneName: <its DNS name>}}.`, locate);
    }
    chosen ??= key;
    if (key !== chosen) {
      warn({ code: 'W_COMPOSEX_EXTENSION', message: `compose-x does not carry the namespace ${key} of virtual service ${service.Name}: the mesh has one namespace, ${chosen}, which it is registered in.`, path: at, position: locate(at) });
    }
  });
  return chosen;
}
