import type { Position, TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import { namespaceName } from './ecs-connect.js';

type Locate = (path: TreePath) => Position | undefined;

/**
 * ECS ComposeX's x-network.x-cloudmap (the namespace a service registers in) or UseCloudmap:
 * true, as compose-x's `x-cloudmap: {}` on the service (A records `<service>.<namespace>`);
 * undefined when it asks for neither.
 */
export function networkCloudMap(project: Project, service: string): Record<string, unknown> | undefined {
  const network = project.services[service]?.extensions['x-network'];
  if (!isMapping(network)) return undefined;
  return network['x-cloudmap'] !== undefined || network['UseCloudmap'] === true ? {} : undefined;
}

/** The DNS name of the namespace the first service (by name) names in x-network.x-cloudmap, if any. */
export function networkCloudMapNamespace(project: Project, locate: Locate): string | undefined {
  for (const service of Object.keys(project.services).sort()) {
    const network = project.services[service]?.extensions['x-network'];
    const ref = isMapping(network) ? network['x-cloudmap'] : undefined;
    const name = isMapping(ref) ? ref['Namespace'] : ref;
    if (typeof name === 'string') return namespaceName(project, name, ['services', service, 'x-network', 'x-cloudmap'], locate);
  }
  return undefined;
}
