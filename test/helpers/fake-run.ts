import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli as runCli, startCli, type CliResult, type RunningCli } from './cli.js';
import { FakeCloudFormation, type FakeScript, type StackSeed } from './fake-cloudformation.js';
import { tmpProject } from './tmp-project.js';

/** The project the runs deploy, unless a case gives its own compose file: one web service. */
export const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n';
export const STACK = 'proj';

/** The template `render --format json` writes for a project (default: the one-service one), to seed the fake's deployed stack with. */
export function renderedTemplate(compose = COMPOSE): string {
  const dir = tmpProject({ 'docker-compose.yml': compose }, STACK);
  const result = runCli(['render', '--format', 'json', '-d', 'out'], dir);
  if (result.status !== 0) throw new Error(`render failed: ${result.stderr}`);
  return readFileSync(path.join(dir, 'out', `${STACK}.json`), 'utf8');
}

/** Milliseconds a case may take: a CLI start, and a poll every 2 s while a stack is in progress. */
export const CASE_TIMEOUT = 30_000;

/** One run of the built CLI against the fake CloudFormation, and what the test expects of it. */
export interface Case {
  name: string;
  args: string[];
  script?: FakeScript;
  seed?: StackSeed;
  /** Run at a pseudo-terminal and type this there once the question is asked. */
  answer?: string;
  /** Send SIGINT once the fake saw this action (and, after it, a DescribeStacks). */
  interruptAfter?: string;
  /** Send SIGINT once the fake's calls so far satisfy this. */
  interruptWhen?: (calls: readonly string[]) => boolean;
  compose?: string;
  /** Changes the environment the fake gives the CLI. */
  env?: (env: Record<string, string>) => Record<string, string>;
  exit: number;
  /** The last line of stdout, or of stderr when `stderr` is set. */
  last: RegExp;
  stderr?: boolean;
}

/** Waits until `check` holds, polling. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs one case: the fake, the project, the CLI; answers or interrupts it as the case says. */
export async function runCase(c: Case): Promise<{ result: CliResult; fake: FakeCloudFormation }> {
  const fake = new FakeCloudFormation(c.script ?? {});
  if (c.seed) fake.seed(c.seed);
  const endpoint = await fake.start();
  try {
    const dir = tmpProject({ 'docker-compose.yml': c.compose ?? COMPOSE }, STACK);
    const given = fake.environment(endpoint, mkdtempSync(path.join(tmpdir(), 'compose-x-home-')));
    const env = c.env ? c.env(given) : given;
    const cli: RunningCli = startCli(c.args, dir, env, { tty: c.answer !== undefined });
    if (c.answer !== undefined) {
      await until(() => /\[y\/N\]/.test(cli.output()), 'the question');
      cli.type(c.answer);
    }
    const after = c.interruptAfter;
    const when = c.interruptWhen ?? (after === undefined ? undefined : (calls: readonly string[]) => calls.includes(after) && calls.lastIndexOf('DescribeStacks') > calls.indexOf(after));
    if (when) {
      await until(() => when(fake.calls), 'the moment to interrupt');
      cli.signal('SIGINT');
    }
    return { result: await cli.done, fake };
  } finally {
    await fake.stop();
  }
}
