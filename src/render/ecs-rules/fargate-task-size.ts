import { FARGATE_SIZES } from '../service/fargate-size.js';
import { isObject } from '../template/json-object.js';
import type { Finding } from './finding.js';
import { integer, text, type TaskDefinitionView } from './template-view.js';

/**
 * A task's Cpu in CPU units: `1024`, or `"1 vCPU"`; its Memory in MiB: `2048`, or `"2 GB"`
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size).
 * Undefined when the value is not literal.
 */
export function taskCpu(task: TaskDefinitionView): number | undefined {
  return withUnit(task.resource.properties['Cpu'], /^(\d+(?:\.\d+)?)\s*vcpu$/i);
}

export function taskMemory(task: TaskDefinitionView): number | undefined {
  return withUnit(task.resource.properties['Memory'], /^(\d+(?:\.\d+)?)\s*gb$/i);
}

function withUnit(value: unknown, scaled: RegExp): number | undefined {
  const plain = integer(value);
  if (plain !== undefined) return plain;
  const match = scaled.exec(text(value)?.trim() ?? '');
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Rule fargate-size: a Fargate task's Cpu and Memory are one of the sizes Fargate runs (Linux),
 * the table of src/render/service/fargate-size.ts
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
 */
export function checkFargateSize(tasks: readonly TaskDefinitionView[]): Finding[] {
  const findings: Finding[] = [];
  for (const task of tasks) {
    if (!task.fargate || windows(task)) continue;
    const { properties, id } = task.resource;
    for (const key of ['Cpu', 'Memory'] as const) {
      if (properties[key] === undefined) {
        findings.push({
          rule: 'fargate-size',
          resource: id,
          path: `Properties.${key}`,
          message: `a Fargate task definition needs a task-level ${key}; it has none.`,
          fix: `Set ${key} to a Fargate size (e.g. Cpu 256 with Memory 512).`,
        });
      }
    }
    const cpu = taskCpu(task);
    const memory = taskMemory(task);
    if (cpu === undefined || memory === undefined) continue;
    const tier = FARGATE_SIZES.find((t) => t.cpu === cpu);
    if (!tier) {
      findings.push({
        rule: 'fargate-size',
        resource: id,
        path: 'Properties.Cpu',
        message: `${cpu} CPU units is not a Fargate size.`,
        fix: `Use one of ${FARGATE_SIZES.map((t) => t.cpu).join(', ')} (1024 units = 1 vCPU).`,
      });
    } else if (!tier.memory.includes(memory)) {
      findings.push({
        rule: 'fargate-size',
        resource: id,
        path: 'Properties.Memory',
        message: `${memory} MiB is not a memory size Fargate offers with ${cpu} CPU units.`,
        fix: `With ${cpu} CPU units use ${memoryChoices(tier.memory)} MiB, or change Cpu.`,
      });
    }
  }
  return findings;
}

/** `512, 1024, 2048`, or `2048 to 8192 in steps of 1024` for a long list. */
function memoryChoices(memory: readonly number[]): string {
  const [first, second] = memory;
  const last = memory.at(-1);
  if (memory.length <= 3 || first === undefined || second === undefined || last === undefined) return memory.join(', ');
  return `${first} to ${last} in steps of ${second - first}`;
}

/** Fargate on Windows has a table of its own, not checked here. */
function windows(task: TaskDefinitionView): boolean {
  const platform = task.resource.properties['RuntimePlatform'];
  return isObject(platform) && text(platform['OperatingSystemFamily'])?.startsWith('WINDOWS') === true;
}
