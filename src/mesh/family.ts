import { ParseError, type Position, type TreePath } from '../parser/diagnostics.js';
import type { DependsOn, Project, Service } from '../parser/model.js';
import { exposedRange } from '../parser/syntax/ports.js';
import { ESSENTIAL_LABEL, FAMILY_LABEL, familyOf } from '../support/task-family.js';


/** A compose service that runs as a container of another's task (the family's first service). */
export interface FamilyMember {
  name: string;
  service: Service;
  /** False with the label ecs.essential: "false" (ECS ComposeX's): the task goes on when it stops. */
  essential: boolean;
}

/** A family's task: the first service as written (its depends_on on the members included) and the other members. */
export interface Family {
  primary: Service;
  members: FamilyMember[];
}

type Locate = (path: TreePath) => Position | undefined;

/** What each member must share with the first service of its family: one ECS service runs them. */
const SHARED: readonly { key: TreePath; of: (s: Service) => unknown }[] = [
  { key: ['networks'], of: (s) => Object.keys(s.networks).sort() },
  { key: ['deploy', 'replicas'], of: (s) => s.deploy?.replicas ?? 1 },
  { key: ['platform'], of: (s) => s.platform },
];

/** What compose-x does not combine into a family member's container yet. */
const UNSUPPORTED: readonly { key: string; set: (s: Service) => boolean }[] = [
  { key: 'build', set: (s) => s.build !== undefined },
  { key: 'volumes', set: (s) => s.volumes.length > 0 },
  { key: 'secrets', set: (s) => s.secrets.length > 0 },
  { key: 'configs', set: (s) => s.configs.length > 0 },
  ...['x-serviceconnect', 'x-cloudmap', 'x-ingress', 'x-network'].map((key) => ({ key, set: (s: Service) => s.extensions[key] !== undefined })),
];

/**
 * ECS ComposeX's families: the compose services with the same ecs.task.family label run as the
 * containers of one task, in one ECS service named after the first of them in the file. The
 * project returned has that service only, with the ports of all (so the graph, discovery and
 * ingress see them) and their depends_on outside the family; a depends_on on a member is one
 * on it. `families` holds each such task by that service. A family of one service changes
 * nothing. What one ECS service cannot run together (other networks, replicas, platforms) is
 * an error, as is what compose-x does not put in a member's container yet.
 */
export function groupTaskFamilies(project: Project, locate: Locate): { project: Project; families: Record<string, Family> } {
  const byFamily = new Map<string, string[]>();
  for (const name of Object.keys(project.services)) {
    const family = familyOf(project.services[name]!);
    if (family !== undefined) byFamily.set(family, [...(byFamily.get(family) ?? []), name]);
  }
  const families: Record<string, Family> = {};
  const primaryOf = new Map<string, string>();
  for (const names of byFamily.values()) {
    const [primary, ...members] = names;
    if (primary === undefined || members.length === 0) continue;
    const first = project.services[primary]!;
    for (const name of members) {
      const member = project.services[name]!;
      for (const shared of SHARED) {
        if (JSON.stringify(shared.of(member)) === JSON.stringify(shared.of(first))) continue;
        throw familyError(name, shared.key, `"${name}" and "${primary}" are one ECS task (${FAMILY_LABEL}), so they need the same ${shared.key.join('.')}.`, locate);
      }
      const unsupported = UNSUPPORTED.find((u) => u.set(member));
      if (unsupported) {
        throw familyError(name, [unsupported.key], `compose-x does not put ${unsupported.key} in the container of "${name}", a member of the task of "${primary}" (${FAMILY_LABEL}).`, locate);
      }
      primaryOf.set(name, primary);
    }
    families[primary] = {
      primary: first,
      members: members.map((name) => {
        const service = project.services[name]!;
        const essential = (service.deploy?.labels?.[ESSENTIAL_LABEL] ?? service.labels[ESSENTIAL_LABEL])?.toLowerCase() !== 'false';
        return { name, service, essential };
      }),
    };
  }
  if (Object.keys(families).length === 0) return { project, families };
  const services: Record<string, Service> = {};
  for (const [name, service] of Object.entries(project.services)) {
    if (primaryOf.has(name)) continue;
    const members = families[name]?.members ?? [];
    const inFamily = new Set([name, ...members.map((m) => m.name)]);
    const dependsOn: Record<string, DependsOn> = {};
    for (const s of [service, ...members.map((m) => m.service)]) {
      for (const [target, condition] of Object.entries(s.depends_on)) {
        if (inFamily.has(target)) continue;
        dependsOn[primaryOf.get(target) ?? target] ??= condition;
      }
    }
    services[name] = {
      ...service,
      ports: [...service.ports, ...members.flatMap((m) => m.service.ports)],
      expose: [...new Set([...service.expose, ...members.flatMap((m) => m.service.expose)])],
      depends_on: dependsOn,
    };
  }
  return { project: { ...project, services }, families };
}

function familyError(name: string, key: TreePath, message: string, locate: Locate): ParseError {
  const path = ['services', name, ...key];
  return new ParseError('E_TASK_FAMILY', message, {
    path,
    position: locate(path),
    hint: `Give it the same settings, or take it out of the family (remove its ${FAMILY_LABEL} label).`,
  });
}

/** The container of `service`'s task that listens on a port: the family member whose ports or expose name it, else the service's own. */
export function containerListening(service: string, family: Family | undefined, port: number, protocol: 'tcp' | 'udp'): string {
  if (!family) return service;
  const all = [{ name: service, service: family.primary }, ...family.members];
  return all.find((c) => listensOn(c.service, port, protocol))?.name ?? service;
}

function listensOn(service: Service, port: number, protocol: 'tcp' | 'udp'): boolean {
  if (service.ports.some((p) => p.target === port && p.protocol === protocol)) return true;
  return service.expose.some((entry) => {
    const range = exposedRange(entry);
    return range !== undefined && range.protocol === protocol && range.start <= port && port <= range.end;
  });
}
