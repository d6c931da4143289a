/** How canonicalization reports: errors and warnings located in the compose tree. */
import { ParseError, type TreePath } from '../diagnostics.js';
import type { CanonicalContext } from './context.js';

export function fail(context: CanonicalContext, code: string, at: TreePath, message: string, hint?: string): never {
  throw new ParseError(code, message, { hint, path: at, position: context.locate?.(at) });
}

export function warn(context: CanonicalContext, code: string, at: TreePath, message: string): void {
  const position = context.locate?.(at);
  context.warn({ code, message, path: at, ...(position ? { position } : {}) });
}

/** Runs a parser whose ParseErrors know no location, and locates them at `at`. */
export function within<T>(context: CanonicalContext, at: TreePath, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ParseError && error.path === undefined && error.file === undefined) {
      fail(context, error.code, at, error.message, error.hint);
    }
    throw error;
  }
}

/** A value as a message shows it. */
export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
