import type { Position, TreePath, Warning } from '../parser/diagnostics.js';
import type { Project } from '../parser/model.js';
import type { MeshPlan } from '../mesh/plan.js';
import { renderAppMesh, type RenderedMesh } from './app-mesh/mesh.js';
import { renderCloudMap } from './discovery/cloud-map.js';
import { renderCluster } from './cluster/cluster.js';
import type { RenderContext } from './context.js';
import { LogicalIds } from './template/logical-ids.js';
import { renderNetwork } from './network/network.js';
import { renderOutputs } from './outputs.js';
import { renderSecurityGroups } from './network/security-groups.js';
import { renderEnvoy, type RenderedEnvoy } from './app-mesh/envoy.js';
import { renderGateway } from './app-mesh/gateway.js';
import { renderServiceConnectNamespace } from './discovery/service-connect.js';
import { serviceConnectOrder } from './discovery/service-connect-order.js';
import { renderServiceStack, type SharedPlacement } from './service/service-stack.js';
import { renderStorage } from './storage/storage.js';
import { Template } from './template/template.js';
import { planImageBuilds, type ImageBuild } from './images/builds.js';
import { renderImagesStack } from './images/images-stack.js';
import { renderLoadBalancers } from './load-balancer/load-balancer.js';
import { renderInfrastructureRole } from './deployment/configuration.js';
import { planDeployments } from './deployment/strategy.js';
import { renderServiceImage } from './images/service-image.js';
import { applyOverlays, type OverlayChange } from './overlay/overlay.js';
import { Lookups, type LookupRequest } from './lookup.js';

export { Template, templateJson, templateYaml } from './template/template.js';

/** Said once whenever x-appmesh is rendered. */
export const APPMESH_DISCONTINUED =
  'AWS App Mesh was discontinued on 2026-09-30: this template renders x-appmesh as written, but move to ECS Service Connect. ' +
  'Run `compose-x render --mesh serviceconnect` to render the translation (with a report of what changes), ' +
  'or `compose-x migrate appmesh` to rewrite the compose file with x-serviceconnect.';

export interface RenderOptions {
  /** Where a model path was written, for errors and warnings. */
  locate?: (path: TreePath) => Position | undefined;
  /** Called with each warning as it is found (they are also returned). */
  onWarning?: (warning: Warning) => void;
  /** The digest of each local build context, by service (src/parser/build-context.ts): the services whose images compose-x builds. */
  buildDigests?: Readonly<Record<string, string>>;
  /** The parameter values `compose-x lookup` wrote (src/render/lookup.ts). */
  lookup?: Readonly<Record<string, string>>;
}

/** The images a project builds, and the stack of their repositories, deployed before the project's own. */
export interface RenderedImages {
  template: Template;
  builds: ImageBuild[];
  /** What the builds' paths are relative to in the builds file. */
  projectDir: string;
}

export interface RenderResult {
  template: Template;
  /** Every parameter with its value, as `--parameters` / a parameters file takes them. */
  parameters: Record<string, string>;
  /** Present when services have a `build:`. */
  images?: RenderedImages;
  /** What x-cloudformation and x-aws-cloudformation changed in the template (empty without them). */
  overlay: OverlayChange[];
  /** What `compose-x lookup` looks up in AWS for this project. */
  lookups: LookupRequest[];
  warnings: Warning[];
}

/**
 * Renders a compose project and its mesh plan into one CloudFormation template for
 * ECS on Fargate. Pure: no AWS call, no clock; the same input gives the same template.
 * The project has passed the support stage (src/support): every key it sets is one ECS can honour.
 */
export function renderProject(project: Project, plan: MeshPlan, options: RenderOptions = {}): RenderResult {
  const { graph } = plan;
  const warnings: Warning[] = [];
  const locate = options.locate ?? (() => undefined);
  const warn = (w: Warning): void => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  const ctx: RenderContext = {
    project,
    plan,
    graph,
    serviceIds: new LogicalIds(graph.services),
    networkIds: new LogicalIds(Object.keys(graph.networks)),
    template: new Template(`compose-x: the compose project ${project.name} on Amazon ECS (Fargate)`),
    warn,
    locate,
    lookups: new Lookups(options.lookup ?? {}, warn, locate),
  };
  const network = renderNetwork(ctx);
  const sc = plan.serviceConnect;
  const namespace = sc ? renderServiceConnectNamespace(ctx, sc) : undefined;
  const after = sc ? serviceConnectOrder(ctx, sc) : {};
  const cluster = renderCluster(ctx, namespace);
  const securityGroups = renderSecurityGroups(ctx, network);
  const deployments = planDeployments(ctx);
  const shifted = new Set(Object.keys(deployments).filter((name) => deployments[name]?.onLoadBalancer));
  const loadBalancing = renderLoadBalancers(ctx, network, shifted.size > 0 ? { services: shifted, role: renderInfrastructureRole(ctx) } : undefined);
  const storage = renderStorage(ctx, network);
  const registries = plan.cloudMap ? renderCloudMap(ctx, plan.cloudMap, network).registries : {};
  const am = plan.appMesh;
  let mesh: RenderedMesh | undefined;
  let envoy: RenderedEnvoy | undefined;
  if (am) {
    warn({ code: 'W_APPMESH_DISCONTINUED', message: APPMESH_DISCONTINUED, path: ['x-appmesh'], position: locate(['x-appmesh']) });
    mesh = renderAppMesh(ctx, am, network);
    envoy = renderEnvoy(ctx, am.envoy);
    Object.assign(registries, mesh.registries);
  }
  const builds = planImageBuilds(project, options.buildDigests ?? {});
  const images = Object.fromEntries(builds.map((build) => [build.service, renderServiceImage(ctx, build)]));
  const shared: SharedPlacement = {
    network,
    cluster,
    securityGroups,
    loadBalancing,
    deployments,
    registries,
    images,
    storage,
    after,
    ...(namespace ? { namespace } : {}),
    ...(mesh && envoy ? { mesh, envoy } : {}),
  };
  for (const name of graph.services) ctx.template.owning(name, () => renderServiceStack(ctx, name, shared));
  if (am && mesh && envoy) {
    for (const gateway of Object.values(am.gateways)) {
      ctx.template.owning(`gateway:${gateway.name}`, () =>
        renderGateway(ctx, gateway, { mesh, envoy, network, cluster }),
      );
    }
  }
  renderOutputs(ctx, cluster.cluster);
  const overlay = applyOverlays(ctx);
  const parameters = Object.fromEntries([...ctx.template.parameters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, p]) => [k, p.Default ?? '']));
  const rendered = builds.length > 0 ? { images: { template: renderImagesStack(project.name, builds, ctx.serviceIds), builds, projectDir: project.working_dir } } : {};
  return { template: ctx.template, parameters, ...rendered, overlay, lookups: ctx.lookups.requests, warnings };
}
