import type { Finding } from './finding.js';
import { label, objectsOf, text, type TaskDefinitionView } from './template-view.js';

/**
 * Rule healthy-dependency: a container that waits for another to be HEALTHY needs that one to
 * have a health check, and the one it names to be in the task definition: "This requires that
 * the dependent container has health checks configured"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html).
 */
export function checkHealthyDependencies(tasks: readonly TaskDefinitionView[]): Finding[] {
  const findings: Finding[] = [];
  for (const task of tasks) {
    const byName = new Map(task.containers.flatMap((c) => (c.name !== undefined ? [[c.name, c] as const] : [])));
    for (const container of task.containers) {
      for (const [index, dependency] of objectsOf(container.definition['DependsOn'])) {
        const name = text(dependency['ContainerName']);
        if (name === undefined) continue;
        const path = `${container.path}.DependsOn[${index}]`;
        const target = byName.get(name);
        if (!target) {
          findings.push({
            rule: 'healthy-dependency',
            resource: task.resource.id,
            path: `${path}.ContainerName`,
            message: `container ${label(container)} waits for container "${name}", which is not in the task definition.`,
            fix: 'Name a container of the same task definition, or remove the dependency.',
          });
        } else if (text(dependency['Condition']) === 'HEALTHY' && target.definition['HealthCheck'] === undefined) {
          findings.push({
            rule: 'healthy-dependency',
            resource: task.resource.id,
            path: `${path}.Condition`,
            message: `container ${label(container)} waits for "${name}" to be HEALTHY, but "${name}" has no HealthCheck, so it never becomes healthy and the task never starts.`,
            fix: `Give "${name}" a HealthCheck, or wait for it with Condition START instead.`,
          });
        }
      }
    }
  }
  return findings;
}
