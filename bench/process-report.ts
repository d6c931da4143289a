/**
 * Loaded with `node --import` into every process `npm run bench` times (the CLI and the baselines
 * alike): at exit it writes what the process used to the file named by COMPOSE_X_BENCH_REPORT:
 * CPU time, peak memory, and the time of each stage (the `compose-x:<stage>` measures of
 * src/parser/diagnostics.ts `timed`), with the time from the start of the process to the first stage.
 */
import { writeFileSync } from 'node:fs';

export interface ProcessReport {
  cpuMs: number;
  peakMb: number;
  /** Milliseconds per stage, summed over its runs (read+parse runs once per compose file). */
  stages: Record<string, number>;
  /** From the start of the process to the first stage: node, loading the modules, the flags. */
  startupMs?: number;
}

const target = process.env['COMPOSE_X_BENCH_REPORT'];
if (target) {
  process.on('exit', () => {
    const stages: Record<string, number> = {};
    let first = Infinity;
    for (const measure of performance.getEntriesByType('measure')) {
      if (!measure.name.startsWith('compose-x:')) continue;
      const stage = measure.name.slice('compose-x:'.length);
      stages[stage] = (stages[stage] ?? 0) + measure.duration;
      first = Math.min(first, measure.startTime);
    }
    const cpu = process.cpuUsage();
    const report: ProcessReport = {
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakMb: process.resourceUsage().maxRSS / 1024,
      stages,
      ...(Number.isFinite(first) ? { startupMs: first } : {}),
    };
    writeFileSync(target, JSON.stringify(report));
  });
}
