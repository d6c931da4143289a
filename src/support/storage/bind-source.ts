/**
 * Host paths of bind mounts and config files: what they are, and the files of the project they
 * hold. Only regular files inside the project directory travel; a symbolic link counts as the
 * file it leads to, so a link out of the project is out of the project.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { filesTooLarge } from './limits.js';
import { looksLikePrivateKey, PRIVATE_KEY_HINT } from './private-keys.js';

/** A file of the project, by its path below the bound path (`''` when a file itself is bound). */
interface ProjectFile {
  relative: string;
  content: Buffer;
  executable: boolean;
}

/** Why a host path cannot travel: a code, a sentence and what to do instead. */
export interface Refusal {
  code: string;
  message: string;
  hint: string;
}

type HostPathKind = 'missing' | 'file' | 'directory' | 'socket' | 'named pipe' | 'device';

/** What is at a host path, links followed. */
export function hostPathKind(file: string): HostPathKind {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    return 'missing';
  }
  return kindOf(stats);
}

function kindOf(stats: Stats): HostPathKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSocket()) return 'socket';
  if (stats.isFIFO()) return 'named pipe';
  return 'device';
}

/** A host path as a reviewer reads it: `./nginx.conf` inside the project, else as it is. */
export function displayPath(file: string, projectDir: string): string {
  const relative = path.relative(projectDir, file);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : `./${relative}`;
}

/** Whether a path, links resolved, is the project directory or inside it. */
function insideProject(real: string, projectDir: string): boolean {
  const relative = path.relative(realOrSelf(projectDir), real);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Host paths whose outside-the-project refusal has a better fix than copying the file in. */
const HOST_FILE_HINTS: Readonly<Record<string, string>> = {
  '/etc/localtime': 'Fargate tasks run in UTC: set the time zone with TZ in environment (e.g. TZ: Europe/Paris) instead.',
  '/etc/timezone': 'Fargate tasks run in UTC: set the time zone with TZ in environment (e.g. TZ: Europe/Paris) instead.',
};

/** The refusal of a host path outside the project, whose content the deployment cannot take along. */
function outsideProject(file: string, projectDir: string): Refusal {
  return {
    code: 'E_BIND_OUTSIDE_PROJECT',
    message: `${file} is outside the project directory ${projectDir}, so it cannot travel with the deployment.`,
    hint:
      HOST_FILE_HINTS[file] ??
      'Copy the file into the project and mount it from there (e.g. ./config/app.conf:/etc/app/app.conf:ro), or bake it into the image.',
  };
}

/**
 * The files of a bound file or directory of the project, at most `budget` bytes in all:
 * refused when the path (or a link in it) leads out of the project, when it holds a socket, a
 * named pipe or a device, a private key, or more bytes than the budget (the budget of the
 * files of `service`).
 */
export function readProjectFiles(source: string, projectDir: string, budget: number, service: string): { files: ProjectFile[] } | { refusal: Refusal } {
  const display = displayPath(source, projectDir);
  const real = realOrSelf(source);
  if (!insideProject(real, projectDir)) return { refusal: outsideProject(source, projectDir) };
  const files: ProjectFile[] = [];
  let total = 0;
  const visit = (at: string, relative: string, seen: ReadonlySet<string>): Refusal | undefined => {
    const shown = relative === '' ? display : `${display}/${relative}`;
    const target = realOrSelf(at);
    if (!insideProject(target, projectDir)) return outsideProject(shown, projectDir);
    const stats = statSync(target);
    const kind = kindOf(stats);
    if (kind === 'directory') {
      if (seen.has(target)) return undefined;
      const names = readdirSync(target).sort();
      for (const name of names) {
        const refused = visit(path.join(at, name), relative === '' ? name : `${relative}/${name}`, new Set([...seen, target]));
        if (refused) return refused;
      }
      return undefined;
    }
    if (kind !== 'file') {
      return { code: 'E_BIND_NOT_FILE', message: `${shown} is a ${kind}, not a file or a directory, so it cannot travel with the deployment.`, hint: 'Mount only files and directories of the project.' };
    }
    total += stats.size;
    if (total > budget) return filesTooLarge(service, display);
    const content = readFileSync(target);
    if (looksLikePrivateKey(target, content)) {
      return { code: 'E_PRIVATE_KEY', message: `${shown} looks like a private key, which would be written in the template in plain text.`, hint: PRIVATE_KEY_HINT };
    }
    files.push({ relative, content, executable: (stats.mode & 0o111) !== 0 });
    return undefined;
  };
  const refusal = visit(source, '', new Set());
  return refusal ? { refusal } : { files };
}

/** The sockets of a container engine (Docker, Podman, containerd), which a Fargate task has none of. */
const ENGINE_SOCKET = /(^|\/)(docker|podman|containerd)\.sock$/;

/** Whether the host path is a container engine's socket. */
export function isEngineSocket(file: string): boolean {
  return ENGINE_SOCKET.test(file);
}
