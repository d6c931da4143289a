import { ParseError, type TreePath } from '../../parser/diagnostics.js';

/** CPU units (1024 = 1 vCPU) and memory in MiB. */
export interface TaskSize {
  cpu: number;
  memory: number;
}

const GiB = 1024;

/** AWS's table of valid Fargate task sizes: memory choices per CPU value. */
export const FARGATE_SIZES: readonly { cpu: number; memory: readonly number[] }[] = [
  { cpu: 256, memory: [512, 1 * GiB, 2 * GiB] },
  { cpu: 512, memory: range(1 * GiB, 4 * GiB, 1 * GiB) },
  { cpu: 1024, memory: range(2 * GiB, 8 * GiB, 1 * GiB) },
  { cpu: 2048, memory: range(4 * GiB, 16 * GiB, 1 * GiB) },
  { cpu: 4096, memory: range(8 * GiB, 30 * GiB, 1 * GiB) },
  { cpu: 8192, memory: range(16 * GiB, 60 * GiB, 4 * GiB) },
  { cpu: 16384, memory: range(32 * GiB, 120 * GiB, 8 * GiB) },
];

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/**
 * The smallest valid Fargate size that holds `requested` (the sum over the task's
 * containers, sidecars included): the lowest CPU that is enough and offers enough memory,
 * raising CPU rather than cutting memory. Nothing requested gives 256/512.
 */
export function fargateSize(requested: TaskSize, at: TreePath): TaskSize {
  for (const tier of FARGATE_SIZES) {
    if (tier.cpu < requested.cpu) continue;
    const memory = tier.memory.find((m) => m >= requested.memory);
    if (memory !== undefined) return { cpu: tier.cpu, memory };
  }
  throw new ParseError(
    'E_FARGATE_SIZE',
    `the task needs ${requested.cpu / 1024} vCPU and ${requested.memory} MiB, more than the largest Fargate task (16 vCPU, 120 GiB).`,
    { path: at, hint: 'Lower deploy.resources of its containers, or split the service.' },
  );
}
