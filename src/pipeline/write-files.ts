import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes every file or none: each goes to a temporary name in `dir` first, and only when
 * all are written are they renamed into place. On failure the temporaries are removed and
 * `dir` keeps what it had.
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
      staged.push([temporary, path.join(dir, name)]);
      writeFileSync(temporary, content);
    }
  } catch (error) {
    for (const [temporary] of staged) rmSync(temporary, { force: true });
    throw error;
  }
  for (const [temporary, final] of staged) renameSync(temporary, final);
  return staged.map(([, final]) => final);
}
