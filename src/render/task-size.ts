import type { Service } from '../parser/model.js';
import { fargateSize, type TaskSize } from './fargate-size.js';

const MiB = 1024 * 1024;

/**
 * A service's Fargate size: each container's `deploy.resources.limits` (else its
 * reservations), plus what sidecars need, rounded up to a valid Fargate size.
 */
export function taskSize(name: string, service: Service, sidecars: TaskSize = { cpu: 0, memory: 0 }): TaskSize {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const cpus = limits?.cpus ?? reservations?.cpus ?? 0;
  const memory = limits?.memory ?? reservations?.memory ?? 0;
  return fargateSize(
    { cpu: Math.ceil(cpus * 1024) + sidecars.cpu, memory: Math.ceil(memory / MiB) + sidecars.memory },
    ['services', name, 'deploy', 'resources'],
  );
}
