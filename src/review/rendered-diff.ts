/**
 * `compose-x diff --rendered OLD_DIR`: what a change of the compose project does, read from two
 * renders (the templates written earlier, and the ones rendered now) without asking AWS. The
 * summary is made for reviewing a pull request: services added or removed, ports opened or
 * closed, permissions granted or revoked, and the changes that restart tasks or replace resources.
 *
 * A render is the union of the resources of its templates (the root and, for a split project,
 * the nested stacks), by logical ID. The references a split turned into nested-stack parameters
 * are read back as the references they stand for, so splitting alone changes no resource.
 */
import { isDeepStrictEqual } from 'node:util';
import { ComposeXError } from '../../parser/diagnostics.js';
import { isObject, type JsonObject } from '../spec-check/json-object.js';
import { parseTemplate } from '../spec-check/parse-template.js';
import { referencesIn } from '../split/references.js';

/** An ingress rule of a security group. */
export interface PortRule {
  /** The service whose own security group holds the rule; else the security group's logical ID. */
  service: string;
  /** `9000`, `9000-9010`, or `all`. */
  port: string;
  /** `tcp`, `udp`, ... or `all`. */
  protocol: string;
  /** `world` (0.0.0.0/0 or ::/0), the logical ID of the admitted security group, or another CIDR. */
  from: string;
}

/** One action on one resource, allowed by an inline policy of an IAM role. */
export interface Permission {
  /** The role's logical ID. */
  role: string;
  /** The service whose task definition uses the role. */
  service?: string;
  action: string;
  /** Readable: `arn:aws:...`, `WebLogGroup.Arn` for a GetAtt, `X` for a Ref. */
  resource: string;
}

/** A resource whose update starts new tasks of a service. */
export interface Restart {
  service: string;
  /** The logical ID of the task definition (a new revision), or of the service. */
  resource: string;
  /** What changed: `Image`, `Environment REDIS_URL`, `WebLogGroup replaced`, ... */
  reason: string[];
}

/** A resource that CloudFormation replaces (a new physical resource) because of the properties that changed. */
export interface Replacement {
  resource: string;
  type: string;
  properties: string[];
}

/** The differences between two renders, each list in a deterministic order. */
export interface RenderDiff {
  servicesAdded: string[];
  servicesRemoved: string[];
  portsOpened: PortRule[];
  portsClosed: PortRule[];
  permissionsGranted: Permission[];
  permissionsRevoked: Permission[];
  restarts: Restart[];
  replacements: Replacement[];
  /** Resources added, removed or modified that no other part of the diff accounts for. */
  otherChanges: { added: number; removed: number; modified: number };
}

/**
 * The properties whose change makes CloudFormation replace a resource, for the resource types
 * compose-x renders (from the AWS resource specification). Task definitions are not listed:
 * any change of one makes a new revision, reported as a restart. Nor are standalone ingress
 * rules: a changed rule is reported as a port closed and a port opened.
 */
export const REPLACING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::AppMesh::GatewayRoute': ['GatewayRouteName', 'MeshName', 'MeshOwner', 'VirtualGatewayName'],
  'AWS::AppMesh::Mesh': ['MeshName'],
  'AWS::AppMesh::Route': ['MeshName', 'MeshOwner', 'RouteName', 'VirtualRouterName'],
  'AWS::AppMesh::VirtualGateway': ['MeshName', 'MeshOwner', 'VirtualGatewayName'],
  'AWS::AppMesh::VirtualNode': ['MeshName', 'MeshOwner', 'VirtualNodeName'],
  'AWS::AppMesh::VirtualRouter': ['MeshName', 'MeshOwner', 'VirtualRouterName'],
  'AWS::AppMesh::VirtualService': ['MeshName', 'MeshOwner', 'VirtualServiceName'],
  'AWS::EC2::Route': ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId', 'RouteTableId'],
  'AWS::EC2::RouteTable': ['VpcId'],
  'AWS::EC2::SecurityGroup': ['GroupDescription', 'GroupName', 'VpcId'],
  'AWS::EC2::Subnet': [
    'AvailabilityZone',
    'AvailabilityZoneId',
    'CidrBlock',
    'Ipv4IpamPoolId',
    'Ipv4NetmaskLength',
    'Ipv6IpamPoolId',
    'Ipv6Native',
    'Ipv6NetmaskLength',
    'OutpostArn',
    'VpcId',
  ],
  'AWS::EC2::SubnetRouteTableAssociation': ['RouteTableId', 'SubnetId'],
  'AWS::EC2::VPC': ['CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength', 'VpcEncryptionControl'],
  'AWS::EC2::VPCGatewayAttachment': ['VpcId'],
  'AWS::ECS::Cluster': ['ClusterName'],
  'AWS::ECS::Service': ['Cluster', 'DeploymentController', 'LaunchType', 'Role', 'SchedulingStrategy', 'ServiceName'],
  'AWS::ElasticLoadBalancingV2::Listener': ['LoadBalancerArn'],
  'AWS::ElasticLoadBalancingV2::ListenerRule': ['ListenerArn'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Name', 'Scheme', 'Type'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['IpAddressType', 'Name', 'Port', 'Protocol', 'ProtocolVersion', 'TargetType', 'VpcId'],
  'AWS::IAM::Role': ['Path', 'RoleName'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::ServiceDiscovery::HttpNamespace': ['Name'],
  'AWS::ServiceDiscovery::Instance': ['InstanceId', 'ServiceId'],
  'AWS::ServiceDiscovery::PrivateDnsNamespace': ['Name', 'Vpc'],
  'AWS::ServiceDiscovery::Service': ['HealthCheckCustomConfig', 'Name', 'NamespaceId', 'Type'],
};

const NESTED_STACK = 'AWS::CloudFormation::Stack';
const SERVICE = 'AWS::ECS::Service';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const ROLE = 'AWS::IAM::Role';
const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
const INGRESS = 'AWS::EC2::SecurityGroupIngress';
const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;

/** A resource of a render: its type, its properties, and its declaration without DependsOn (what is compared). */
interface Resource {
  type: string;
  properties: JsonObject;
  declaration: JsonObject;
}

type Resources = ReadonlyMap<string, Resource>;

/** A render read once, with what the sections need to name things. */
interface Render {
  resources: Resources;
  /** Service name by ECS service logical ID. */
  services: ReadonlyMap<string, string>;
  /** Service name by the logical ID of its task definition, and of the roles that task definition uses. */
  serviceOf: ReadonlyMap<string, string>;
  /** Service name by the logical ID of a security group that only that service uses. */
  groupOwner: ReadonlyMap<string, string>;
}

// ---- reading a render ----

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const objectAt = (value: unknown): JsonObject => (isObject(value) ? value : {});

/** Code-point order, for sorting deterministically whatever the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Templates by file name, parameter files left out; a file that is not a template is an error. */
function readTemplates(files: Record<string, string>): Map<string, JsonObject> {
  const templates = new Map<string, JsonObject>();
  for (const name of Object.keys(files).sort(compareText)) {
    if (name.endsWith('.params.json')) continue;
    const { template, problems } = parseTemplate(files[name] ?? '');
    if (!isObject(template) || !isObject(template['Resources'])) {
      throw new ComposeXError('E_DIFF_TEMPLATE', `${name} cannot be read as a template: ${problems[0] ?? 'it has no Resources'}.`);
    }
    templates.set(name, template);
  }
  return templates;
}

/** The nested stack written to each nested template (`Services03Stack` -> `<project>.services03.yaml`), by file name. */
function nestedStacks(templates: ReadonlyMap<string, JsonObject>): Map<string, { id: string; parameters: JsonObject }> {
  const fileOf = new Map<string, string>();
  for (const name of templates.keys()) {
    const parts = name.split('.');
    if (parts.length >= 3) fileOf.set(parts[parts.length - 2] ?? '', name);
  }
  const stacks = new Map<string, { id: string; parameters: JsonObject }>();
  for (const template of templates.values()) {
    for (const [id, declaration] of Object.entries(objectAt(template['Resources']))) {
      const file = fileOf.get(id.replace(/Stack$/, '').toLowerCase());
      if (objectAt(declaration)['Type'] !== NESTED_STACK || file === undefined) continue;
      stacks.set(file, { id, parameters: objectAt(objectAt(objectAt(declaration)['Properties'])['Parameters']) });
    }
  }
  return stacks;
}

/** What a nested stack parameter stands for: another nested stack's output is that output's value; a joined list is the list. */
function parameterValue(value: unknown, outputsOf: (stack: string) => JsonObject): unknown {
  const getAtt = objectAt(value)['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[1] === 'string' && getAtt[1].startsWith('Outputs.')) {
    const output = objectAt(outputsOf(String(getAtt[0]))[getAtt[1].slice('Outputs.'.length)]);
    return 'Value' in output ? output['Value'] : value;
  }
  const join = objectAt(value)['Fn::Join'];
  if (Array.isArray(join) && join[0] === ',' && isObject(join[1]) && 'Ref' in join[1]) return join[1];
  return value;
}

/** A reference as Fn::Sub writes it: `X` for Ref X, `X.Y` for GetAtt X.Y (either form); undefined for other values. */
function referenceText(value: unknown): string | undefined {
  const { Ref: ref, 'Fn::GetAtt': getAtt } = objectAt(value);
  if (typeof ref === 'string') return ref;
  return Array.isArray(getAtt) ? getAtt.join('.') : typeof getAtt === 'string' ? getAtt : undefined;
}

/** The resource (or parameter) a Ref or GetAtt points to; undefined for other values. */
function referenceTarget(value: unknown): string | undefined {
  return referenceText(value)?.split('.')[0];
}

/** `value` with each Ref to a parameter (and each `${parameter}` of a Fn::Sub) replaced by what the parameter stands for. */
function substitute(value: unknown, parameters: ReadonlyMap<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, parameters));
  if (!isObject(value)) return value;
  const ref = value['Ref'];
  if (typeof ref === 'string' && parameters.has(ref)) return parameters.get(ref);
  const sub = value['Fn::Sub'];
  if (sub !== undefined && Object.keys(value).length === 1) {
    const [text, variables] = Array.isArray(sub) ? sub : [sub, undefined];
    const replace = (whole: string, name: string): string => {
      const variable = parameters.has(name) ? referenceText(parameters.get(name)) : undefined;
      return variable === undefined ? whole : `\${${variable}}`;
    };
    const substituted = typeof text === 'string' ? text.replace(SUB_VARIABLE, replace) : text;
    return { 'Fn::Sub': Array.isArray(sub) ? [substituted, substitute(variables, parameters)] : substituted };
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, parameters)]));
}

/** The resources of all the templates of a render, by logical ID, nested stacks read through. */
function readResources(files: Record<string, string>): Map<string, Resource> {
  const templates = readTemplates(files);
  const nested = nestedStacks(templates);
  const stackIds = new Set([...nested.values()].map((stack) => stack.id));
  const fileOfStack = new Map([...nested].map(([file, stack]) => [stack.id, file]));
  const outputsOf = (stack: string): JsonObject => objectAt(templates.get(fileOfStack.get(stack) ?? '')?.['Outputs']);
  const resources = new Map<string, Resource>();
  for (const [name, template] of templates) {
    const given = Object.entries(nested.get(name)?.parameters ?? {});
    const parameters = new Map(given.map(([key, value]) => [key, parameterValue(value, outputsOf)]));
    for (const [id, declared] of Object.entries(objectAt(template['Resources']))) {
      const { DependsOn: _dependsOn, ...declaration } = objectAt(substitute(declared, parameters));
      if (declaration['Type'] === NESTED_STACK && stackIds.has(id)) continue;
      resources.set(id, { type: String(declaration['Type']), properties: objectAt(declaration['Properties']), declaration });
    }
  }
  return new Map([...resources].sort(([a], [b]) => compareText(a, b)));
}

/** A value as a reviewer reads it: `X` for Ref X, `X.Arn` for GetAtt X.Arn, the text of a Fn::Sub, the parts of a Fn::Join. */
function readable(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const reference = referenceText(value);
  if (reference !== undefined) return reference;
  const { 'Fn::Sub': sub, 'Fn::Join': join } = objectAt(value);
  if (sub !== undefined) return readable(Array.isArray(sub) ? sub[0] : sub);
  if (Array.isArray(join)) return asArray(join[1]).map(readable).join(String(join[0]));
  return JSON.stringify(value);
}

/** `compose-x:service` among the tags of an ECS service, else its logical ID without `Service`. */
function serviceName(id: string, service: Resource): string {
  const tag = asArray(service.properties['Tags']).map(objectAt).find((t) => t['Key'] === 'compose-x:service');
  return typeof tag?.['Value'] === 'string' ? tag['Value'] : id.replace(/Service$/, '');
}

/** The resources of one type, in logical ID order. */
function ofType(resources: Resources, type: string): [string, Resource][] {
  return [...resources].filter(([, resource]) => resource.type === type);
}

/** Service name by task definition, and by the roles of that task definition. */
function servicesOfTasks(resources: Resources, services: ReadonlyMap<string, string>): Map<string, string> {
  const serviceOf = new Map<string, string>();
  for (const [id, name] of services) {
    const task = referenceTarget(resources.get(id)?.properties['TaskDefinition']);
    if (task === undefined) continue;
    serviceOf.set(task, name);
    const taskProperties = resources.get(task)?.properties ?? {};
    for (const role of [taskProperties['ExecutionRoleArn'], taskProperties['TaskRoleArn']].map(referenceTarget)) {
      if (role !== undefined) serviceOf.set(role, name);
    }
  }
  return serviceOf;
}

/** Service name by security group, for the groups exactly one service uses. */
function groupOwners(resources: Resources, services: ReadonlyMap<string, string>): Map<string, string> {
  const users = new Map<string, string[]>();
  for (const [id, name] of services) {
    const network = objectAt(objectAt(resources.get(id)?.properties['NetworkConfiguration'])['AwsvpcConfiguration']);
    for (const group of asArray(network['SecurityGroups']).map(referenceTarget)) {
      if (group !== undefined) users.set(group, [...(users.get(group) ?? []), name]);
    }
  }
  return new Map([...users].flatMap(([group, names]) => (names.length === 1 ? [[group, names[0] ?? '']] : [])));
}

/** A render's resources and the service names of the ones that belong to a service. */
function readRender(files: Record<string, string>): Render {
  const resources = readResources(files);
  const services = new Map(ofType(resources, SERVICE).map(([id, resource]) => [id, serviceName(id, resource)]));
  return { resources, services, serviceOf: servicesOfTasks(resources, services), groupOwner: groupOwners(resources, services) };
}

// ---- comparing ----

/** The entries of `now` whose key `old` lacks. */
function missingFrom<T>(now: ReadonlyMap<string, T>, old: ReadonlyMap<string, T>): T[] {
  return [...now].filter(([key]) => !old.has(key)).map(([, value]) => value);
}

/** An ingress rule with the security group that holds it (what tells rules apart). */
interface Ingress {
  rule: PortRule;
  group: string;
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** Where a rule admits traffic from: `world`, a security group's logical ID, or a CIDR or prefix list. */
function ingressSource(rule: JsonObject): string {
  const cidr = rule['CidrIp'] ?? rule['CidrIpv6'];
  if (typeof cidr === 'string' && WORLD.has(cidr)) return 'world';
  const group = rule['SourceSecurityGroupId'];
  if (group !== undefined) return referenceTarget(group) ?? readable(group);
  return readable(cidr ?? rule['SourcePrefixListId'] ?? rule['SourceSecurityGroupName']);
}

/** A rule of `group` as the Ports section shows it. */
function ingress(render: Render, group: string, rule: JsonObject): Ingress {
  const all = String(rule['IpProtocol']) === '-1';
  const [from, to] = [rule['FromPort'], rule['ToPort']].map(readable);
  const port = all ? 'all' : from === to ? String(from) : `${from}-${to}`;
  const protocol = all ? 'all' : readable(rule['IpProtocol']).toLowerCase();
  return { rule: { service: render.groupOwner.get(group) ?? group, port, protocol, from: ingressSource(rule) }, group };
}

/** Every ingress rule of a render, inline in a security group or standalone, by what tells it apart. */
function ingressRules(render: Render): Map<string, Ingress> {
  const rules: Ingress[] = [];
  for (const [id, group] of ofType(render.resources, SECURITY_GROUP)) {
    rules.push(...asArray(group.properties['SecurityGroupIngress']).map((rule) => ingress(render, id, objectAt(rule))));
  }
  for (const [, standalone] of ofType(render.resources, INGRESS)) {
    const group = referenceTarget(standalone.properties['GroupId']) ?? readable(standalone.properties['GroupId']);
    rules.push(ingress(render, group, standalone.properties));
  }
  return new Map(rules.map((r) => [[r.group, r.rule.port, r.rule.protocol, r.rule.from].join('\0'), r]));
}

/** A permission with the role that holds it. */
function permissions(render: Render): Map<string, Permission> {
  const found = new Map<string, Permission>();
  for (const [role, resource] of ofType(render.resources, ROLE)) {
    const service = render.serviceOf.get(role);
    const documents = asArray(resource.properties['Policies']).map((policy) => objectAt(objectAt(policy)['PolicyDocument']));
    const statements = documents.flatMap((document) => asArray(document['Statement']).map(objectAt));
    for (const statement of statements.filter((s) => s['Effect'] === 'Allow')) {
      for (const action of asArray(statement['Action']).map(readable)) {
        for (const target of asArray(statement['Resource']).map(readable)) {
          found.set([role, action, target].join('\0'), { role, ...(service !== undefined ? { service } : {}), action, resource: target });
        }
      }
    }
  }
  return found;
}

/** The properties of a resource present in both renders whose change makes CloudFormation replace it. */
function replacements(old: Render, now: Render): Replacement[] {
  const found: Replacement[] = [];
  for (const [id, resource] of now.resources) {
    const before = old.resources.get(id);
    if (!before || before.type !== resource.type) continue;
    const properties = (REPLACING_PROPERTIES[resource.type] ?? []).filter((p) => !isDeepStrictEqual(before.properties[p], resource.properties[p]));
    if (properties.length > 0) found.push({ resource: id, type: resource.type, properties });
  }
  return found;
}

/** The items of a list (absent: empty) whose items all have a `Name`, by name; undefined for other values. */
function namedItems(value: unknown): Map<string, unknown> | undefined {
  const list = value ?? [];
  if (!Array.isArray(list) || !list.every((item) => typeof objectAt(item)['Name'] === 'string')) return undefined;
  return new Map(list.map((item) => [String(objectAt(item)['Name']), item]));
}

/** Two lists of named items (environment, secrets, port mappings, containers) by name; undefined unless both are. */
function byName(old: unknown, now: unknown): [Map<string, unknown>, Map<string, unknown>] | undefined {
  const [before, after] = [namedItems(old), namedItems(now)];
  return before && after ? [before, after] : undefined;
}

/** The keys whose values differ: `Image`, and for a named list each changed name: `Environment REDIS_URL`. */
function changedKeys(old: JsonObject, now: JsonObject): string[] {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort(compareText);
  return keys.flatMap((key) => {
    if (isDeepStrictEqual(old[key], now[key])) return [];
    const named = byName(old[key], now[key]);
    if (!named) return [key];
    const [before, after] = named;
    const names = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
    return names.filter((name) => !isDeepStrictEqual(before.get(name), after.get(name))).map((name) => `${key} ${name}`);
  });
}

/** What changed in a task definition; the changes of a container are prefixed by its name when there are several. */
function taskDefinitionChanges(old: JsonObject, now: JsonObject): string[] {
  const { ContainerDefinitions: oldContainers, ...oldRest } = old;
  const { ContainerDefinitions: nowContainers, ...nowRest } = now;
  const containers = byName(oldContainers, nowContainers);
  if (!containers) return changedKeys(old, now);
  const [before, after] = containers;
  const several = Math.max(before.size, after.size) > 1;
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  const containerChanges = names.flatMap((name) => {
    const [a, b] = [before.get(name), after.get(name)];
    if (a === undefined) return [`container ${name} added`];
    if (b === undefined) return [`container ${name} removed`];
    return changedKeys(objectAt(a), objectAt(b)).map((change) => (several ? `${name}: ${change}` : change));
  });
  return [...changedKeys(oldRest, nowRest), ...containerChanges];
}

/** The resources a resource points to that are replaced: a new physical ID, so new values in its properties. */
function replacedReferences(resource: Resource, replaced: ReadonlySet<string>): string[] {
  const targets = new Set(referencesIn(resource.properties).map((r) => r.target));
  return [...targets].filter((target) => replaced.has(target)).sort(compareText).map((target) => `${target} replaced`);
}

/**
 * The task definitions that get a new revision (changed, or pointing to a replaced resource),
 * and the services, not replaced themselves, whose network or load balancer resources are replaced.
 */
function restarts(old: Render, now: Render, replaced: ReadonlySet<string>): Restart[] {
  const found: Restart[] = [];
  for (const [id, resource] of [...ofType(now.resources, TASK_DEFINITION), ...ofType(now.resources, SERVICE)]) {
    const before = old.resources.get(id);
    if (!before || before.type !== resource.type || replaced.has(id)) continue;
    const changes = resource.type === TASK_DEFINITION ? taskDefinitionChanges(before.properties, resource.properties) : [];
    const reason = [...changes, ...replacedReferences(resource, replaced)];
    const service = now.services.get(id) ?? now.serviceOf.get(id) ?? id.replace(/TaskDefinition$/, '');
    if (reason.length > 0) found.push({ service, resource: id, reason });
  }
  return found.sort((a, b) => compareText(a.service, b.service) || compareText(a.resource, b.resource));
}

/** The resources among `within` that `from` points to, directly or through others among `within`. */
function reachable(from: string[], resources: Resources, within: ReadonlySet<string>): Set<string> {
  const seen = new Set(from);
  const queue = [...from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const { target } of referencesIn(resources.get(id)?.declaration ?? {})) {
      if (!within.has(target) || seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return seen;
}

/** What of a declaration the Ports section does not review: all of it but the ingress rules of a security group. */
function unreviewed(resource: Resource | undefined): unknown {
  if (resource?.type !== SECURITY_GROUP) return resource?.declaration;
  const { SecurityGroupIngress: _rules, ...properties } = resource.properties;
  return { ...resource.declaration, Properties: properties };
}

/** Ids of `render` that are not in `other` (or are a resource of another type there). */
function onlyIn(render: Render, other: Render): Set<string> {
  return new Set([...render.resources].filter(([id, resource]) => other.resources.get(id)?.type !== resource.type).map(([id]) => id));
}

function comparePorts(a: PortRule, b: PortRule): number {
  const number = (rule: PortRule): number => Number.parseInt(rule.port, 10) || 0;
  return compareText(a.service, b.service) || number(a) - number(b) || compareText(a.port, b.port) || compareText(a.protocol, b.protocol) || compareText(a.from, b.from);
}

function comparePermissions(a: Permission, b: Permission): number {
  return compareText(a.service ?? '', b.service ?? '') || compareText(a.role, b.role) || compareText(a.action, b.action) || compareText(a.resource, b.resource);
}

/**
 * Compares two renders, each given as its files (file name -> template text, YAML or JSON, as
 * `render` writes them; `*.params.json` files are ignored). Throws a ComposeXError
 * (E_DIFF_TEMPLATE) for a file that cannot be read as a template.
 */
export function diffRenders(old: Record<string, string>, now: Record<string, string>): RenderDiff {
  const [before, after] = [readRender(old), readRender(now)];
  const [added, removed] = [onlyIn(after, before), onlyIn(before, after)];
  const servicesAdded = [...after.services].filter(([id]) => added.has(id));
  const servicesRemoved = [...before.services].filter(([id]) => removed.has(id));
  const [rulesBefore, rulesAfter] = [ingressRules(before), ingressRules(after)];
  const [opened, closed] = [missingFrom(rulesAfter, rulesBefore), missingFrom(rulesBefore, rulesAfter)];
  const [grantsBefore, grantsAfter] = [permissions(before), permissions(after)];
  const [granted, revoked] = [missingFrom(grantsAfter, grantsBefore), missingFrom(grantsBefore, grantsAfter)];
  const replaced = replacements(before, after);
  const restarted = restarts(before, after, new Set(replaced.map((r) => r.resource)));

  const covered = new Set([
    ...reachable(servicesAdded.map(([id]) => id), after.resources, added),
    ...reachable(servicesRemoved.map(([id]) => id), before.resources, removed),
    ...[...granted, ...revoked].map((permission) => permission.role),
    ...restarted.map((restart) => restart.resource),
    ...replaced.map((replacement) => replacement.resource),
  ]);
  const modified = [...after.resources.keys()].filter(
    (id) => !added.has(id) && !isDeepStrictEqual(unreviewed(before.resources.get(id)), unreviewed(after.resources.get(id))),
  );
  const ruleResources = new Set([...ofType(before.resources, INGRESS), ...ofType(after.resources, INGRESS)].map(([id]) => id));
  const uncovered = (ids: Iterable<string>): number => [...ids].filter((id) => !covered.has(id) && !ruleResources.has(id)).length;

  return {
    servicesAdded: servicesAdded.map(([, name]) => name).sort(compareText),
    servicesRemoved: servicesRemoved.map(([, name]) => name).sort(compareText),
    portsOpened: opened.map((r) => r.rule).sort(comparePorts),
    portsClosed: closed.map((r) => r.rule).sort(comparePorts),
    permissionsGranted: granted.sort(comparePermissions),
    permissionsRevoked: revoked.sort(comparePermissions),
    restarts: restarted,
    replacements: replaced,
    otherChanges: { added: uncovered(added), removed: uncovered(removed), modified: uncovered(modified) },
  };
}

// ---- text ----

type Change = '+' | '-' | '~';
const COLORS: Record<Change, number> = { '+': 32, '-': 31, '~': 33 };

function line(change: Change, text: string, color: boolean): string {
  const body = `  ${change} ${text}`;
  return color ? `\u001b[${COLORS[change]}m${body}\u001b[0m` : body;
}

function portText(rule: PortRule): string {
  const what = rule.protocol === 'all' ? 'all traffic' : `${rule.port}/${rule.protocol}`;
  return `${rule.service}: ${what} from ${rule.from}`;
}

function permissionText(permission: Permission): string {
  const holder = permission.service === undefined ? permission.role : `${permission.service} (${permission.role})`;
  return `${holder}: ${permission.action} on ${permission.resource}`;
}

const plural = (n: number): string => `${n} resource${n === 1 ? '' : 's'}`;

type Line = [Change, string];

function lines<T>(change: Change, items: readonly T[], text: (item: T) => string): Line[] {
  return items.map((item) => [change, text(item)]);
}

/** The lines of each section, empty sections included. */
function sections(diff: RenderDiff): [string, Line[]][] {
  const { added, removed, modified } = diff.otherChanges;
  const some = (n: number): number[] => (n > 0 ? [n] : []);
  return [
    ['Services', [...lines('+', diff.servicesAdded, String), ...lines('-', diff.servicesRemoved, String)]],
    ['Ports', [...lines('+', diff.portsOpened, portText), ...lines('-', diff.portsClosed, portText)]],
    ['Permissions', [...lines('+', diff.permissionsGranted, permissionText), ...lines('-', diff.permissionsRevoked, permissionText)]],
    [
      'Restarts and replacements',
      [
        ...lines('~', diff.restarts, (r) => `${r.service} restarts (${r.resource}): ${r.reason.join(', ')}`),
        ...lines('~', diff.replacements, (r) => `${r.resource} (${r.type}) is replaced: ${r.properties.join(', ')}`),
      ],
    ],
    [
      'Other changes',
      [
        ...lines('+', some(added), (n) => `${plural(n)} added`),
        ...lines('-', some(removed), (n) => `${plural(n)} removed`),
        ...lines('~', some(modified), (n) => `${plural(n)} modified`),
      ],
    ],
  ];
}

/**
 * The diff as text for a reviewer: one section per kind of change that has any (Services,
 * Ports, Permissions, Restarts and replacements, Other changes), each line starting with `+`
 * (added, opened, granted), `-` (removed, closed, revoked) or `~` (changed), in green, red and
 * yellow when `color` is set; `no changes` when the renders do the same. Ends with a newline.
 */
export function renderDiffText(diff: RenderDiff, color: boolean): string {
  const shown = sections(diff).filter(([, body]) => body.length > 0);
  if (shown.length === 0) return 'no changes\n';
  const text = shown.map(([title, body]) => [title, ...body.map(([change, words]) => line(change, words, color))].join('\n'));
  return `${text.join('\n')}\n`;
}
