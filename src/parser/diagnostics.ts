/**
 * Errors and warnings of compose-x. Every error carries a stable `code` (match on it,
 * never on the message); parse errors add where they happened.
 */

/** A location in a source file; line and col are 1-based. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** A path inside a compose document, e.g. ['services', 'web', 'ports', 0]. */
export type TreePath = readonly (string | number)[];

/** `services.web.ports[0]` */
export function formatPath(path: TreePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

export class ComposeXError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ComposeXError';
  }
}

export interface ParseErrorDetails {
  /** What to do about it, one sentence. */
  hint?: string;
  path?: TreePath;
  position?: Position;
  /** A file the error is about when no position inside it is known. */
  file?: string;
}

/** Bad input: the CLI prints it as one paragraph and exits with code 2. */
export class ParseError extends ComposeXError {
  readonly hint: string | undefined;
  readonly path: TreePath | undefined;
  readonly position: Position | undefined;
  readonly file: string | undefined;

  constructor(code: string, message: string, details: ParseErrorDetails = {}) {
    super(code, message);
    this.name = 'ParseError';
    this.hint = details.hint;
    this.path = details.path;
    this.position = details.position;
    this.file = details.position?.file ?? details.file;
  }

  /** `file:line:col: services.web.ports[0]: message. hint` */
  describe(): string {
    const where = this.position
      ? `${this.position.file}:${this.position.line}:${this.position.col}: `
      : this.file
        ? `${this.file}: `
        : '';
    const path = this.path && this.path.length > 0 ? `${formatPath(this.path)}: ` : '';
    const hint = this.hint ? ` ${this.hint}` : '';
    return `${where}${path}${this.message}${hint}`;
  }
}

export interface Warning {
  code: string;
  message: string;
  path?: TreePath;
  position?: Position;
}

export function describeWarning(w: Warning): string {
  const where = w.position ? `${w.position.file}:${w.position.line}:${w.position.col}: ` : '';
  const path = w.path && w.path.length > 0 ? `${formatPath(w.path)}: ` : '';
  return `${where}${path}${w.message}`;
}

/** Several independent problems of the input, reported together (each one paragraph). */
/**
 * Runs the work of one stage and records its time as a `compose-x:<stage>` performance measure,
 * which `npm run bench` reads (bench/stage-times.ts); a measure costs about a microsecond.
 */
export function timed<T>(stage: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    performance.measure(`compose-x:${stage}`, { start });
  }
}

export class ParseErrors extends ComposeXError {
  constructor(readonly errors: readonly ParseError[]) {
    super(errors[0]?.code ?? 'E_INPUT', `${errors.length} problems`);
    this.name = 'ParseErrors';
  }
}

/** One error as it is, several as ParseErrors. */
export function oneOrMany(errors: readonly ParseError[]): ParseError | ParseErrors {
  return errors.length === 1 && errors[0] ? errors[0] : new ParseErrors(errors);
}
