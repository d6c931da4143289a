/** The value checks of ports and expose: port 0, host_ip, remapped published ports and the protocol. */
import type { TreePath } from '../../parser/diagnostics.js';
import type { ServicePort } from '../../parser/model.js';
import { exposedRange } from '../../parser/syntax/ports.js';
import { finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

/** Host addresses that mean "every interface", as a published port on ECS is. */
const ANY_ADDRESS: readonly string[] = ['0.0.0.0', '::'];

const CONTAINER_PORT_ZERO = {
  message: 'port 0 is no port a container listens on: ECS maps container ports 1 to 65535.',
  hint: 'Give the port the service listens on, e.g. 8080.',
};

function portFindings(port: ServicePort, at: TreePath): SupportFinding[] {
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
  if (published !== undefined && hostIp !== undefined && !ANY_ADDRESS.includes(hostIp)) {
    findings.push(
      finding(
        'error',
        'E_PORT_HOST_IP',
        [...at, 'host_ip'],
        `ECS cannot publish a port on ${hostIp} only: a published port is open to the world.`,
        'Remove the published port to keep it private (other services still reach it), or remove host_ip to open it to the world.',
      ),
    );
  }
  if (published !== undefined && published !== String(target)) {
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

export function checkPorts({ service, at }: Scope): SupportFinding[] {
  return service.ports.flatMap((port, i) => portFindings(port, [...at, 'ports', i]));
}

export function checkExpose({ service, at }: Scope): SupportFinding[] {
  return service.expose.flatMap((entry, i) =>
    exposedRange(entry)?.start === 0 ? [finding('error', 'E_PORT_ZERO', [...at, 'expose', i], CONTAINER_PORT_ZERO.message, CONTAINER_PORT_ZERO.hint)] : [],
  );
}
