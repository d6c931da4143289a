/**
 * `--json`: what a command prints as one JSON document on stdout (NDJSON, one object a line,
 * for `up`), with the warnings and errors of the run, their codes and positions. The
 * documents are described by the JSON Schemas of schemas/output/ and docs/json-output.md.
 */
import { ComposeXError, formatPath, ParseError, ParseErrors, type Position, type TreePath, type Warning } from '../../src/parser/diagnostics.js';

/** A warning or an error as the documents carry it. */
export interface JsonDiagnostic {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** Where in the compose document: `services.web.ports[0]`. */
  path?: string;
  hint?: string;
}

function where(position: Position | undefined, file: string | undefined, path: TreePath | undefined): Omit<JsonDiagnostic, 'code' | 'message'> {
  return {
    ...(position ? { file: position.file, line: position.line, column: position.col } : file ? { file } : {}),
    ...(path && path.length > 0 ? { path: formatPath(path) } : {}),
  };
}

export function warningJson(warning: Warning): JsonDiagnostic {
  return { code: warning.code, message: warning.message, ...where(warning.position, undefined, warning.path) };
}

/** An error of a run: each problem of bad input with its position; AWS's and compose-x's with their code; anything else as E_INTERNAL. */
export function errorsJson(error: unknown): JsonDiagnostic[] {
  if (error instanceof ParseErrors) return error.errors.flatMap(errorsJson);
  if (error instanceof ParseError) {
    return [{ code: error.code, message: error.message, ...where(error.position, error.file, error.path), ...(error.hint ? { hint: error.hint } : {}) }];
  }
  if (error instanceof ComposeXError) return [{ code: error.code, message: error.message }];
  return [{ code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) }];
}

/** JSON as the documents are written: one line, no indentation, ending with a newline. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/**
 * The JSON output of one run of `command`. A document command (validate, plan, diff, ps)
 * collects the warnings and writes one document at the end, or the error document; a stream
 * command (up) writes each warning, event and the verdict, or the error, as a line of its own.
 */
export class JsonOutput {
  private readonly warnings: JsonDiagnostic[] = [];

  constructor(
    readonly command: string,
    private readonly stream: boolean,
  ) {}

  /** The onWarning callback of the pipeline. */
  readonly warn = (warning: Warning): void => {
    if (this.stream) this.line({ kind: 'warning', ...warningJson(warning) });
    else this.warnings.push(warningJson(warning));
  };

  /** One line of an NDJSON stream. */
  line(value: Record<string, unknown>): void {
    process.stdout.write(jsonLine(value));
  }

  /** The document of a run that reached an outcome: the command, its exit code, the warnings, and what the command found. */
  document(exitCode: number, body: Record<string, unknown>): void {
    process.stdout.write(jsonLine({ command: this.command, ok: exitCode === 0, exitCode, warnings: this.warnings, errors: [], ...body }));
  }

  /** The document (or, for a stream, the last line) of a run that ended with an error. */
  failure(exitCode: number, error: unknown): void {
    const errors = errorsJson(error);
    if (this.stream) this.line({ kind: 'error', ok: false, exitCode, errors });
    else process.stdout.write(jsonLine({ command: this.command, ok: false, exitCode, warnings: this.warnings, errors }));
  }
}
