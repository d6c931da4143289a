import type { Finding } from './finding.js';
import { integer, label, objectsOf, text, type Container, type TaskDefinitionView } from './template-view.js';

/** Ports under this one are privileged: only root may bind them (unless the sysctl below says otherwise). */
const FIRST_UNPRIVILEGED_PORT = 1024;
const UNPRIVILEGED_PORT_START = 'net.ipv4.ip_unprivileged_port_start';

/**
 * Rule privileged-port: on Fargate, a container that runs as a user other than root cannot
 * bind a port under 1024 (Envoy as uid 1337 on port 80 fails with "cannot bind '0.0.0.0:80':
 * Permission denied", https://github.com/aws/aws-app-mesh-examples/pull/293;
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html, user).
 * No `User`, `root` and `0` run as root; a `net.ipv4.ip_unprivileged_port_start` system
 * control at or under the port lets any user bind it.
 */
export function checkPrivilegedPorts(tasks: readonly TaskDefinitionView[]): Finding[] {
  const findings: Finding[] = [];
  for (const task of tasks) {
    if (!task.fargate) continue;
    for (const container of task.containers) {
      const user = text(container.definition['User']);
      if (user === undefined || runsAsRoot(user)) continue;
      const start = unprivilegedPortStart(container);
      for (const [index, mapping] of objectsOf(container.definition['PortMappings'])) {
        const port = integer(mapping['ContainerPort']);
        if (port === undefined || port >= Math.min(start, FIRST_UNPRIVILEGED_PORT)) continue;
        findings.push({
          rule: 'privileged-port',
          resource: task.resource.id,
          path: `${container.path}.PortMappings[${index}].ContainerPort`,
          message: `container ${label(container)} runs as user "${user}", which cannot bind port ${port} (under ${FIRST_UNPRIVILEGED_PORT}) on Fargate; the process fails with "Permission denied".`,
          fix: `Listen on a port of ${FIRST_UNPRIVILEGED_PORT} or more, or run the container as root (compose: user).`,
        });
      }
    }
  }
  return findings;
}

/** `root`, `0`, `root:staff`, `0:0` run as root. */
function runsAsRoot(user: string): boolean {
  const name = user.split(':')[0]?.trim() ?? '';
  return name === '' || name === 'root' || name === '0';
}

function unprivilegedPortStart(container: Container): number {
  const control = objectsOf(container.definition['SystemControls']).find(([, c]) => c['Namespace'] === UNPRIVILEGED_PORT_START);
  return (control && integer(control[1]['Value'])) ?? FIRST_UNPRIVILEGED_PORT;
}
