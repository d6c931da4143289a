import type { Finding } from './finding.js';
import { objectsOf, text, type TemplateView } from './template-view.js';

/**
 * A port mapping's name: up to 64 characters, lower-case letters, digits, `_` and `-`, not
 * starting with a hyphen (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html).
 * Service Connect's `PortName` must match one of them, and a Service Connect service's
 * `DiscoveryName` follows the same rule
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html).
 */
export const PORT_NAME = { pattern: /^[a-z0-9_][a-z0-9_-]*$/, maxLength: 64 } as const;

/** What is wrong with a port name (or a discovery name), or undefined when ECS takes it. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > PORT_NAME.maxLength) return `is ${name.length} characters long, over the ${PORT_NAME.maxLength} ECS allows`;
  if (!PORT_NAME.pattern.test(name)) {
    return name.startsWith('-') ? 'starts with a hyphen' : 'has characters other than lower-case letters, digits, "_" and "-"';
  }
  return undefined;
}

/** A suggestion that ECS takes: lower case, other characters as "-", at most 64 characters. */
export function portNameSuggestion(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^-+/, '').slice(0, PORT_NAME.maxLength) || 'port';
}

/** Rule port-mapping-name: each port mapping `Name` is one ECS takes, and unique within its task definition. */
export function checkPortMappingNames(view: TemplateView): Finding[] {
  const findings: Finding[] = [];
  for (const task of view.taskDefinitions) {
    const seen = new Map<string, string>();
    for (const container of task.containers) {
      for (const [index, mapping] of objectsOf(container.definition['PortMappings'])) {
        const name = text(mapping['Name']);
        if (name === undefined) continue;
        const path = `${container.path}.PortMappings[${index}].Name`;
        const problem = portNameProblem(name);
        if (problem) {
          findings.push({
            rule: 'port-mapping-name',
            resource: task.resource.id,
            path,
            message: `the port name "${name}" ${problem}; ECS refuses the task definition.`,
            fix: `Name the port with lower-case letters, digits, "_" and "-" (e.g. "${portNameSuggestion(name)}").`,
          });
        }
        const first = seen.get(name);
        if (first !== undefined) {
          findings.push({
            rule: 'port-mapping-name',
            resource: task.resource.id,
            path,
            message: `the port name "${name}" is already the name of ${first}; port names must be unique within a task definition.`,
            fix: 'Give each port mapping of the task definition its own name.',
          });
        } else {
          seen.set(name, path);
        }
      }
    }
  }
  return findings;
}
