import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes files (relative path -> content) into a new temporary project directory named `name`. */
export function tmpProject(files: Record<string, string | Buffer>, name = 'proj'): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), name);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}
