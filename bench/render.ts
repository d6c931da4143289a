import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import _ from 'lodash';
import { parse } from 'yaml';
import { compile } from '../src/pipeline/index.js';
import { FLAVOURS, generateProject, type Flavour } from './generate.js';

/**
 * `npm run bench`: renders generated projects of several sizes in each discovery flavour,
 * each size and flavour in a process of its own (so peak memory is that run's), and prints
 * a table and whether the targets are met. Targets live here, not in timed tests.
 *
 * Render time is what `compose-x render` does: read and parse the compose files, plan the
 * mesh, render, and write the template text (every template, when the project is split
 * into nested stacks). It is compared with reading and parsing the same compose file with
 * the `yaml` package alone, in the same process.
 */
const SIZES = [10, 100, 1000];
const RUNS = 5;

/** The targets. */
const TARGETS = {
  appMeshMs: 2000,
  appMeshPeakMb: 500,
  ratioAt1000: 5,
  helpMs: 150,
};

interface Row {
  flavour: Flavour;
  services: number;
  resources: number;
  templates: number;
  bytes: number;
  /** Warnings by code (the generated ports are remapped, App Mesh is discontinued). */
  warnings: Record<string, number>;
  renderMs: number;
  readParseMs: number;
  peakMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** One size and flavour, in this process: parse + plan + render + template text, against read + yaml.parse alone. */
function measure(flavour: Flavour, size: number): Row {
  const file = generateProject(mkdtempSync(path.join(tmpdir(), 'compose-x-bench-')), size, flavour);
  let resources = 0;
  let templates = 0;
  let bytes = 0;
  let warnings: Record<string, number> = {};
  const render = (): void => {
    const compiled = compile({ files: [file], environment: {} });
    const texts = Object.entries(compiled.templateFiles('yaml')).filter(([name]) => name.endsWith('.yaml'));
    resources = compiled.rendered.template.resources.size;
    templates = texts.length;
    bytes = texts.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0);
    warnings = _.countBy(compiled.warnings, (w) => w.code);
  };
  render();
  const renderTimes = Array.from({ length: RUNS }, () => time(render));
  const readParseTimes = Array.from({ length: RUNS }, () => time(() => parse(readFileSync(file, 'utf8'))));
  return {
    flavour,
    services: size,
    resources,
    templates,
    bytes,
    warnings,
    renderMs: median(renderTimes),
    readParseMs: median(readParseTimes),
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
}

function helpMs(): number {
  const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/main.js');
  return median(Array.from({ length: RUNS }, () => time(() => spawnSync(process.execPath, [main, '--help']))));
}

/** Runs one size and flavour in a child process; exits with the child's error if it fails. */
function child(self: string, flavour: Flavour, size: number): Row {
  const run = spawnSync(process.execPath, [self, '--flavour', flavour, '--size', String(size)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) {
    process.stderr.write(`${flavour} ${size} failed:\n${run.stderr}`);
    process.exit(1);
  }
  return JSON.parse(run.stdout) as Row;
}

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

const only = argument('--size');
if (only !== undefined) {
  process.stdout.write(JSON.stringify(measure((argument('--flavour') ?? 'serviceconnect') as Flavour, Number(only))));
} else {
  const self = fileURLToPath(import.meta.url);
  const rows = FLAVOURS.flatMap((flavour) => SIZES.map((size) => child(self, flavour, size)));
  const line = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
  const header = ['flavour', 'services', 'resources', 'templates', 'bytes', 'render ms (median)', 'read+parse ms', 'render / read+parse', 'peak MB'];
  console.log(line(header));
  console.log(line(header.map(() => '---')));
  for (const r of rows) {
    const cells = [r.flavour, r.services, r.resources, r.templates, r.bytes, r.renderMs.toFixed(1), r.readParseMs.toFixed(1), (r.renderMs / r.readParseMs).toFixed(1), r.peakMb.toFixed(0)];
    console.log(line(cells));
  }
  const help = helpMs();
  console.log(`\ncompose-x --help: ${help.toFixed(0)} ms (median of ${RUNS})`);
  for (const r of rows.filter((row) => row.services === _.max(SIZES))) {
    const codes = Object.entries(r.warnings).map(([code, n]) => `${n} ${code}`);
    console.log(`warnings, ${r.flavour} ${r.services}: ${codes.join(', ') || 'none'}`);
  }

  const mesh = rows.find((r) => r.flavour === 'appmesh' && r.services === 1000);
  const at1000 = rows.filter((r) => r.services === 1000);
  const worst = _.maxBy(at1000, (r) => r.renderMs / r.readParseMs);
  const checks: [string, boolean, string][] = [
    [`1000 services with App Mesh render in under ${TARGETS.appMeshMs} ms`, (mesh?.renderMs ?? Infinity) < TARGETS.appMeshMs, `${mesh?.renderMs.toFixed(0)} ms`],
    [`1000 services with App Mesh peak under ${TARGETS.appMeshPeakMb} MB`, (mesh?.peakMb ?? Infinity) < TARGETS.appMeshPeakMb, `${mesh?.peakMb.toFixed(0)} MB`],
    [
      `render at most ${TARGETS.ratioAt1000}x read+parse at 1000 services (every flavour)`,
      at1000.every((r) => r.renderMs / r.readParseMs <= TARGETS.ratioAt1000),
      worst ? `worst ${(worst.renderMs / worst.readParseMs).toFixed(1)}x (${worst.flavour})` : 'no row',
    ],
    [`compose-x --help under ${TARGETS.helpMs} ms`, help < TARGETS.helpMs, `${help.toFixed(0)} ms`],
  ];
  console.log('\ntargets:');
  for (const [target, met, actual] of checks) console.log(`  ${met ? 'met    ' : 'NOT MET'}  ${target}: ${actual}`);
}
