/**
 * The digest of a service's build context: what `docker build` sends the builder, read as
 * Docker reads it (the `.dockerignore` of the context, or `<Dockerfile>.dockerignore` beside
 * the Dockerfile, which BuildKit prefers; the Dockerfile always counts, even outside the
 * context), every file by its path, executable bit and content, every symbolic link by its
 * target. The same files give the same digest on any machine; one changed byte changes it.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import dockerignore, { type Ignore } from '@balena/dockerignore';
import { oneOrMany, ParseError, type Position, type TreePath } from './diagnostics.js';
import type { Build, Project } from './model.js';

/** The package is CommonJS (`module.exports` is the factory), which its types call a default export. */
const ignore = dockerignore as unknown as typeof dockerignore.default;

const CHUNK = 1024 * 1024;

/** The ignore rules of a build: `<Dockerfile>.dockerignore` first, then the context's `.dockerignore`. */
function ignoreRules(context: string, dockerfile: string | undefined): { rules: Ignore; negates: boolean } {
  const candidates = [...(dockerfile ? [`${dockerfile}.dockerignore`] : []), path.join(context, '.dockerignore')];
  const file = candidates.find((candidate) => existsSync(candidate));
  const lines = file ? readFileSync(file, 'utf8').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#')) : [];
  return { rules: ignore().add(lines), negates: lines.some((line) => line.startsWith('!')) };
}

function hashFile(hash: Hash, file: string): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let read = readSync(fd, buffer, 0, CHUNK, null); read > 0; read = readSync(fd, buffer, 0, CHUNK, null)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}

/** A file or symbolic link Docker sends the builder, by its path in the context (`/` separated). */
export interface ContextEntry {
  path: string;
  /** Where it is on this machine. */
  file: string;
  /** The target of a symbolic link. */
  link?: string;
  executable: boolean;
  size: number;
}

/** Every entry of the context that Docker would send, in path order. */
function entriesOf(context: string, ignored: { rules: Ignore; negates: boolean }, always: ReadonlySet<string>): ContextEntry[] {
  const entries: ContextEntry[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(context, full).split(path.sep).join('/');
      const stat = lstatSync(full);
      const skip = ignored.rules.ignores(rel) && !always.has(rel);
      if (stat.isDirectory()) {
        if (!skip || ignored.negates) visit(full);
        continue;
      }
      if (skip) continue;
      if (stat.isSymbolicLink()) entries.push({ path: rel, file: full, link: readlinkSync(full), executable: false, size: 0 });
      else if (stat.isFile()) entries.push({ path: rel, file: full, executable: (stat.mode & 0o111) !== 0, size: stat.size });
    }
  };
  visit(context);
  return entries;
}

function hashEntries(hash: Hash, entries: readonly ContextEntry[]): void {
  for (const entry of entries) {
    if (entry.link !== undefined) {
      hash.update(`${entry.path}\0link\0${entry.link}\n`);
    } else {
      hash.update(`${entry.path}\0file\0${entry.executable ? 'x' : '-'}\0${entry.size}\0`);
      hashFile(hash, entry.file);
      hash.update('\n');
    }
  }
}

/** The Dockerfile's path on this machine, or undefined for an inline one. */
function dockerfileOf(build: Build): string | undefined {
  if (build.dockerfile_inline !== undefined || build.dockerfile === undefined) return undefined;
  return path.resolve(build.context, build.dockerfile);
}

/** What Docker sends for a build: the context's entries, a Dockerfile from outside it, the additional local contexts' entries. */
export interface BuildSources {
  entries: ContextEntry[];
  /** The Dockerfile, when it is outside the context. */
  outsideDockerfile?: string;
  additional: { name: string; entries: ContextEntry[] }[];
}

/** The sources of one local build, as Docker reads them (ignore files applied). */
export function buildSources(build: Build): BuildSources {
  const dockerfile = dockerfileOf(build);
  const relative = dockerfile ? path.relative(build.context, dockerfile).split(path.sep).join('/') : undefined;
  const inContext = relative !== undefined && !relative.startsWith('..') ? relative : undefined;
  const entries = entriesOf(build.context, ignoreRules(build.context, dockerfile), new Set(inContext ? [inContext, '.dockerignore'] : ['.dockerignore']));
  const additional = Object.entries(build.additional_contexts ?? {})
    .filter(([, dir]) => path.isAbsolute(dir))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, dir]) => ({ name, entries: entriesOf(dir, ignoreRules(dir, undefined), new Set()) }));
  return { entries, ...(dockerfile && !inContext ? { outsideDockerfile: dockerfile } : {}), additional };
}

/** The digest (sha256, hex) of one local build context, its Dockerfile and its additional local contexts. */
export function buildContextDigest(build: Build): string {
  const hash = createHash('sha256');
  const sources = buildSources(build);
  hashEntries(hash, sources.entries);
  if (sources.outsideDockerfile) {
    hash.update('\0dockerfile\0');
    hashFile(hash, sources.outsideDockerfile);
  }
  for (const { name, entries } of sources.additional) {
    hash.update(`\0context\0${name}\0`);
    hashEntries(hash, entries);
  }
  return hash.digest('hex');
}

/**
 * The digest of every local build of the project, by service. A context or Dockerfile that
 * does not exist is an error at its key, all of them at once.
 */
export function buildDigests(project: Project, locate: (path: TreePath) => Position | undefined): Record<string, string> {
  const errors: ParseError[] = [];
  const digests: Record<string, string> = {};
  for (const [name, service] of Object.entries(project.services).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const build = service.build;
    if (!build || !path.isAbsolute(build.context)) continue;
    const at = ['services', name, 'build'];
    const missing = (key: string, what: string, hint: string): void => void errors.push(new ParseError('E_BUILD_CONTEXT', what, { path: [...at, key], position: locate([...at, key]), hint }));
    if (!existsSync(build.context) || !statSync(build.context).isDirectory()) {
      missing('context', `the build context ${build.context} of service "${name}" is not a directory.`, 'Point build.context (or build:) at the directory that holds the Dockerfile.');
      continue;
    }
    const dockerfile = dockerfileOf(build);
    if (dockerfile && !existsSync(dockerfile)) {
      missing('dockerfile', `the Dockerfile ${dockerfile} of service "${name}" does not exist.`, 'Fix build.dockerfile (relative to the context), or write it with dockerfile_inline.');
      continue;
    }
    digests[name] = buildContextDigest(build);
  }
  if (errors.length > 0) throw oneOrMany(errors);
  return digests;
}
