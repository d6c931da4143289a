import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of JSON schemas shipped with compose-x (found from this module upward). */
export function schemasDir(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schemas');
    if (existsSync(path.join(candidate, 'compose-spec.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('compose-x is installed without its schemas/ folder');
  }
}

/** Every schema of schemas/, parsed, by file name. */
export function readSchemas(): Map<string, object> {
  const dir = schemasDir();
  const out = new Map<string, object>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    out.set(name, JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as object);
  }
  return out;
}
