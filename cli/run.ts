import { ComposeXError, ParseError, ParseErrors, describeWarning, type Warning } from '../src/parser/diagnostics.js';
import type { JsonOutput } from './io/json-output.js';

/** Exit codes: 0 success, 1 failure, 2 bad input, 130 interrupted (`run`'s task stopped by Ctrl-C). Set here and nowhere else; `run` passes its container's own. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERRUPTED = 130;

/** Warnings go to stderr as they are found; data goes to stdout. */
export function printWarning(warning: Warning): void {
  process.stderr.write(`warning: ${describeWarning(warning)}\n`);
}

/** What a command's action returns: its exit code, or nothing for success. */
export type Outcome = number | void;

/**
 * Runs a command's action and turns its outcome into the exit code: the code it returns (0
 * when it returns nothing); bad input prints one paragraph and exits 2; anything unexpected
 * exits 1 without a stack trace unless --debug. With `json` (--json), the error is also the
 * JSON document on stdout.
 */
export async function run(action: () => Promise<Outcome> | Outcome, debug: boolean, json?: JsonOutput): Promise<void> {
  try {
    process.exitCode = (await action()) ?? EXIT_OK;
  } catch (error) {
    if (error instanceof ParseError || error instanceof ParseErrors) {
      for (const one of error instanceof ParseErrors ? error.errors : [error]) process.stderr.write(`error: ${one.describe()}\n`);
      process.exitCode = EXIT_BAD_INPUT;
    } else if (error instanceof ComposeXError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = EXIT_FAILURE;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: internal error: ${message} (run again with --debug for details, and please report it)\n`);
      process.exitCode = EXIT_FAILURE;
    }
    json?.failure(Number(process.exitCode), error);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  }
}
