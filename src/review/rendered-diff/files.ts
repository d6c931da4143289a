/**
 * The files that travel with a service, compared between two renders from the metadata of its
 * task definition (src/render/storage/init-container.ts): a file whose content changed (by its
 * SHA-256), was added or was removed, instead of the environment of the init container that
 * carries the contents.
 */
import type { JsonObject } from '../../render/template/json-object.js';
import { FILES_METADATA } from '../../render/storage/init-container.js';
import { asArray, compareText, objectAt } from './read-render.js';

interface Listed {
  container?: string;
  files: Map<string, { source: string; sha256: string }>;
}

function listed(declaration: JsonObject): Listed {
  const metadata = objectAt(objectAt(declaration['Metadata'])[FILES_METADATA]);
  const files = asArray(metadata['Files']).map(objectAt);
  const container = metadata['Container'];
  return {
    ...(typeof container === 'string' ? { container } : {}),
    files: new Map(files.map((f) => [String(f['Path']), { source: String(f['Source']), sha256: String(f['Sha256']) }])),
  };
}

/** The file changes between two declarations of a task definition, and the init containers whose changes they stand for. */
export function fileChanges(old: JsonObject, now: JsonObject): { changes: string[]; containers: string[] } {
  const [before, after] = [listed(old), listed(now)];
  const paths = [...new Set([...before.files.keys(), ...after.files.keys()])].sort(compareText);
  const changes = paths.flatMap((file) => {
    const [a, b] = [before.files.get(file), after.files.get(file)];
    if (a === undefined) return [`file ${file} (${b?.source ?? ''}) added`];
    if (b === undefined) return [`file ${file} (${a.source}) removed`];
    return a.sha256 === b.sha256 ? [] : [`file ${file} (${b.source}) changed`];
  });
  const containers = changes.length === 0 ? [] : [...new Set([before.container, after.container].filter((c): c is string => c !== undefined))];
  return { changes, containers };
}
