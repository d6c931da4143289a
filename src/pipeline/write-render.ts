import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ParseError, timed } from '../parser/diagnostics.js';

/**
 * Writing a render: the output directory always holds one whole render of the project. The
 * new directory is made beside it (the files of this render, and the renders of other
 * projects that share the directory), then swapped in by renames; a file of an earlier render
 * of this project that this one does not write is gone with the old directory. A crash or a
 * `kill -9` at any moment leaves the old render or the new one, never a mix (between the two
 * renames, the old one beside the directory, where the next render puts it back), and the
 * next render removes what a dead one left beside it; two renders at once end with one of them.
 */

/** A file's text: whole, or in pieces (read again on each write) for a text too large to hold whole. */
export type FileText = string | Iterable<string>;

/** The characters of text in pieces written at once. */
const CHUNK = 1 << 20;

/** Writes a file's text; text in pieces is joined and written about a MB at a time. */
function writeText(file: string, text: FileText): void {
  if (typeof text === 'string') {
    writeFileSync(file, text);
    return;
  }
  const fd = openSync(file, 'w');
  try {
    const write = (pieces: string[]): void => {
      const bytes = Buffer.from(pieces.join(''));
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    };
    let pieces: string[] = [];
    let size = 0;
    for (const piece of text) {
      pieces.push(piece);
      size += piece.length;
      if (size < CHUNK) continue;
      write(pieces);
      pieces = [];
      size = 0;
    }
    write(pieces);
  } finally {
    closeSync(fd);
  }
}

/** What a file of a render is named: `<project>.yaml`, `<project>.params.json`, `<project>.<nested>.yaml`... */
const RENDER_FILE = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9-]+)?\.(ya?ml|json|params\.json|review\.md|serviceconnect-report\.md)$/;

/** The staging and retired directories beside `dir`, with the writing process's pid. */
const SIBLING = /^\.(.+)\.compose-x-(new|old)-(\d+)-[0-9a-z]+$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans up after renders that are no longer running: a retired directory is put back when a
 * render was killed between its two renames (so `dir` is missing), the rest is removed.
 */
function removeLeftovers(dir: string): void {
  const parent = path.dirname(dir);
  const dead = readdirSync(parent)
    .map((name) => ({ name, match: SIBLING.exec(name) }))
    .filter(({ match }) => match && match[1] === path.basename(dir) && !isAlive(Number(match[3])))
    .sort((a, b) => (a.match?.[2] === 'old' ? 0 : 1) - (b.match?.[2] === 'old' ? 0 : 1));
  for (const { name, match } of dead) {
    const leftover = path.join(parent, name);
    if (match?.[2] === 'old' && !existsSync(dir)) renameSync(leftover, dir);
    else rmSync(leftover, { recursive: true, force: true });
  }
}

/** The files of `dir` to keep in the new render: every file that is not this project's. Anything else in `dir` is refused. */
function othersIn(dir: string, project: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) {
    throw new ParseError('E_OUTPUT_DIR', `the output directory ${dir} is a file.`, { file: dir, hint: 'Give -d a directory (default cfn/).' });
  }
  const names = readdirSync(dir);
  const foreign = names.filter((name) => !RENDER_FILE.test(name) || !statSync(path.join(dir, name)).isFile());
  if (foreign.length > 0) {
    throw new ParseError(
      'E_OUTPUT_DIR',
      `the output directory ${dir} holds ${foreign.length === 1 ? 'an entry' : 'entries'} that no render wrote (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''}); compose-x replaces the directory as a whole, so it writes only into a directory of renders.`,
      { file: dir, hint: 'Render into a directory of its own, e.g. -d cfn.' },
    );
  }
  return names.filter((name) => !name.startsWith(`${project}.`));
}

function sibling(dir: string, kind: 'new' | 'old'): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.compose-x-${kind}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
}

/** The file-system error as a message with the path, exit 2, never a stack trace. */
function unwritable(dir: string, error: unknown): ParseError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ParseError('E_OUTPUT_DIR', `cannot write the render to ${dir}: ${reason}.`, { file: dir, hint: 'Choose an output directory you can write, with -d.' });
}

/** Swaps `staged` in as `dir`; retries when another render swapped its own in meanwhile. */
function swapIn(staged: string, dir: string): void {
  for (let attempt = 0; ; attempt += 1) {
    const retired = existsSync(dir) ? sibling(dir, 'old') : undefined;
    try {
      if (retired) renameSync(dir, retired);
      renameSync(staged, dir);
      if (retired) rmSync(retired, { recursive: true, force: true });
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 20 || (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST')) throw error;
    }
  }
}

/**
 * Writes the files of one render of `project` into `dir` (created when missing), as a whole;
 * returns the paths written. Throws E_OUTPUT_DIR (exit 2) for a directory that holds more
 * than renders, or that cannot be written.
 */
export function writeRender(dir: string, project: string, files: Record<string, FileText>): string[] {
  return timed('write', () => writeRenderNow(dir, project, files));
}

function writeRenderNow(dir: string, project: string, files: Record<string, FileText>): string[] {
  const target = path.resolve(dir);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    removeLeftovers(target);
    const staged = stage(target, project, files);
    try {
      swapIn(staged, target);
    } finally {
      rmSync(staged, { recursive: true, force: true });
    }
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw unwritable(target, error);
  }
  return Object.keys(files).map((name) => path.join(dir, name));
}

/**
 * The new directory beside `target`: the other projects' renders copied from it, then this
 * render's files. When another render swaps `target` while it is read (a file is gone), the
 * staging starts again from the directory that is there now.
 */
function stage(target: string, project: string, files: Record<string, FileText>): string {
  for (let attempt = 0; ; attempt += 1) {
    const staged = sibling(target, 'new');
    try {
      const others = othersIn(target, project);
      mkdirSync(staged);
      for (const name of others) cpSync(path.join(target, name), path.join(staged, name), { preserveTimestamps: true });
      for (const [name, content] of Object.entries(files)) writeText(path.join(staged, name), content);
      return staged;
    } catch (error) {
      rmSync(staged, { recursive: true, force: true });
      if (attempt >= 20 || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
