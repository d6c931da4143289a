import { ComposeXError, ParseError, ParseErrors, describeWarning, type Warning } from '../src/parser/diagnostics.js';

/** Exit codes: 0 success, 1 failure, 2 bad input. Set here and nowhere else. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** Warnings go to stderr as they are found; data goes to stdout. */
export function printWarning(warning: Warning): void {
  process.stderr.write(`warning: ${describeWarning(warning)}\n`);
}

/**
 * Runs a command's action and turns its outcome into an exit code: bad input prints one
 * paragraph and exits 2; anything unexpected exits 1 without a stack trace unless --debug.
 */
export async function run(action: () => Promise<void> | void, debug: boolean): Promise<void> {
  try {
    await action();
    process.exitCode = EXIT_OK;
  } catch (error) {
    if (error instanceof ParseError || error instanceof ParseErrors) {
      for (const one of error instanceof ParseErrors ? error.errors : [error]) process.stderr.write(`error: ${one.describe()}\n`);
      process.exitCode = EXIT_BAD_INPUT;
    } else if (error instanceof ComposeXError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = EXIT_FAILURE;
    } else if (isAwsError(error)) {
      process.stderr.write(`error: AWS answered ${error.name}: ${error.message}\n`);
      process.exitCode = EXIT_FAILURE;
    } else if (error instanceof Error && error.name === 'CredentialsProviderError') {
      process.stderr.write(`error: no AWS credentials: ${error.message} Set AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.\n`);
      process.exitCode = EXIT_FAILURE;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: internal error: ${message} (run again with --debug for details, and please report it)\n`);
      process.exitCode = EXIT_FAILURE;
    }
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  }
}

/** An error AWS returned (the SDK's service exceptions carry `$metadata`). */
function isAwsError(error: unknown): error is Error {
  return error instanceof Error && '$metadata' in error;
}
