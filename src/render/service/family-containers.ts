import { containerListening, type Family } from '../../mesh/family.js';
import type { Listener } from '../../mesh/graph.js';
import { ParseError, type Position, type TreePath } from '../../parser/diagnostics.js';
import type { DependsOn, Service } from '../../parser/model.js';
import type { MemberContainer } from './task-definition.js';
import { TASK_POLICY, type TaskRolePolicies } from './task-role-policies.js';

/** ECS's container dependency conditions for compose's depends_on conditions (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html). */
const CONDITIONS: Record<DependsOn['condition'], string> = {
  service_started: 'START',
  service_healthy: 'HEALTHY',
  service_completed_successfully: 'SUCCESS',
};

const MiB = 1024 * 1024;

/** An ECS ComposeX family's task as the render needs it: who listens where, each member's container, the size of all. */
export interface FamilyTask {
  /** The listeners of the app container (the family's first service). */
  listeners: Listener[];
  members: MemberContainer[];
  /** The app container's waits on the members. */
  waits: MemberContainer['waits'];
  /** The service whose deploy.resources size the task: the sum of the containers' limits (else reservations). */
  sized: Service;
}

/**
 * Splits a family's task among its containers: each listener goes to the first container (the
 * app's first) whose ports or expose name it, each depends_on inside the family becomes a
 * container dependency, and the task is sized for the sum of what the containers ask.
 */
export function familyTask(name: string, service: Service, listeners: Listener[], family: Family): FamilyTask {
  const all = [{ name, service: family.primary }, ...family.members];
  const owner = (l: Listener): string => containerListening(name, family, l.port, l.protocol);
  const inFamily = new Set(all.map((c) => c.name));
  const waitsOf = (s: Service): MemberContainer['waits'] =>
    Object.entries(s.depends_on)
      .filter(([target]) => inFamily.has(target))
      .map(([target, d]) => ({ ContainerName: target, Condition: CONDITIONS[d.condition] }));
  const members = family.members.map((m) => ({
    name: m.name,
    service: m.service,
    image: m.service.image ?? '',
    listeners: listeners.filter((l) => owner(l) === m.name),
    essential: m.essential,
    waits: waitsOf(m.service),
  }));
  const total = (pick: (s: Service) => number | undefined): number | undefined => {
    const values = all.map((c) => pick(c.service)).filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
  };
  const cpus = total((s) => s.deploy?.resources?.limits?.cpus ?? s.deploy?.resources?.reservations?.cpus);
  const memory = total((s) => s.deploy?.resources?.limits?.memory ?? s.deploy?.resources?.reservations?.memory);
  const limits = { ...(cpus !== undefined ? { cpus } : {}), ...(memory !== undefined ? { memory: Math.ceil(memory / MiB) * MiB } : {}) };
  return {
    listeners: listeners.filter((l) => owner(l) === name),
    members,
    waits: waitsOf(family.primary),
    sized: { ...service, deploy: { ...service.deploy, resources: { limits } } },
  };
}

/**
 * The task role's policies of all the containers of a task: one role for the family. Two
 * policies of one name, or two permissions boundaries, are an error at the member's x-iam.
 */
export function mergedPolicies(all: { name: string; policies: TaskRolePolicies }[], locate: (path: TreePath) => Position | undefined): TaskRolePolicies {
  const names = new Set([TASK_POLICY]);
  const boundaries = new Set<string>();
  for (const { name, policies } of all) {
    const clash = policies.policies.find((p) => names.has(p.PolicyName));
    const boundary = policies.permissionsBoundary === undefined ? undefined : JSON.stringify(policies.permissionsBoundary);
    if (clash || (boundary !== undefined && boundaries.size > 0 && !boundaries.has(boundary))) {
      const path = ['services', name, 'x-iam'];
      throw new ParseError('E_TASK_FAMILY', `the containers of one task share its role, and ${name}'s x-iam ${clash ? `repeats the policy "${clash.PolicyName}"` : 'sets another permissions boundary'}.`, {
        path,
        position: locate(path),
        hint: 'Give the policies of a family distinct names, and at most one permissions boundary.',
      });
    }
    for (const p of policies.policies) names.add(p.PolicyName);
    if (boundary !== undefined) boundaries.add(boundary);
  }
  const boundary = all.find((p) => p.policies.permissionsBoundary !== undefined)?.policies.permissionsBoundary;
  const managed = [...new Map(all.flatMap((p) => p.policies.managedPolicyArns).map((arn) => [JSON.stringify(arn), arn])).values()];
  return { policies: all.flatMap((p) => p.policies.policies), managedPolicyArns: managed, ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}) };
}
