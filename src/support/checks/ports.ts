/** The value check of ports: host_ip, remapped published ports and the protocol. */
import type { TreePath } from '../../parser/diagnostics.js';
import type { ServicePort } from '../../parser/model.js';
import { finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

/** Host addresses that mean "every interface", as a published port on ECS is. */
const ANY_ADDRESS: readonly string[] = ['0.0.0.0', '::'];

function portFindings(port: ServicePort, at: TreePath): SupportFinding[] {
  const findings: SupportFinding[] = [];
  const { published, target, host_ip: hostIp } = port;
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
