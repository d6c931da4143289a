import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve('dist/cli/main.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (npm test builds it first) in `cwd`, with only the given environment, as its #! line runs it
 * (`node -- main.js`, so Node 20 leaves --env-file to it); `input` is its standard input.
 */
export function cli(args: string[], cwd: string, env: Record<string, string> = {}, input?: string): CliResult {
  const result = spawnSync(process.execPath, ['--', MAIN, ...args], {
    cwd,
    ...(input === undefined ? {} : { input }),
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A run of the built CLI that the test can talk to while it runs (it answers, it is interrupted). */
export interface RunningCli {
  /** Resolves when the process has ended. */
  done: Promise<CliResult>;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Types at its terminal (with `tty`), or writes to its stdin. */
  type(text: string): void;
  signal(name: NodeJS.Signals): void;
}

/**
 * Starts the built CLI in `cwd` with only the given environment, without blocking the test
 * process (an in-process fake AWS answers it). With `tty`, it runs at a pseudo-terminal
 * (util-linux `script`), as a person at a terminal runs it.
 */
export function startCli(args: string[], cwd: string, env: Record<string, string> = {}, options: { tty?: boolean } = {}): RunningCli {
  const command = options.tty
    ? spawn('script', ['-qefc', [process.execPath, MAIN, ...args].map(shellQuote).join(' '), '/dev/null'], { cwd, env: { PATH: process.env['PATH'] ?? '', TERM: 'dumb', ...env } })
    : spawn(process.execPath, [MAIN, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  command.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  command.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliResult>((resolve) => command.on('close', (status) => resolve({ status, stdout, stderr })));
  return {
    done,
    output: () => stdout + stderr,
    type: (text) => void command.stdin.write(text),
    signal: (name) => void command.kill(name),
  };
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The last line a run printed to `stream`, terminal escapes and carriage returns removed. */
export function lastLine(text: string): string {
  const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '\n');
  return plain.split('\n').map((line) => line.trimEnd()).filter((line) => line !== '').at(-1) ?? '';
}
