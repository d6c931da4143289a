import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { planMesh } from '../src/mesh/index.js';
import { loadProject } from '../src/parser/index.js';
import { renderProject, templateYaml } from '../src/render/index.js';
import { generateProject } from './generate.js';

/**
 * `npm run bench`: renders generated projects of several sizes, each size in a process of
 * its own (so peak memory is that size's), and prints a table. Targets live here, not in
 * timed tests.
 */
const SIZES = [10, 100, 1000];
const RUNS = 5;

interface Row {
  services: number;
  resources: number;
  templates: number;
  bytes: number;
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

/** One size, in this process: parse + graph + render + YAML text, against read + yaml.parse alone. */
function measure(size: number): Row {
  const file = generateProject(mkdtempSync(path.join(tmpdir(), 'compose-x-bench-')), size);
  let resources = 0;
  let bytes = 0;
  const render = (): void => {
    const { project } = loadProject({ files: [file], environment: {} });
    const { template } = renderProject(project, planMesh(project));
    resources = template.resources.size;
    bytes = Buffer.byteLength(templateYaml(template));
  };
  render();
  const renderTimes = Array.from({ length: RUNS }, () => time(render));
  const readParseTimes = Array.from({ length: RUNS }, () => time(() => parse(readFileSync(file, 'utf8'))));
  return {
    services: size,
    resources,
    templates: 1,
    bytes,
    renderMs: median(renderTimes),
    readParseMs: median(readParseTimes),
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
}

function helpMs(): number {
  const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/main.js');
  return median(Array.from({ length: RUNS }, () => time(() => spawnSync(process.execPath, [main, '--help']))));
}

const only = process.argv.indexOf('--size');
if (only >= 0) {
  process.stdout.write(JSON.stringify(measure(Number(process.argv[only + 1]))));
} else {
  const self = fileURLToPath(import.meta.url);
  const rows = SIZES.map((size) => JSON.parse(spawnSync(process.execPath, [self, '--size', String(size)], { encoding: 'utf8' }).stdout) as Row);
  const line = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
  console.log(line(['services', 'resources', 'templates', 'bytes', 'render ms (median)', 'read+parse ms', 'render / read+parse', 'peak MB']));
  console.log(line(Array(8).fill('---')));
  for (const r of rows) {
    console.log(
      line([r.services, r.resources, r.templates, r.bytes, r.renderMs.toFixed(1), r.readParseMs.toFixed(1), (r.renderMs / r.readParseMs).toFixed(1), r.peakMb.toFixed(0)]),
    );
  }
  console.log(`\ncompose-x --help: ${helpMs().toFixed(0)} ms (median of ${RUNS})`);
  console.log('targets: 100 services render in under 1000 ms; --help under 150 ms');
}
