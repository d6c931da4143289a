import type { Finding } from './finding.js';
import { taskCpu, taskMemory } from './fargate-task-size.js';
import { integer, label, type Container, type TaskDefinitionView } from './template-view.js';

/**
 * Rule memory-reservation: when a container sets both, its `Memory` (the hard limit) is at
 * least its `MemoryReservation` (the soft limit)
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html,
 * memory; "greater than or equal to", awsdocs/amazon-ecs-developer-guide#242).
 */
export function checkMemoryReservation(tasks: readonly TaskDefinitionView[]): Finding[] {
  const findings: Finding[] = [];
  for (const task of tasks) {
    for (const container of task.containers) {
      const memory = integer(container.definition['Memory']);
      const reservation = integer(container.definition['MemoryReservation']);
      if (memory === undefined || reservation === undefined || memory >= reservation) continue;
      findings.push({
        rule: 'memory-reservation',
        resource: task.resource.id,
        path: `${container.path}.Memory`,
        message: `container ${label(container)} has a Memory limit of ${memory} MiB, below its MemoryReservation of ${reservation} MiB; ECS refuses the task definition.`,
        fix: 'Raise Memory to at least MemoryReservation, or lower the reservation (compose: deploy.resources.limits.memory >= deploy.resources.reservations.memory).',
      });
    }
  }
  return findings;
}

/**
 * Rule container-resources: the containers fit in their task. The CPU units of all
 * containers add up to at most the task's Cpu; no container's Memory is over the task's
 * Memory; and what the containers reserve (each its MemoryReservation, else its Memory) adds
 * up to at most the task's Memory
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_memory,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html, cpu and memory).
 */
export function checkContainerResources(tasks: readonly TaskDefinitionView[]): Finding[] {
  const findings: Finding[] = [];
  for (const task of tasks) {
    const id = task.resource.id;
    const cpu = taskCpu(task);
    const memory = taskMemory(task);
    if (cpu !== undefined) {
      const sum = total(task.containers, (c) => integer(c.definition['Cpu']));
      if (sum > cpu) {
        findings.push({
          rule: 'container-resources',
          resource: id,
          path: 'Properties.ContainerDefinitions',
          message: `the containers ask for ${sum} CPU units together (${shares(task.containers, 'Cpu')}), more than the task's Cpu of ${cpu}.`,
          fix: 'Raise the task Cpu to at least the sum, or lower the containers\' Cpu (compose: deploy.resources.limits.cpus).',
        });
      }
    }
    if (memory === undefined) continue;
    for (const container of task.containers) {
      const limit = integer(container.definition['Memory']);
      if (limit !== undefined && limit > memory) {
        findings.push({
          rule: 'container-resources',
          resource: id,
          path: `${container.path}.Memory`,
          message: `container ${label(container)} has a Memory limit of ${limit} MiB, more than the task's Memory of ${memory} MiB.`,
          fix: 'Raise the task Memory, or lower the container\'s Memory (compose: deploy.resources.limits.memory).',
        });
      }
    }
    const reserved = total(task.containers, (c) => integer(c.definition['MemoryReservation']) ?? integer(c.definition['Memory']));
    if (reserved > memory) {
      findings.push({
        rule: 'container-resources',
        resource: id,
        path: 'Properties.ContainerDefinitions',
        message: `the containers reserve ${reserved} MiB together (each its MemoryReservation, else its Memory), more than the task's Memory of ${memory} MiB.`,
        fix: 'Raise the task Memory to at least the sum, or lower what the containers reserve (compose: deploy.resources.reservations.memory).',
      });
    }
  }
  return findings;
}

function total(containers: readonly Container[], amount: (container: Container) => number | undefined): number {
  return containers.reduce((sum, container) => sum + (amount(container) ?? 0), 0);
}

/** `web 512, envoy 256` */
function shares(containers: readonly Container[], key: string): string {
  return containers
    .flatMap((c) => {
      const value = integer(c.definition[key]);
      return value === undefined ? [] : [`${label(c)} ${value}`];
    })
    .join(', ');
}
