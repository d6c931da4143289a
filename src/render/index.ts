import { oneOrMany, ParseError, type Position, type TreePath, type Warning } from '../parser/diagnostics.js';
import type { Project } from '../parser/model.js';
import type { MeshPlan } from '../mesh/plan.js';
import { renderAppMesh, type RenderedMesh } from './app-mesh.js';
import { renderCloudMap } from './cloud-map.js';
import { renderCluster } from './cluster.js';
import { checkComposeSupport } from './compose-support.js';
import type { RenderContext } from './context.js';
import { LogicalIds } from './logical-ids.js';
import { renderNetwork } from './network.js';
import { renderOutputs } from './outputs.js';
import { renderSecurityGroups } from './security-groups.js';
import { envoyImage } from './envoy.js';
import { renderGateway } from './gateway.js';
import { renderServiceConnectNamespace } from './service-connect.js';
import { renderServiceStack, type SharedPlacement } from './service-stack.js';
import { Template } from './template.js';

export { Template, templateJson, templateYaml } from './template.js';

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
}

export interface RenderResult {
  template: Template;
  /** Every parameter with its value, as `--parameters` / a parameters file takes them. */
  parameters: Record<string, string>;
  warnings: Warning[];
}

/**
 * Renders a compose project and its mesh plan into one CloudFormation template for
 * ECS on Fargate. Pure: no AWS call, no clock; the same input gives the same template.
 * Keys ECS cannot honour are thrown, all of them, as ParseError(s).
 */
export function renderProject(project: Project, plan: MeshPlan, options: RenderOptions = {}): RenderResult {
  const { graph } = plan;
  const warnings: Warning[] = [];
  const locate = options.locate ?? (() => undefined);
  const warn = (w: Warning): void => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  const findings = checkComposeSupport(project);
  const errors = findings
    .filter((f) => f.severity === 'error')
    .map((f) => new ParseError(f.code, f.message, { path: f.path, position: locate(f.path), hint: f.hint }))
    .sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0));
  if (errors.length > 0) throw oneOrMany(errors);
  for (const f of findings) warn({ code: f.code, message: `${f.message} ${f.hint}`, path: f.path, position: locate(f.path) });

  const ctx: RenderContext = {
    project,
    plan,
    graph,
    serviceIds: new LogicalIds(graph.services),
    networkIds: new LogicalIds(Object.keys(graph.networks)),
    template: new Template(`compose-x: the compose project ${project.name} on Amazon ECS (Fargate)`),
    warn,
    locate,
  };
  const network = renderNetwork(ctx);
  const sc = plan.serviceConnect;
  const namespace = sc ? renderServiceConnectNamespace(ctx, sc) : undefined;
  const cluster = renderCluster(ctx, namespace);
  const securityGroups = renderSecurityGroups(ctx, network);
  const registries = plan.cloudMap ? renderCloudMap(ctx, plan.cloudMap, network).registries : {};
  const am = plan.appMesh;
  let mesh: RenderedMesh | undefined;
  let envoy: ReturnType<typeof envoyImage> | undefined;
  if (am) {
    warn({ code: 'W_APPMESH_DISCONTINUED', message: APPMESH_DISCONTINUED, path: ['x-appmesh'], position: locate(['x-appmesh']) });
    mesh = renderAppMesh(ctx, am, network);
    envoy = envoyImage(ctx, am.envoy.image);
    Object.assign(registries, mesh.registries);
  }
  const shared: SharedPlacement = { network, cluster, securityGroups, registries, ...(namespace ? { namespace } : {}), ...(mesh && envoy ? { mesh, envoy } : {}) };
  for (const name of graph.services) ctx.template.owning(name, () => renderServiceStack(ctx, name, shared));
  if (am && mesh && envoy) {
    for (const gateway of Object.values(am.gateways)) {
      ctx.template.owning(`gateway:${gateway.name}`, () =>
        renderGateway(ctx, gateway, { mesh, envoyImage: envoy, envoyEnvironment: am.envoy.environment, network, cluster }),
      );
    }
  }
  renderOutputs(ctx, cluster.cluster);
  const parameters = Object.fromEntries([...ctx.template.parameters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, p]) => [k, p.Default ?? '']));
  return { template: ctx.template, parameters, warnings };
}
