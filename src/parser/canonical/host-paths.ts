import path from 'node:path';
import { warn } from './errors.js';
import type { CanonicalContext } from './context.js';
import type { TreePath } from '../diagnostics.js';

/**
 * A host path made absolute like compose-go does: `~` is HOME (from lookup), a relative path
 * is joined to the working directory, an absolute path is kept as written.
 */
export function hostPath(written: string, at: TreePath, context: CanonicalContext): string {
  const expanded = expandHome(written, at, context);
  return path.posix.isAbsolute(expanded) ? expanded : path.posix.join(context.workingDir, expanded);
}

function expandHome(written: string, at: TreePath, context: CanonicalContext): string {
  if (!written.startsWith('~')) return written;
  const home = context.lookup('HOME');
  if (home !== undefined) return path.posix.join(home, written.slice(1));
  warn(context, 'W_HOME_UNSET', at, `"~" in "${written}" is not expanded because HOME is not set.`);
  return written;
}
