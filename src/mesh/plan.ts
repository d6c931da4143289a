import { ParseError, type Position, type TreePath, type Warning } from '../parser/diagnostics.js';
import { withAppMesh } from './app-mesh/graph.js';
import { planAppMesh } from './app-mesh/app-mesh.js';
import type { Project } from '../parser/model.js';
import type { AppMeshPlan } from './app-mesh/plan.js';
import { planCloudMap, type CloudMapPlan } from './cloud-map.js';
import { inferCalleePorts } from './callee-ports.js';
import { buildServiceGraph, type ServiceGraph } from './graph.js';
import { withIngress } from './ingress/graph.js';
import { withNetworkIngress } from './composex/network-ingress.js';
import { planIngress, type IngressPlan } from './ingress/plan.js';
import { planServiceConnect, withServiceConnect, type ServiceConnectPlan } from './service-connect.js';
import type { Family } from './family.js';

/** What the mesh stage hands to the renderer: the service graph, each discovery plan and the load balancers. */
export interface MeshPlan {
  graph: ServiceGraph;
  /** The published ports behind load balancers (absent when none is). */
  ingress?: IngressPlan;
  serviceConnect?: ServiceConnectPlan;
  cloudMap?: CloudMapPlan;
  appMesh?: AppMeshPlan;
  /** The other containers of each task that runs an ECS ComposeX family (ecs.task.family), by its service (src/mesh/family.ts). */
  families?: Record<string, Family>;
}

/** The service graph of a project, with Service Connect, Cloud Map, App Mesh and the load balancers resolved into plans. */
export function planMesh(
  project: Project,
  locate: (path: TreePath) => Position | undefined = () => undefined,
  warn: (warning: Warning) => void = () => undefined,
): MeshPlan {
  const base = buildServiceGraph(project, inferCalleePorts(project, locate, warn));
  const serviceConnect = planServiceConnect(project, base, locate);
  const cloudMap = planCloudMap(project, base, locate, warn);
  const appMesh = planAppMesh(project, base, locate, warn);
  const ingress = planIngress(project, base, locate, warn);
  if (serviceConnect?.namespace.kind === 'new' && cloudMap?.namespace.kind === 'new' && serviceConnect.namespace.name === cloudMap.namespace.name) {
    throw new ParseError('E_NAMESPACE_CLASH', `Service Connect and x-cloudmap both want to create the namespace "${cloudMap.namespace.name}".`, {
      path: ['x-cloudmap'],
      position: locate(['x-cloudmap']),
      hint: 'Name one of them otherwise (x-serviceconnect.Namespace or x-cloudmap.Namespace), or turn Service Connect off with x-serviceconnect: false.',
    });
  }
  return {
    graph: withNetworkIngress(withAppMesh(withServiceConnect(withIngress(base, ingress, project), serviceConnect), appMesh), project, locate, warn),
    ...(ingress ? { ingress } : {}),
    ...(serviceConnect ? { serviceConnect } : {}),
    ...(cloudMap ? { cloudMap } : {}),
    ...(appMesh ? { appMesh } : {}),
  };
}
