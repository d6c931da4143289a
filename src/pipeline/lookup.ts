/** What `compose-x lookup` needs from the stages: the lookups of a project, and the file it writes. */
import { LOOKUP_FILE, type LookupRequest } from '../render/lookup.js';
import { compile, type CompileOptions } from './compile.js';
import { lookupFilePath, lookupFileText } from './lookup-file.js';
import { writeFilesAtomically } from './write-files.js';

/** What `compose-x lookup` looks up for a project, and where it writes the values (W_LOOKUP_PENDING is what it is about to fix, so not said). */
export function lookupRequests(options: CompileOptions): { requests: LookupRequest[]; projectDir: string } {
  const compiled = compile({ ...options, onWarning: (w) => (w.code === 'W_LOOKUP_PENDING' ? undefined : options.onWarning?.(w)) });
  return { requests: compiled.rendered.lookups, projectDir: compiled.project.working_dir };
}

/** Writes the lookup file of `projectDir` (all or nothing); returns its path. */
export function writeLookupFile(projectDir: string, values: Record<string, string>): string {
  writeFilesAtomically(projectDir, { [LOOKUP_FILE]: lookupFileText(values) });
  return lookupFilePath(projectDir);
}
