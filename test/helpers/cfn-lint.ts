import { spawnSync } from 'node:child_process';

/** cfn-lint's findings, one `file:line:column:endLine:endColumn:RULE:message` line each. */
export interface CfnLintResult {
  /** Lines of E rules (and any line naming no rule): the only failures. */
  errors: string[];
  /** Lines of W and I rules. */
  warnings: string[];
}

const TIMEOUT_MS = 300_000;
/** `:line:column:endLine:endColumn:W1234:` after the file name, for W and I rules. */
const WARNING_LINE = /:\d+:\d+:\d+:\d+:[WI]\d{4}:/;

let available: boolean | undefined;

/** Whether `cfn-lint` runs from the PATH; checked once per process. */
export function cfnLintAvailable(): boolean {
  available ??= spawnSync('cfn-lint', ['--version'], { stdio: 'ignore', timeout: TIMEOUT_MS }).status === 0;
  return available;
}

/**
 * Runs `cfn-lint --format parseable` once on all the files and sorts its lines into E-rule errors
 * and W/I-rule warnings. cfn-lint's exit code is a bit mask of the severities found (2, 4, 8), so
 * only an odd code or no code at all means that cfn-lint itself failed, which throws.
 */
export function runCfnLint(files: string[]): CfnLintResult {
  const result = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) throw result.error;
  if (result.status === null || result.status % 2 === 1) {
    throw new Error(`cfn-lint failed (exit ${String(result.status ?? result.signal)}): ${result.stderr.trim()}`);
  }
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  return {
    errors: lines.filter((line) => !WARNING_LINE.test(line)),
    warnings: lines.filter((line) => WARNING_LINE.test(line)),
  };
}
