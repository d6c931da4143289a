/**
 * The review of a rendered project: what a reviewer must check before deploying it, read
 * from the mesh plan (who may call whom: exactly the security groups' ingress rules) and
 * from the template (task sizes, IAM statements, secrets, log groups).
 */
import path from 'node:path';
import isEqual from 'lodash/isEqual.js';
import sortBy from 'lodash/sortBy.js';
import sortedUniq from 'lodash/sortedUniq.js';
import uniq from 'lodash/uniq.js';
import uniqWith from 'lodash/uniqWith.js';
import type { IngressRule } from '../mesh/graph.js';
import type { MeshPlan } from '../mesh/plan.js';
import { describeWarning, type Warning } from '../parser/diagnostics.js';
import type { Project } from '../parser/model.js';
import type { RenderResult } from '../render/index.js';
import { gatewayEntries, gatewayLabels, nodeLabels } from './app-mesh.js';
import { deploymentOf, type ReviewDeployment } from './deployment.js';
import { addressesOf, balancerLabel, balancerListeners, balancerName, type ReviewAddress } from './ingress.js';
import { networkOf, type ReviewNetwork } from './network.js';
import { filesOf, volumesOf, type ReviewFile, type ReviewVolume } from './storage.js';
import { scalingOf, type ServiceScaling } from './scaling.js';
import { sizeNote } from './task-size.js';
import { attachedPolicies, permission, statementsOf } from './iam.js';
import { list, obj, props, readable, refId } from './template-values.js';

export type { ReviewAddress } from './ingress.js';
export type { ReviewDeployment } from './deployment.js';
export type { ReviewFile, ReviewVolume } from './storage.js';

/** Everything the review shows, sorted: the same render gives the same review. */
export interface ReviewModel {
  project: string;
  services: ReviewService[];
  /** Who may call whom. */
  edges: ReviewEdge[];
  /** Traffic from outside: published ports, the listeners of the load balancers, gateways behind load balancers. */
  entries: ReviewEntry[];
  /** Where each service behind a load balancer is reached (its stack outputs). */
  addresses: ReviewAddress[];
  /**
   * Compose networks of more than NETWORK_FANOUT services, drawn as one node: their members
   * may call every listener an edge from `network <name>` points to (linear, where the
   * pairs would be quadratic).
   */
  networks: { name: string; members: string[] }[];
  /** Every compose network of the services, with its members: the groups of the diagram. */
  groups: { name: string; members: string[] }[];
  /** The images compose-x builds: where each goes, its tag, and its context (relative to the project directory). */
  images: { service: string; repository: string; tag: string; context: string }[];
  /** The files of the project that travel with the deployment, by service and path. */
  files: ReviewFile[];
  /** The Amazon EFS volumes each service mounts. */
  volumes: ReviewVolume[];
  /** With x-vpc.PrivateSubnets: the subnets of the tasks, their NAT gateways, the VPC endpoints. */
  network?: ReviewNetwork;
  /** What x-cloudformation and x-aws-cloudformation added to the template or changed in it. */
  overlay: ReviewOverlay[];
  /** The render's warnings, as printed (files relative to the project directory). */
  warnings: string[];
}

/** One entry of an overlay: `Resources.AssetsBucket` added, or the paths it changed in a rendered one. */
export interface ReviewOverlay {
  source: string;
  entry: string;
  type?: string;
  change: 'added' | 'changed';
  paths: string[];
}

/** One compose service as the template deploys it. */
export interface ReviewService {
  name: string;
  image: string;
  /** From the task definition (e.g. '256', '512'). */
  cpu: string;
  memory: string;
  /** The tasks it starts with: its DesiredCount, or its minimum when it scales. */
  replicas: number;
  /** Its range and targets (or fixed count), schedules, capacity and ephemeral storage. */
  scaling: ServiceScaling;
  /** `from`: 'internet', or the callers (service names, 'gateway <name>'). */
  ports: { port: number; protocol: string; from: string[] }[];
  /** The IAM statements of its execution and task roles, one line each: `<actions> on <resources>`, with the role that has it. */
  permissions: { role: 'execution' | 'task'; allowed: string }[];
  /** Why the task's size is not what compose asks for: the room made for a proxy. */
  sizeNote?: string;
  /** Secret ARNs. */
  secrets: string[];
  logGroup: string;
  /** How ECS deploys a new revision: its strategy, bake time, alarms and test traffic. */
  deployment: ReviewDeployment;
}

/** A connection the security groups allow; `label` says how the caller names the callee. */
export interface ReviewEdge {
  from: string;
  to: string;
  port: number;
  via: 'network' | 'service-connect' | 'app-mesh' | 'gateway' | 'load-balancer';
  label?: string;
}

/** Traffic from outside: the internet to a published port or to a listener of a load balancer, or a gateway's load balancer to the gateway. */
export interface ReviewEntry {
  kind: 'published' | 'load-balancer' | 'gateway';
  name: string;
  to: string;
  port: number;
  label?: string;
}

type Json = Record<string, unknown>;

/**
 * The review of a rendered project. Edges come one for one from the ingress rules of
 * `plan.graph` (which the security groups are rendered from), so the review shows no arrow
 * the security groups would not allow; the rest is read from `result.template`. Pure.
 */
export function buildReview(project: Project, plan: MeshPlan, result: RenderResult): ReviewModel {
  const json = result.template.toJSON();
  const resources = (json['Resources'] ?? {}) as Record<string, Json>;
  const edges = sortUnique(plan.graph.ingress.flatMap((rule) => edgesOf(plan, rule)), ['from', 'to', 'port', 'via', 'label']);
  const ecsServices = ecsServicesByName(resources);
  const scaling = scalingOf(Object.entries(resources).map(([id, r]) => ({ id, type: String(r['Type']), properties: props(r) })));
  const tasks = plan.graph.services.map((name) => ({ name, task: resources[refId(props(ecsServices.get(name))['TaskDefinition'])] ?? {} }));
  const callers = callerIndex(plan);
  return {
    project: project.name,
    services: plan.graph.services.map((name) => reviewService(name, project, plan, resources, ecsServices.get(name), scaling, callers)),
    edges,
    entries: sortUnique([...publishedEntries(plan), ...listenerEntries(plan), ...gatewayEntries(plan.appMesh)], ['kind', 'name', 'to', 'port', 'label']),
    addresses: addressesOf(plan, (json['Outputs'] ?? {}) as Record<string, Json>, readable),
    networks: Object.entries(plan.graph.networks)
      .filter(([name]) => isCrowded(plan, name))
      .map(([name, members]) => ({ name, members })),
    groups: Object.entries(plan.graph.networks)
      .filter(([, members]) => members.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, members]) => ({ name, members: [...members].sort() })),
    images: (result.images?.builds ?? []).map((b) => ({
      service: b.service,
      repository: b.repository,
      tag: b.tag,
      context: path.relative(project.working_dir, b.build.context).split(path.sep).join('/') || '.',
    })),
    files: tasks.flatMap(({ name, task }) => filesOf(name, task)),
    volumes: tasks.flatMap(({ name, task }) => volumesOf(name, task, containerOf(name, props(task)), resources)),
    network: networkOf(resources),
    overlay: result.overlay.map((c) => ({ source: c.source, entry: `${c.section}.${c.id}`, ...(c.type ? { type: c.type } : {}), change: c.kind, paths: c.paths ?? [] })),
    warnings: result.warnings.map((w) => describeWarning(relativeTo(project.working_dir, w))),
  };
}

/** Above this many services, a network is one node of the diagram instead of an arrow per pair. */
export const NETWORK_FANOUT = 8;

function isCrowded(plan: MeshPlan, network: string): boolean {
  return (plan.graph.networks[network]?.length ?? 0) > NETWORK_FANOUT;
}

/** The warning with its file relative to the project directory, so that the review does not depend on where the project lives. */
function relativeTo(dir: string, warning: Warning): Warning {
  const position = warning.position;
  if (!position || !path.isAbsolute(position.file)) return warning;
  return { ...warning, position: { ...position, file: path.relative(dir, position.file) } };
}

/** Sorted by `keys`, each distinct item once (by value; linear in the number of items). */
function sortUnique<T extends object>(items: T[], keys: (keyof T & string)[]): T[] {
  const unique = new Map(items.map((item) => [JSON.stringify(keys.map((k) => item[k] ?? null)), item]));
  return sortBy([...unique.values()], keys);
}

/** The connections one ingress rule allows. */
function edgesOf(plan: MeshPlan, rule: IngressRule): ReviewEdge[] {
  const { service: to, port, source } = rule;
  switch (source.kind) {
    case 'world':
      return [];
    case 'load-balancer': {
      const label = balancerLabel(plan, rule);
      return [withLabel({ from: balancerName(plan, source.balancer), to, port, via: 'load-balancer' }, label !== undefined ? [label] : [])];
    }
    case 'network':
      return isCrowded(plan, source.network)
        ? [{ ...networkEdge(plan, `network ${source.network}`, to, port) }]
        : callersOf(plan, rule).map((from) => networkEdge(plan, from, to, port));
    case 'service':
      if (source.via === 'x-network') return [{ from: source.service, to, port, via: 'network' }];
      return [withLabel({ from: source.service, to, port, via: 'app-mesh' }, plan.appMesh ? nodeLabels(plan.appMesh, source.service, to, port) : [])];
    case 'gateway':
      return [withLabel({ from: `gateway ${source.gateway}`, to, port, via: 'gateway' }, plan.appMesh ? gatewayLabels(plan.appMesh, source.gateway, to, port) : [])];
    case 'cidr':
    case 'aws':
      return [];
  }
}

/** Who an ingress rule admits: 'internet', a load balancer, the other members of a network, a mesh node, or 'gateway <name>'. */
function callersOf(plan: MeshPlan, rule: IngressRule): string[] {
  const { source } = rule;
  switch (source.kind) {
    case 'world':
      return ['internet'];
    case 'load-balancer':
      return [balancerName(plan, source.balancer)];
    case 'network':
      return (plan.graph.networks[source.network] ?? []).filter((member) => member !== rule.service);
    case 'service':
      return [source.service];
    case 'gateway':
      return [`gateway ${source.gateway}`];
    case 'cidr':
      return [source.name === undefined ? source.cidr : `${source.cidr} (${source.name})`];
    case 'aws':
      return [source.name === undefined ? source.id : `${source.id} (${source.name})`];
  }
}

function withLabel(edge: ReviewEdge, labels: string[]): ReviewEdge {
  const label = uniq(labels).join(', ');
  return label === '' ? edge : { ...edge, label };
}

/** A member of a shared network: through Service Connect when both are members, else plain network (named by x-cloudmap if registered). */
function networkEdge(plan: MeshPlan, from: string, to: string, port: number): ReviewEdge {
  const members = plan.serviceConnect?.members;
  const servers = members?.[to]?.servers ?? [];
  const server = servers.find((s) => s.ingressPortOverride === port) ?? servers.find((s) => s.port === port && s.ingressPortOverride === undefined);
  if (server && members?.[from]) {
    const aliases = server.clientAliases.map((a) => `${a.DnsName ?? server.discoveryName}:${a.Port}`);
    return withLabel({ from, to, port, via: 'service-connect' }, aliases);
  }
  const registered = plan.cloudMap?.services[to];
  const namespace = plan.cloudMap?.namespace;
  if (!registered || !namespace) return { from, to, port, via: 'network' };
  return { from, to, port, via: 'network', label: namespace.kind !== 'existing' ? `${registered.name}.${namespace.name}` : `${registered.name} (${namespace.id})` };
}

/** `internet -> service:port` for every published port. */
function publishedEntries(plan: MeshPlan): ReviewEntry[] {
  return plan.graph.ingress.filter((r) => r.source.kind === 'world').map((r): ReviewEntry => ({ kind: 'published', name: 'internet', to: r.service, port: r.port }));
}

/** `internet -> application load balancer:443` for every listener of the project's load balancers. */
function listenerEntries(plan: MeshPlan): ReviewEntry[] {
  return balancerListeners(plan).map((l): ReviewEntry => ({ kind: 'load-balancer', name: 'internet', to: l.name, port: l.port, label: l.label }));
}

/**
 * The template's ECS services (with their logical IDs) by the compose service they run (their
 * `compose-x:service` tag); a scheduled job's schedule (its task's group `compose-x:<service>`,
 * src/render/schedule/) as a service of the task it runs.
 */
function ecsServicesByName(resources: Record<string, Json>): Map<string, Json & { id: string }> {
  const out = new Map<string, Json & { id: string }>();
  for (const [id, resource] of Object.entries(resources)) {
    const ecs = obj(obj(props(resource)['Target'])['EcsParameters']);
    if (resource['Type'] === 'AWS::Scheduler::Schedule' && typeof ecs['Group'] === 'string' && ecs['Group'].startsWith('compose-x:')) {
      out.set(ecs['Group'].slice('compose-x:'.length), { id, Properties: { TaskDefinition: ecs['TaskDefinitionArn'], DesiredCount: ecs['TaskCount'] } });
    }
    if (resource['Type'] !== 'AWS::ECS::Service') continue;
    const tag = list(props(resource)['Tags']).map(obj).find((t) => t['Key'] === 'compose-x:service');
    if (typeof tag?.['Value'] === 'string') out.set(tag['Value'], { ...resource, id });
  }
  return out;
}

/** One service: its ingress from the plan, the rest from its ECS service's resources in the template. */
function reviewService(
  name: string,
  project: Project,
  plan: MeshPlan,
  resources: Record<string, Json>,
  ecsService: (Json & { id: string }) | undefined,
  scaling: Map<string, ServiceScaling>,
  callers: CallerIndex,
): ReviewService {
  if (!ecsService) throw new Error(`the template has no ECS service for ${name}`);
  const taskDefinition = props(resources[refId(props(ecsService)['TaskDefinition'])]);
  const container = containerOf(name, taskDefinition);
  const roles = [
    ['execution', taskDefinition['ExecutionRoleArn']],
    ['task', taskDefinition['TaskRoleArn']],
  ] as const;
  const note = sizeNote(name, project.services[name], taskDefinition, ecsService);
  const logGroup = obj(obj(container['LogConfiguration'])['Options'])['awslogs-group'];
  return {
    name,
    image: readable(container['Image']),
    cpu: readable(taskDefinition['Cpu']),
    memory: readable(taskDefinition['Memory']),
    replicas: scaling.get(ecsService.id)!.start,
    scaling: scaling.get(ecsService.id)!,
    ports: portsOf(name, plan, callers),
    permissions: roles.flatMap(([role, arn]) => {
      const holder = props(resources[refId(arn)]);
      return sortedUniq([...statementsOf(holder).map(permission), ...attachedPolicies(holder)].sort()).map((allowed) => ({ role, allowed }));
    }),
    ...(note ? { sizeNote: note } : {}),
    secrets: sortedUniq(list(container['Secrets']).map((s) => readable(obj(s)['ValueFrom'])).sort()),
    logGroup: readable(props(resources[refId(logGroup)])['LogGroupName'] ?? logGroup),
    deployment: deploymentOf(props(ecsService)),
  };
}

/** The container of a service in the properties of its task definition (named after the service). */
function containerOf(name: string, taskDefinition: Json): Json {
  return obj(list(taskDefinition['ContainerDefinitions']).find((c) => obj(c)['Name'] === name));
}

/** Each listener and ingress port of a service, with who its security group admits there. */
function portsOf(name: string, plan: MeshPlan, callers: CallerIndex): ReviewService['ports'] {
  const rules = callers.rules.get(name) ?? [];
  const ports = uniqWith([...(plan.graph.listeners[name] ?? []), ...rules].map((p) => ({ port: p.port, protocol: p.protocol })), isEqual);
  return sortBy(ports, ['port', 'protocol']).map(({ port, protocol }) => ({
    port,
    protocol,
    from: sortedCallers(plan, rules.filter((r) => r.port === port && r.protocol === protocol), callers),
  }));
}

/** The ingress rules by service, and each network's members sorted once (not once per member: that is quadratic). */
interface CallerIndex {
  rules: Map<string, IngressRule[]>;
  members: Map<string, string[]>;
}

function callerIndex(plan: MeshPlan): CallerIndex {
  const rules = new Map<string, IngressRule[]>();
  for (const rule of plan.graph.ingress) {
    const list = rules.get(rule.service);
    if (list) list.push(rule);
    else rules.set(rule.service, [rule]);
  }
  const members = new Map(Object.entries(plan.graph.networks).map(([network, names]) => [network, sortedUniq([...names].sort())]));
  return { rules, members };
}

/**
 * Who the rules admit, sorted and unique (a single rule's callers already are); the members of a
 * network of more than NETWORK_FANOUT services as the network (`network back`, its members are in
 * the Networks table), as the connections name them, so the page grows with the services, not their square.
 */
function sortedCallers(plan: MeshPlan, rules: IngressRule[], callers: CallerIndex): string[] {
  const lists = rules.map((r) => {
    if (r.source.kind !== 'network') return callersOf(plan, r);
    if (isCrowded(plan, r.source.network)) return [`network ${r.source.network}`];
    return (callers.members.get(r.source.network) ?? []).filter((m) => m !== r.service);
  });
  return lists.length === 1 ? lists[0]! : sortedUniq(lists.flat().sort());
}
