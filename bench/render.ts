import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProcessReport } from './process-report.js';
import { FLAVOURS, generateProject, type Flavour } from './generate.js';

/**
 * `npm run bench`: whole processes, timed side by side. For each discovery flavour and size,
 * `compose-x render`, `validate` and `config` of a generated project, next to node reading and
 * parsing the same file with `yaml.parse`; and `node -e 0`, `--help` and a 2-service render.
 * The processes run interleaved, in rounds, and each time is the median of its rounds: three
 * up to 100 services, two at 1000, one at 5000 (`render` and the baseline only), and five runs
 * of the start-up processes in each round (fifteen in all), so the bench
 * takes minutes on a small machine. Every process reports its CPU time, peak memory
 * and stage times (bench/process-report.ts); the stages of a render come from one run.
 *
 * The targets are ratios within this one run, so they hold on a shared, noisy machine: they are
 * judged on CPU time (user + system) of the whole process; wall-clock times are printed beside.
 */
const SIZES = [1, 10, 100, 1000, 5000];
const LARGE = 5000;
/** Rounds by size; the start-up processes run in every round of the smallest sizes. */
const ROUNDS: Record<number, number> = { 1: 3, 10: 3, 100: 3, 1000: 2, 5000: 1 };
/** Times the start-up processes run in each round, one after the other: each is a fraction of a second, and their ratio is a target. */
const STARTUP_REPEATS = 5;
const STAGES = ['start-up', 'read+parse', 'interpolate+validate', 'canonical', 'plan', 'render', 'split', 'review', 'write'];

const TARGETS = { render2VsNode: 3, helpVsNode: 2, renderVsYamlAt1000: 4, marginalGrowth: 1.5, peakMbAtLarge: 1024 };

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.resolve(here, '../cli/main.js');
const YAML_PARSE = path.join(here, 'yaml-parse.js');
const REPORT = pathToFileURL(path.join(here, 'process-report.js')).href;
const work = mkdtempSync(path.join(tmpdir(), 'compose-x-bench-'));

interface Timing {
  wallMs: number;
  report: ProcessReport;
}

let reports = 0;
function timeProcess(args: string[]): Timing {
  const reportFile = path.join(work, `report-${reports++}.json`);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', REPORT, ...args], {
    env: { ...process.env, COMPOSE_X_BENCH_REPORT: reportFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(run.status)}:\n${run.stderr}`);
  return { wallMs, report: JSON.parse(readFileSync(reportFile, 'utf8')) as ProcessReport };
}

/** One process to time: a key for its row and cell, and its arguments to node. */
interface Job {
  key: string;
  args: string[];
}

const COMMANDS = ['render', 'validate', 'config', 'yaml'] as const;
type Command = (typeof COMMANDS)[number];
const keyOf = (flavour: Flavour, size: number, command: Command): string => `${flavour}/${size}/${command}`;

function projectJobs(flavour: Flavour, size: number, commands: readonly Command[] = COMMANDS): Job[] {
  const file = generateProject(work, size, flavour);
  const out = path.join(path.dirname(file), 'cfn');
  const args: Record<Command, string[]> = {
    render: [MAIN, 'render', '-f', file, '-d', out],
    validate: [MAIN, 'validate', '-f', file],
    config: [MAIN, 'config', '-f', file],
    yaml: [YAML_PARSE, file],
  };
  return commands.map((command) => ({ key: keyOf(flavour, size, command), args: args[command] }));
}

const two = generateProject(path.join(work, 'two'), 2, 'serviceconnect');
const startupJobs: Job[] = [
  { key: 'node -e 0', args: ['-e', '0'] },
  { key: 'compose-x --help', args: [MAIN, '--help'] },
  { key: 'compose-x render (2 services)', args: [MAIN, 'render', '-f', two, '-d', path.join(path.dirname(two), 'cfn')] },
];
const jobsOf = (size: number): Job[] => FLAVOURS.flatMap((flavour) => projectJobs(flavour, size, size === LARGE ? ['render', 'yaml'] : COMMANDS));
const maxRounds = Math.max(...Object.values(ROUNDS));
const groups = SIZES.map((size) => ({ size, rounds: ROUNDS[size] ?? 1, jobs: jobsOf(size) }));

const timings = new Map<string, Timing[]>();
const record = (job: Job): void => {
  timings.set(job.key, [...(timings.get(job.key) ?? []), timeProcess(job.args)]);
};
for (let round = 0; round < maxRounds; round++) {
  process.stderr.write(`round ${round + 1} of ${maxRounds}...\n`);
  for (let repeat = 0; repeat < STARTUP_REPEATS; repeat++) for (const job of startupJobs) record(job);
  for (const group of groups.filter((g) => round < g.rounds)) for (const job of group.jobs) record(job);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
const runsOf = (key: string): Timing[] => timings.get(key) ?? [];
const wall = (key: string): number => median(runsOf(key).map((t) => t.wallMs));
const cpu = (key: string): number => median(runsOf(key).map((t) => t.report.cpuMs));
const peak = (key: string): number => Math.max(...runsOf(key).map((t) => t.report.peakMb));
const ms = (value: number): string => value.toFixed(0);
const cell = (key: string): string => (runsOf(key).length > 0 ? `${ms(cpu(key))} (${ms(wall(key))})` : '-');
const line = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
const table = (header: string[], rows: (string | number)[][]): void => {
  console.log(line(header));
  console.log(line(header.map(() => '---')));
  for (const row of rows) console.log(line(row));
  console.log('');
};

const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nMachine: ${cpus().length} CPUs (${cpuModel}), node ${process.version}. Times in ms: CPU (wall), medians of ${JSON.stringify(ROUNDS)} rounds by size, ${maxRounds * STARTUP_REPEATS} runs of each start-up process.\n`);

const node = 'node -e 0';
table(
  ['process', 'CPU ms', 'wall ms', 'CPU / node -e 0', 'wall / node -e 0'],
  startupJobs.map(({ key }) => [key, ms(cpu(key)), ms(wall(key)), (cpu(key) / cpu(node)).toFixed(2), (wall(key) / wall(node)).toFixed(2)]),
);

const sizesOf = (flavour: Flavour): [Flavour, number][] => SIZES.map((size) => [flavour, size]);
const rows = FLAVOURS.flatMap(sizesOf);
table(
  ['flavour', 'services', 'node + yaml.parse', 'render', 'validate', 'config', 'render / yaml.parse (CPU)', 'render peak MB', 'render CPU ms per service'],
  rows.map(([flavour, size]) => {
    const render = keyOf(flavour, size, 'render');
    const yaml = keyOf(flavour, size, 'yaml');
    return [flavour, size, cell(yaml), cell(render), cell(keyOf(flavour, size, 'validate')), cell(keyOf(flavour, size, 'config')), (cpu(render) / cpu(yaml)).toFixed(2), ms(peak(render)), (cpu(render) / size).toFixed(2)];
  }),
);

/** The stages of the last render of a size and flavour (one run, so the stages add up). */
table(
  ['flavour', 'services', ...STAGES.map((stage) => `${stage} ms`)],
  rows.map(([flavour, size]) => {
    const last = runsOf(keyOf(flavour, size, 'render')).at(-1)?.report;
    const stageMs = (stage: string): string => ms(stage === 'start-up' ? (last?.startupMs ?? NaN) : (last?.stages[stage] ?? 0));
    return [flavour, size, ...STAGES.map(stageMs)];
  }),
);

const ratio = (key: string, base: string): number => cpu(key) / cpu(base);
/** The CPU cost of one more service, between two sizes. */
const marginal = (flavour: Flavour, from: number, to: number): number => (cpu(keyOf(flavour, to, 'render')) - cpu(keyOf(flavour, from, 'render'))) / (to - from);
const checks: [string, boolean, string][] = [
  [`2-service render at most ${TARGETS.render2VsNode}x node -e 0`, ratio('compose-x render (2 services)', node) <= TARGETS.render2VsNode, `${ratio('compose-x render (2 services)', node).toFixed(2)}x`],
  [`--help at most ${TARGETS.helpVsNode}x node -e 0`, ratio('compose-x --help', node) <= TARGETS.helpVsNode, `${ratio('compose-x --help', node).toFixed(2)}x`],
  ...FLAVOURS.map((flavour): [string, boolean, string] => {
    const r = ratio(keyOf(flavour, 1000, 'render'), keyOf(flavour, 1000, 'yaml'));
    return [`1000 services (${flavour}) render at most ${TARGETS.renderVsYamlAt1000}x node + yaml.parse`, r <= TARGETS.renderVsYamlAt1000, `${r.toFixed(2)}x`];
  }),
  ...FLAVOURS.map((flavour): [string, boolean, string] => {
    const small = marginal(flavour, 100, 1000);
    const big = marginal(flavour, 1000, LARGE);
    return [
      `${LARGE} services (${flavour}) linear: a service costs at most ${TARGETS.marginalGrowth}x more from 1000 to ${LARGE} than from 100 to 1000`,
      big <= TARGETS.marginalGrowth * small,
      `${big.toFixed(2)} ms per service against ${small.toFixed(2)} ms`,
    ];
  }),
  ...FLAVOURS.map((flavour): [string, boolean, string] => {
    const mb = peak(keyOf(flavour, LARGE, 'render'));
    return [`${LARGE} services (${flavour}) render under ${TARGETS.peakMbAtLarge} MB`, mb < TARGETS.peakMbAtLarge, `${ms(mb)} MB`];
  }),
];
console.log('targets (CPU time, this run):');
for (const [target, met, actual] of checks) console.log(`  ${met ? 'met   ' : 'MISSED'}  ${target}: ${actual}`);
rmSync(work, { recursive: true, force: true });
