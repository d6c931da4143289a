/**
 * What a service asks of ECS in size and count: CPUs and memory above zero (limits and
 * reservations; the parser folds cpus:, mem_limit: and mem_reservation: into deploy.resources,
 * and points their findings at the key as written; the schema refuses negative numbers, a
 * string such as "-0.5" is caught here), and replicas (deploy.replicas, or scale:, which the
 * schema keeps from being negative) within ECS's quota of tasks per service (the desired
 * count): 5,000 by default, 1,000 for a service registered in Cloud Map (Amazon ECS service quotas).
 * A memory limit below the memory reservation is refused: ECS rejects a container whose Memory is
 * less than its MemoryReservation, and docker refuses to run it ("Minimum memory limit can not be
 * less than memory reservation limit"); the Compose Specification does not say.
 */
import type { TreePath } from '../../parser/diagnostics.js';
import type { ResourceSpec } from '../../parser/model.js';
import { finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

export const MAX_TASKS_PER_SERVICE = 5000;

const KINDS = ['limits', 'reservations'] as const;
const MiB = 1024 * 1024;

/** https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (memory: "must be greater than memoryReservation"). */
function memoryBelowReservation(resources: { limits?: ResourceSpec; reservations?: ResourceSpec } | undefined, at: TreePath): SupportFinding[] {
  const limit = resources?.limits?.memory;
  const reservation = resources?.reservations?.memory;
  if (limit === undefined || reservation === undefined || !(limit > 0) || !(limit < reservation)) return [];
  const text = (bytes: number): string => `${Math.ceil(bytes / MiB)} MiB`;
  return [
    finding(
      'error',
      'E_MEMORY_BELOW_RESERVATION',
      [...at, 'limits', 'memory'],
      `the memory limit ${text(limit)} is below the memory reservation ${text(reservation)}: ECS refuses a container whose Memory is less than its MemoryReservation (docker refuses it too: "Minimum memory limit can not be less than memory reservation limit").`,
      `Raise limits.memory to at least ${text(reservation)}, or lower reservations.memory to at most ${text(limit)}.`,
    ),
  ];
}

function resourceFindings(spec: ResourceSpec | undefined, at: TreePath): SupportFinding[] {
  const findings: SupportFinding[] = [];
  if (spec?.cpus !== undefined && !(spec.cpus > 0)) {
    findings.push(
      finding(
        'error',
        'E_CPUS',
        [...at, 'cpus'],
        `cpus ${spec.cpus} is no share of a CPU ECS can give a container: it must be more than 0.`,
        'Set the vCPUs the container needs (e.g. 0.25 or 1), or remove the key: the task then has 0.25 vCPU.',
      ),
    );
  }
  if (spec?.memory !== undefined && !(spec.memory > 0)) {
    findings.push(
      finding(
        'error',
        'E_MEMORY',
        [...at, 'memory'],
        `memory ${spec.memory} is no amount ECS can give a container: it must be more than 0 (Docker reads 0 as "no limit", ECS does not).`,
        'Set the memory the container needs (e.g. 512m), or remove the key to have no limit of its own below the task\'s.',
      ),
    );
  }
  return findings;
}

export function checkResources({ service, at }: Scope): SupportFinding[] {
  const deployAt = [...at, 'deploy'];
  const resources = service.deploy?.resources;
  const findings = [
    ...KINDS.flatMap((kind) => resourceFindings(resources?.[kind], [...deployAt, 'resources', kind])),
    ...memoryBelowReservation(resources, [...deployAt, 'resources']),
  ];
  const replicas = service.deploy?.replicas;
  if (replicas === undefined) return findings;
  const path = [...deployAt, 'replicas'];
  if (replicas === 0) {
    findings.push(
      finding(
        'warning',
        'W_NO_REPLICAS',
        path,
        `the ECS service of "${service.name}" is made with no task to run (replicas 0).`,
        'Set replicas to the number of tasks to run, or remove the service if it should not run.',
      ),
    );
  } else if (replicas > MAX_TASKS_PER_SERVICE) {
    findings.push(
      finding(
        'error',
        'E_REPLICAS',
        path,
        `replicas ${replicas} is more tasks than an ECS service runs: its desired count is at most ${MAX_TASKS_PER_SERVICE.toLocaleString('en-US')} by default (quota "Tasks per service"; 1,000 when it is registered in Cloud Map).`,
        `Run at most ${MAX_TASKS_PER_SERVICE.toLocaleString('en-US')} tasks in a service, or split the work across services.`,
      ),
    );
  }
  return findings;
}
