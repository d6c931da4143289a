import { existsSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from './diagnostics.js';

/** The names Docker Compose looks for, in its order of preference. */
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** `-f -`: the compose file on standard input. */
export const STDIN = '-';

/**
 * The compose files of a project, as Docker Compose finds them: the `-f` files (relative to
 * `cwd`; `-` stays STDIN), else COMPOSE_FILE, else the first default name found in
 * `searchDir` (`--project-directory`, else `cwd`) or a parent directory, plus its
 * `.override` file. Returns absolute paths.
 */
export function findComposeFiles(
  files: readonly string[],
  cwd: string,
  env: (name: string) => string | undefined,
  searchDir: string = cwd,
): string[] {
  if (files.length > 0) return files.map((f) => (f === STDIN ? STDIN : path.resolve(cwd, f)));
  const fromEnv = env('COMPOSE_FILE');
  if (fromEnv) {
    const separator = env('COMPOSE_PATH_SEPARATOR') ?? (process.platform === 'win32' ? ';' : ':');
    return fromEnv
      .split(separator)
      .filter((f) => f !== '')
      .map((f) => path.resolve(cwd, f));
  }
  for (let dir = path.resolve(searchDir); ; dir = path.dirname(dir)) {
    const base = DEFAULT_FILES.find((name) => existsSync(path.join(dir, name)));
    if (base) {
      const found = [path.join(dir, base)];
      const override = overrideNames(base).find((name) => existsSync(path.join(dir, name)));
      if (override) found.push(path.join(dir, override));
      return found;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new ParseError('E_NO_COMPOSE_FILE', `no compose file found in ${searchDir} or its parents.`, {
    hint: `Create ${DEFAULT_FILES[0]} or pass one with -f FILE.`,
  });
}

/** `compose.yaml` goes with `compose.override.yaml` (or `.yml`). */
function overrideNames(base: string): string[] {
  const stem = base.replace(/\.ya?ml$/, '');
  return [`${stem}.override.yaml`, `${stem}.override.yml`];
}

/**
 * Docker Compose's project name rule: lower case, only letters, digits, `-` and `_`,
 * starting with a letter or a digit.
 */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

const VALID_PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Picks the project name: `-p`, then COMPOSE_PROJECT_NAME, then the top-level `name:`,
 * then the project directory's name (normalized). An explicit name must already be valid.
 */
export function chooseProjectName(candidates: {
  flag?: string | undefined;
  environment?: string | undefined;
  file?: string | undefined;
  directory: string;
}): string {
  const explicit: [string, string | undefined][] = [
    ['-p', candidates.flag],
    ['COMPOSE_PROJECT_NAME', candidates.environment],
    ['the top-level `name:`', candidates.file],
  ];
  for (const [where, name] of explicit) {
    if (name === undefined || name === '') continue;
    if (!VALID_PROJECT_NAME.test(name)) {
      throw new ParseError('E_PROJECT_NAME', `project name "${name}" (from ${where}) is not valid.`, {
        hint: `Use lower-case letters, digits, "-" and "_", starting with a letter or digit, e.g. "${normalizeProjectName(name) || 'myapp'}".`,
      });
    }
    return name;
  }
  const fromDirectory = normalizeProjectName(path.basename(candidates.directory));
  if (fromDirectory === '') {
    throw new ParseError('E_PROJECT_NAME', `cannot derive a project name from the directory "${candidates.directory}".`, {
      hint: 'Name the project with -p NAME or a top-level `name:`.',
    });
  }
  return fromDirectory;
}
