import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTENSION_KEYS } from './generated/compose-validator.js';

/** The folder of JSON schemas shipped with compose-x (found from this module upward). */
export function schemasDir(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schemas');
    if (existsSync(path.join(candidate, 'compose-spec.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('compose-x is installed without its schemas/ folder');
  }
}

let read: Map<string, object> | undefined;

/** Every schema of schemas/, parsed, by file name (read once). */
export function readSchemas(): Map<string, object> {
  if (!read) {
    const dir = schemasDir();
    read = new Map();
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      read.set(name, JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as object);
    }
  }
  return read;
}

/** The x- keys compose-x reads: those compose-spec.json gives a schema, at the top level, on a service and on a top-level secret. */
export interface ExtensionKeys {
  project: string[];
  service: string[];
  secret: string[];
}

/** Read from schemas/compose-spec.json at build time (scripts/generate-validators.mjs). */
export function extensionKeys(): ExtensionKeys {
  return EXTENSION_KEYS as ExtensionKeys;
}
