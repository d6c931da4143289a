import type { Service } from '../../parser/model.js';
import { fargateSize, type TaskSize } from './fargate-size.js';

const MiB = 1024 * 1024;

/** What an app container is given when compose sets no CPU or memory: the smallest Fargate task. */
const DEFAULT_APP: TaskSize = { cpu: 256, memory: 512 };

/**
 * A service's Fargate size: the app container's `deploy.resources.limits` (else its
 * reservations, else 256 CPU units and 512 MiB), plus what sidecars need, rounded up to a
 * valid Fargate size.
 */
export function taskSize(name: string, service: Service, sidecars: TaskSize = { cpu: 0, memory: 0 }): TaskSize {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const cpus = limits?.cpus ?? reservations?.cpus;
  const memory = limits?.memory ?? reservations?.memory;
  const app = {
    cpu: cpus === undefined ? DEFAULT_APP.cpu : Math.ceil(cpus * 1024),
    memory: memory === undefined ? DEFAULT_APP.memory : Math.ceil(memory / MiB),
  };
  return fargateSize(
    { cpu: app.cpu + sidecars.cpu, memory: app.memory + sidecars.memory },
    ['services', name, 'deploy', 'resources'],
  );
}
