import { oneOrMany, ParseError, type Position, type TreePath, type Warning } from '../parser/diagnostics.js';
import type { Project } from '../parser/model.js';
import type { MeshPlan } from '../mesh/plan.js';
import { renderAppMesh, type RenderedMesh } from './app-mesh.js';
import { renderCloudMap } from './cloud-map.js';
import { renderCluster } from './cluster.js';
import { checkComposeSupport } from './compose-support.js';
import type { RenderContext } from './context.js';
import { ecrRepositoryArn, renderRoles } from './iam.js';
import { LogicalIds } from './logical-ids.js';
import { renderLogGroup } from './logs.js';
import { renderNetwork } from './network.js';
import { renderOutputs } from './outputs.js';
import { containerSecrets } from './secrets.js';
import { renderSecurityGroups } from './security-groups.js';
import { appMeshProxyConfiguration, ENVOY_BUDGET, envoyContainer, envoyImage, streamAggregatedResources } from './envoy.js';
import { renderGateway } from './gateway.js';
import { renderService } from './service.js';
import { renderServiceConnectNamespace, serviceConnectConfiguration, SERVICE_CONNECT_PROXY } from './service-connect.js';
import { renderTaskDefinition } from './task-definition.js';
import { taskSize } from './task-size.js';
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
  for (const name of graph.services) {
    const service = project.services[name]!;
    const logGroupId = renderLogGroup(ctx, name);
    const secrets = containerSecrets(ctx, service);
    const ecr = service.image ? ecrRepositoryArn(service.image) : undefined;
    const node = am?.nodes[name];
    const nodeArn = node ? mesh?.nodeArns[name] : undefined;
    const roles = renderRoles(
      ctx,
      ctx.serviceIds.of(name),
      name,
      { logGroupId, secretArns: secrets.arns, ecrRepositories: ecr ? [ecr] : [] },
      nodeArn ? [streamAggregatedResources(nodeArn)] : [],
    );
    const member = sc?.members[name];
    const taskDefinition = renderTaskDefinition(ctx, name, service, {
      listeners: (graph.listeners[name] ?? []).map((l) => {
        const server = member?.servers.find((s) => s.port === l.port && l.protocol === 'tcp');
        return server ? { ...l, name: server.portName, ...(server.appProtocol ? { appProtocol: server.appProtocol } : {}) } : l;
      }),
      logGroupId,
      ...roles,
      size: taskSize(name, service, member ? SERVICE_CONNECT_PROXY : node ? ENVOY_BUDGET : undefined),
      secrets: secrets.secrets,
      ...(node && nodeArn && envoy && am
        ? {
            sidecars: [envoyContainer({ image: envoy, resourceArn: nodeArn, logGroupId, environment: am.envoy.environment }, `${name}-envoy`)],
            proxyConfiguration: appMeshProxyConfiguration([node.port]),
          }
        : {}),
    });
    const serviceConnect = sc && namespace ? serviceConnectConfiguration(sc, name, namespace, logGroupId) : undefined;
    renderService(ctx, name, service, {
      taskDefinition,
      securityGroups: securityGroups[name] ?? [],
      network,
      cluster,
      ...(serviceConnect ? { serviceConnect } : {}),
      ...(registries[name] ? { registries: registries[name] } : {}),
    });
  }
  if (am && mesh && envoy) {
    for (const gateway of Object.values(am.gateways)) {
      renderGateway(ctx, gateway, { mesh, envoyImage: envoy, envoyEnvironment: am.envoy.environment, network, cluster });
    }
  }
  renderOutputs(ctx, cluster.cluster);
  const parameters = Object.fromEntries([...ctx.template.parameters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, p]) => [k, p.Default ?? '']));
  return { template: ctx.template, parameters, warnings };
}
