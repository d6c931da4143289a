import type { Service } from '../../parser/model.js';
import { fargateSize, type TaskSize } from './fargate-size.js';

const MiB = 1024 * 1024;

/** What an app container is given when compose sets no CPU or memory: the smallest Fargate task. */
const DEFAULT_APP: TaskSize = { cpu: 256, memory: 512 };

/** The smallest task a proxy's budget is taken out of: from there up it is at most a quarter of the CPU. */
const SHARED_FROM_CPU = 1024;

/** A task's size, and the most its app container may take of it when a proxy shares the size. */
export interface TaskSizing {
  size: TaskSize;
  /** Caps of the app container's Cpu, Memory and MemoryReservation; absent when compose's values stand. */
  appCeiling?: TaskSize;
}

/**
 * A service's Fargate size: the app container's `deploy.resources.limits` (else its
 * reservations, else 256 CPU units and 512 MiB), rounded up to a valid Fargate size, with room
 * for a proxy (the Service Connect proxy, App Mesh's Envoy). AWS's advice for the Service Connect
 * proxy is to add 256 CPU units and at least 64 MiB to the task
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html):
 * - when the size the app asks for has that room left, it is the task's size;
 * - else, when that size is 1 vCPU or more and the app's reservations (below its limits) fit
 *   beside the proxy, the task keeps that size and the app container gets the rest (its Cpu,
 *   Memory and MemoryReservation capped at the size less the proxy's budget), rather than a task
 *   of the next CPU step, twice the price;
 * - else the task grows to hold both.
 */
export function taskSize(name: string, service: Service, proxy?: TaskSize): TaskSizing {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const cpus = limits?.cpus ?? reservations?.cpus;
  const memory = limits?.memory ?? reservations?.memory;
  const app = {
    cpu: cpus === undefined ? DEFAULT_APP.cpu : Math.ceil(cpus * 1024),
    memory: memory === undefined ? DEFAULT_APP.memory : Math.ceil(memory / MiB),
  };
  const at = ['services', name, 'deploy', 'resources'];
  const own = fargateSize(app, at);
  if (!proxy) return { size: own };
  const grown = fargateSize({ cpu: app.cpu + proxy.cpu, memory: app.memory + proxy.memory }, at);
  if (grown.cpu === own.cpu && grown.memory === own.memory) return { size: own };
  const ceiling = { cpu: own.cpu - proxy.cpu, memory: own.memory - proxy.memory };
  const reservedMemory = limits?.memory !== undefined && reservations?.memory !== undefined ? Math.ceil(reservations.memory / MiB) : 0;
  const reservedCpu = limits?.cpus !== undefined && reservations?.cpus !== undefined ? Math.ceil(reservations.cpus * 1024) : 0;
  if (own.cpu >= SHARED_FROM_CPU && reservedCpu <= ceiling.cpu && reservedMemory <= ceiling.memory) return { size: own, appCeiling: ceiling };
  return { size: grown };
}
