/**
 * `compose-x diff --rendered OLD_DIR`: what a change of the compose project does, read from two
 * renders (the templates written earlier, and the ones rendered now) without asking AWS. The
 * summary is made for reviewing a pull request: services added or removed, ports opened or
 * closed, permissions granted or revoked, the changes that restart tasks or replace resources,
 * and the services whose deployment (x-deployment, update_config) changes.
 *
 * A render is the union of the resources of its templates (the root and, for a split project,
 * the nested stacks), by logical ID. The references a split turned into nested-stack parameters
 * are read back as the references they stand for, so splitting alone changes no resource.
 */
import { isDeepStrictEqual } from 'node:util';
import type { JsonObject } from '../../render/template/json-object.js';
import { referencesIn } from '../../render/split/references.js';
import {
  asArray,
  compareText,
  INGRESS,
  objectAt,
  ofType,
  readable,
  readRender,
  referenceTarget,
  ROLE,
  SECURITY_GROUP,
  SERVICE,
  TASK_DEFINITION,
  type Resource,
  type Resources,
  type Render,
} from './read-render.js';
import { fileChanges } from './files.js';
import { REPLACING_PROPERTIES } from './replacing-properties.js';
import { scalingChanges } from './scaling.js';
import { deploymentOf, type ReviewDeployment } from '../deployment.js';
import type { DeploymentChange, OtherResource, Permission, PortRule, RenderDiff, Replacement, Restart } from './types.js';

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

/** The action of a Permission that is a managed policy attached to a role (the policy is its resource). */
const MANAGED_POLICY = 'managed policy';

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
    // A managed policy's statements are not in the template: the policy itself is what the role is granted.
    for (const policy of asArray(resource.properties['ManagedPolicyArns']).map(readable)) {
      found.set([role, MANAGED_POLICY, policy].join('\0'), { role, ...(service !== undefined ? { service } : {}), action: MANAGED_POLICY, resource: policy });
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

/** What changed in a task definition, the changes of its files told by file instead of by the init container that carries them. */
function taskDefinitionRestarts(old: Resource, now: Resource): string[] {
  const files = fileChanges(old.declaration, now.declaration);
  const explained = (change: string): boolean =>
    files.containers.some((c) => change.startsWith(`${c}: `) || change === `container ${c} added` || change === `container ${c} removed`);
  return [...taskDefinitionChanges(old.properties, now.properties).filter((change) => !explained(change)), ...files.changes];
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
    const changes = resource.type === TASK_DEFINITION ? taskDefinitionRestarts(before, resource) : [];
    const reason = [...changes, ...replacedReferences(resource, replaced)];
    const service = now.services.get(id) ?? now.serviceOf.get(id) ?? id.replace(/TaskDefinition$/, '');
    if (reason.length > 0) found.push({ service, resource: id, reason });
  }
  return found.sort((a, b) => compareText(a.service, b.service) || compareText(a.resource, b.resource));
}

/** A deployment on one line: `CANARY 10% 5 min, bake 10 min, alarms web-5xx, test traffic x-canary: web`. */
export function deploymentText(deployment: ReviewDeployment): string {
  return [
    deployment.strategy,
    ...(deployment.bakeTimeMinutes !== undefined ? [`bake ${deployment.bakeTimeMinutes} min`] : []),
    ...(deployment.alarms.length > 0 ? [`alarms ${deployment.alarms.join(' ')}`] : []),
    ...(deployment.testTraffic !== undefined ? [`test traffic ${deployment.testTraffic}`] : []),
  ].join(', ');
}

/** The ECS services of both renders whose deployment reads differently. */
function deploymentChanges(old: Render, now: Render): DeploymentChange[] {
  const found: DeploymentChange[] = [];
  for (const [id, name] of now.services) {
    const before = old.resources.get(id);
    const after = now.resources.get(id);
    if (before?.type !== SERVICE || !after) continue;
    const [from, to] = [deploymentText(deploymentOf(before.properties)), deploymentText(deploymentOf(after.properties))];
    if (from !== to) found.push({ service: name, from, to });
  }
  return found.sort((a, b) => compareText(a.service, b.service));
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
  const scaling = scalingChanges(before, after);
  const deployments = deploymentChanges(before, after);

  const covered = new Set([
    ...reachable(servicesAdded.map(([id]) => id), after.resources, added),
    ...reachable(servicesRemoved.map(([id]) => id), before.resources, removed),
    ...[...granted, ...revoked].map((permission) => permission.role),
    ...restarted.map((restart) => restart.resource),
    ...replaced.map((replacement) => replacement.resource),
    ...scaling.resources,
    ...[...after.services].filter(([, name]) => deployments.some((d) => d.service === name)).map(([id]) => id),
  ]);
  const modified = [...after.resources.keys()].filter(
    (id) => !added.has(id) && !isDeepStrictEqual(unreviewed(before.resources.get(id)), unreviewed(after.resources.get(id))),
  );
  const ruleResources = new Set([...ofType(before.resources, INGRESS), ...ofType(after.resources, INGRESS)].map(([id]) => id));
  const uncoveredIds = (ids: Iterable<string>): string[] => [...ids].filter((id) => !covered.has(id) && !ruleResources.has(id)).sort(compareText);
  const uncovered = (ids: Iterable<string>): number => uncoveredIds(ids).length;
  const other = (change: OtherResource['change'], ids: Iterable<string>, render: Render): OtherResource[] =>
    uncoveredIds(ids).map((resource) => ({ resource, type: render.resources.get(resource)?.type ?? '', change }));

  return {
    servicesAdded: servicesAdded.map(([, name]) => name).sort(compareText),
    servicesRemoved: servicesRemoved.map(([, name]) => name).sort(compareText),
    portsOpened: opened.map((r) => r.rule).sort(comparePorts),
    portsClosed: closed.map((r) => r.rule).sort(comparePorts),
    permissionsGranted: granted.sort(comparePermissions),
    permissionsRevoked: revoked.sort(comparePermissions),
    restarts: restarted,
    replacements: replaced,
    scaling: scaling.changes,
    deployments,
    otherChanges: { added: uncovered(added), removed: uncovered(removed), modified: uncovered(modified) },
    otherResources: [
      ...other('added', added, after),
      ...other('removed', removed, before),
      ...other('modified', modified, after).map((r) => ({
        ...r,
        paths: differingPaths(unreviewed(before.resources.get(r.resource)), unreviewed(after.resources.get(r.resource)), '', 3),
      })),
    ],
  };
}

/** Where two values differ, as dotted paths, `depth` keys deep at most (a difference below is named by its path at that depth). */
function differingPaths(a: unknown, b: unknown, at: string, depth: number): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  const objects = [a, b].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  if (!objects || depth === 0) return [at];
  const [x, y] = [a, b] as [Record<string, unknown>, Record<string, unknown>];
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort(compareText);
  return keys.flatMap((key) => differingPaths(x[key], y[key], at ? `${at}.${key}` : key, depth - 1));
}

/** Whether two renders differ in anything the summary shows. */
export function hasChanges(diff: RenderDiff): boolean {
  const { otherChanges, otherResources: _named, ...lists } = diff;
  return Object.values(lists).some((list: readonly unknown[]) => list.length > 0) || Object.values(otherChanges).some((n) => n > 0);
}
