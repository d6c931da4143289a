/** The value checks of ports and expose: port 0, host_ip, remapped published ports and the protocol. */
import type { TreePath } from '../../parser/diagnostics.js';
import type { ServicePort } from '../../parser/model.js';
import { exposedRange, isPublished } from '../../parser/syntax/ports.js';
import { finding, type SupportFinding } from '../finding.js';
import { ingressMode } from '../ingress-mode.js';
import type { Scope } from '../value-check.js';

const CONTAINER_PORT_ZERO = {
  message: 'port 0 is no port a container listens on: ECS maps container ports 1 to 65535.',
  hint: 'Give the port the service listens on, e.g. 8080.',
};

/** `onPublicIp`: the task itself is reached (x-ingress: public-ip), so a published port it does not listen on is a port nobody reaches. */
function portFindings(port: ServicePort, at: TreePath, onPublicIp: boolean): SupportFinding[] {
  const findings: SupportFinding[] = [];
  const { published, target, host_ip: hostIp } = port;
  if (target === 0) findings.push(finding('error', 'E_PORT_ZERO', [...at, 'target'], CONTAINER_PORT_ZERO.message, CONTAINER_PORT_ZERO.hint));
  if (published !== undefined && /^0(-|$)/.test(published)) {
    findings.push(
      finding(
        'error',
        'E_PORT_ZERO',
        [...at, 'published'],
        'published port 0 asks Docker for any free host port; on ECS a task is reached on its container port, and none is chosen for it.',
        `Publish the container port itself, e.g. "${target || 8080}:${target || 8080}".`,
      ),
    );
  }
  if (published !== undefined && hostIp !== undefined && !isPublished(port)) {
    findings.push(
      finding(
        'warning',
        'W_PORT_HOST_IP',
        [...at, 'host_ip'],
        `the port is published on ${hostIp} only, which on a Docker host keeps it to that machine; on ECS it is not published: the services of its networks reach it on ${target}, nobody else.`,
        'Remove the published part to say so ("' + target + '"), or remove host_ip to open the port to the world.',
      ),
    );
  }
  if (onPublicIp && isPublished(port) && published !== String(target)) {
    findings.push(
      finding(
        'warning',
        'W_PORT_REMAPPED',
        [...at, 'published'],
        `awsvpc networking does not remap ports, so the task is reached on port ${target}, not ${published}.`,
        `Publish the port as "${target}:${target}", or make the app listen on the published port.`,
      ),
    );
  }
  if (port.protocol === 'sctp') {
    findings.push(
      finding(
        'error',
        'E_PORT_PROTOCOL',
        [...at, 'protocol'],
        'ECS port mappings are tcp or udp, not sctp.',
        'Serve the port over tcp or udp.',
      ),
    );
  }
  return findings;
}

/** Behind a load balancer the published port is the load balancer's affair (src/mesh/ingress/), so a remapped port is no warning. */
export function checkPorts({ project, service, at }: Scope): SupportFinding[] {
  const onPublicIp = ingressMode(project, service.name) === 'public-ip';
  return service.ports.flatMap((port, i) => portFindings(port, [...at, 'ports', i], onPublicIp));
}

export function checkExpose({ service, at }: Scope): SupportFinding[] {
  return service.expose.flatMap((entry, i) =>
    exposedRange(entry)?.start === 0 ? [finding('error', 'E_PORT_ZERO', [...at, 'expose', i], CONTAINER_PORT_ZERO.message, CONTAINER_PORT_ZERO.hint)] : [],
  );
}
