/**
 * depends_on must not go round: every ECS service waits (DependsOn) for the services it depends
 * on, those that links:, network_mode: service:... and volumes_from: imply included, and
 * CloudFormation refuses resources that wait for each other, a service waiting for itself too.
 */
import type { Project } from '../../parser/model.js';
import { keyFinding, type SupportFinding } from '../finding.js';

/** Each cycle of the dependencies, as the services along it, the first one again at the end (a -> b -> a). */
function dependencyCycles(project: Project): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  for (const root of Object.keys(project.services).sort()) {
    if (state.has(root)) continue;
    const path: string[] = [];
    const pending: string[][] = [];
    const enter = (name: string): void => {
      state.set(name, 'visiting');
      path.push(name);
      pending.push(Object.keys(project.services[name]?.depends_on ?? {}).sort().reverse());
    };
    enter(root);
    for (let next = pending.at(-1); next; next = pending.at(-1)) {
      const dependency = next.pop();
      if (dependency === undefined) {
        state.set(path.pop() ?? '', 'done');
        pending.pop();
      } else if (state.get(dependency) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(dependency)), dependency]);
      } else if (!state.has(dependency) && project.services[dependency]) {
        enter(dependency);
      }
    }
  }
  return cycles;
}

export function checkDependencyCycles(project: Project): SupportFinding[] {
  return dependencyCycles(project).map((cycle) => {
    const [first = '', second = ''] = cycle;
    const what = cycle.length === 2 ? `service "${first}" depends on itself` : `depends_on forms a cycle: ${cycle.join(' -> ')}`;
    return keyFinding(
      'error',
      'E_DEPENDS_ON_CYCLE',
      ['services', first, 'depends_on', second],
      `${what}; each ECS service waits for those it depends on, and CloudFormation cannot create services that wait for each other.`,
      cycle.length === 2
        ? `Remove "${first}" from its own depends_on.`
        : `Remove one dependency of the cycle (e.g. "${second}" from the depends_on of "${first}"), and have the service retry until the other answers.`,
    );
  });
}
