import path from 'node:path';
import { canonicalize } from './canonical/canonical.js';
import { oneOrMany, ParseError, ParseErrors, timed, type ParseErrorDetails, type Position, type TreePath, type Warning } from './diagnostics.js';
import { namedLikeSecrets, parseDotenv } from './interpolation/dotenv.js';
import { applyExtends } from './extends.js';
import { interpolate } from './interpolation/interpolate.js';
import { isMapping } from './mapping.js';
import { stripMergeTags, withoutMergeTags } from './yaml/merge-tags.js';
import { mergeTrees } from './merge.js';
import type { Project } from './model.js';
import { applyProfiles, disabledServices } from './profiles.js';
import { chooseProjectName, findComposeFiles, STDIN } from './project-files.js';
import { SourceIndex } from './yaml/source-map.js';
import { COMPOSE_FILE, ENV_FILE, isDirectory, readStandardInput, readTextFile } from './text-file.js';
import { validateDocument } from './validate.js';
import { parseComposeYaml, type YamlLayer } from './yaml/yaml-source.js';

/** What `config`, `render` and the other commands pass to the parser. */
export interface LoadOptions {
  /** `-f` files, in order (`-`: standard input). Default: Docker Compose's default file names. */
  files?: readonly string[];
  /**
   * `--project-directory`: where relative paths, `.env` and the default compose files are.
   * Default: the directory of the first compose file (the current one for `-f -` alone).
   */
  projectDirectory?: string;
  /** `-p`. Default: COMPOSE_PROJECT_NAME, then `name:`, then the directory name. */
  projectName?: string | undefined;
  /** `--env-file`, in order (later wins). Default: `.env` in the project directory. */
  envFiles?: readonly string[];
  /** `--profile`. Default: COMPOSE_PROFILES. */
  profiles?: readonly string[];
  /** Default: process.cwd(). */
  cwd?: string;
  /** Default: process.env. It wins over the env files. */
  environment?: Readonly<Record<string, string | undefined>>;
  /** Called with each warning as it is found (they are also returned with the project). */
  onWarning?: (warning: Warning) => void;
  /** false: `${VAR}` is kept as written (`config --no-interpolate`; `loadComposeDocument` only). Default: true. */
  interpolate?: boolean;
}

export interface LoadResult {
  project: Project;
  /** The compose files read, absolute, in merge order. */
  files: string[];
  warnings: Warning[];
  /** Where a path of the model (its value, or its key) was written (the nearest ancestor that was), for later errors. */
  locate: (path: TreePath, which?: 'key' | 'value') => Position | undefined;
}

/**
 * Loads a compose project the way Docker Compose does, phase by phase (see
 * src/parser/README.md): find files, environment, then per file parse, interpolate,
 * validate and resolve `extends`; merge the files; name the project; apply profiles;
 * normalize to the model.
 */
export function loadProject(options: LoadOptions = {}): LoadResult {
  const { merged, files, warnings, projectName, projectDir, lookup, sources, warn, disabled } = mergeProject(options);
  const locate = (p: TreePath, which?: 'key' | 'value') => sources.locate(p, which);
  const canonical = timed('canonical', () => canonicalize(merged, {
    projectName,
    workingDir: projectDir,
    lookup,
    readEnvFile: (file: string) => {
      const text = readTextFile(file, ENV_FILE);
      return text === undefined ? undefined : parseDotenv(text, file, lookup);
    },
    locate,
    moved: (modelPath, written) => sources.moved(modelPath, written),
    expanded: (list, written) => sources.expanded(list, written),
    warn,
  }));
  const project = Object.keys(disabled).length > 0 ? { ...canonical, disabled_services: disabled } : canonical;
  return { project, files, warnings, locate };
}

/**
 * The files merged, named and with profiles applied, before the canonical form: short syntax
 * as written (and, with `interpolate: false`, `${VAR}` too). What `config --no-interpolate` prints.
 */
export function loadComposeDocument(options: LoadOptions = {}): { document: Record<string, unknown>; files: string[]; warnings: Warning[] } {
  const { merged, files, warnings, projectName } = mergeProject(options);
  return { document: { ...merged, name: projectName }, files, warnings };
}

/** The phases before the canonical form. */
function mergeProject(options: LoadOptions) {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const processEnv = options.environment ?? process.env;
  const warnings: Warning[] = [];
  const warn = (w: Warning): void => {
    warnings.push(w);
    options.onWarning?.(w);
  };

  const given = options.projectDirectory === undefined ? undefined : path.resolve(cwd, options.projectDirectory);
  const preliminary = options.files?.length ? undefined : environmentFor(given ?? cwd, resolveAll(cwd, options.envFiles ?? []), processEnv).values;
  const found = findComposeFiles(options.files ?? [], cwd, (name) => preliminary?.[name] ?? processEnv[name], given ?? cwd);
  const firstFile = found.find((f) => f !== STDIN);
  const projectDir = given ?? (firstFile === undefined ? cwd : path.dirname(firstFile));
  const stdinFile = path.join(projectDir, STDIN);
  const files = found.map((f) => (f === STDIN ? stdinFile : f));
  const environment = environmentFor(projectDir, resolveAll(cwd, options.envFiles ?? []), processEnv);
  const lookup = (name: string): string | undefined => environment.values[name];
  const fromSecretFiles = new Set<string>();

  const sources = new SourceIndex();
  const unset = new Set<string>();
  const cache = new Map<string, YamlLayer[]>();
  const problems: ParseError[] = [];
  const throwProblems = (): void => {
    if (problems.length > 0) throw oneOrMany(problems);
  };
  const readLayers = (file: string, from?: ParseErrorDetails): YamlLayer[] => {
    const known = cache.get(file);
    if (known) return known;
    const parsed = timed('read+parse', () => parseComposeYaml(file === stdinFile ? readStandardInput(COMPOSE_FILE) : readCompose(file, from ?? { file }), file));
    const layers = timed('interpolate+validate', () => parsed.map((layer) => {
      sources.add(layer.sources);
      const locate = (p: TreePath, which?: 'key' | 'value') => layer.sources.exact(p, which) ?? sources.locate(p, which);
      const value = options.interpolate === false ? layer.value : interpolate(layer.value, {
        lookup,
        locate,
        onUnset: (name, at) => {
          if (unset.has(name)) return;
          unset.add(name);
          warn({ code: 'W_VARIABLE_UNSET', message: `the "${name}" variable is not set. Defaulting to a blank string.`, path: at, position: locate(at) });
        },
        onValue: (name, at) => {
          const from = environment.fileOf.get(name);
          if (from === undefined || !namedLikeSecrets(from) || fromSecretFiles.has(name)) return;
          fromSecretFiles.add(name);
          warn(secretInterpolated(name, from, at, locate(at)));
        },
      }) as Record<string, unknown>;
      const found = validateDocument(withoutMergeTags(value) as Record<string, unknown>, locate);
      problems.push(...(options.interpolate === false ? found.filter((problem) => !holdsVariable(value, problem.path ?? [])) : found));
      return { ...layer, value };
    }));
    cache.set(file, layers);
    return layers;
  };
  const servicesOf = (file: string, from: { path: TreePath; position: Position | undefined }, fromFile: string): Record<string, unknown> => {
    const layers = readLayers(file, { ...from, file: fromFile });
    throwProblems();
    const merged = layers.reduce<unknown>((acc, l) => mergeTrees(acc, l.value), undefined);
    const services = isMapping(merged) ? merged['services'] : undefined;
    return isMapping(services) ? services : {};
  };

  const layersOf = files.map((file) => ({ file, layers: reportingProblems(problems, () => readLayers(file)) ?? [] }));
  throwProblems();
  let merged: Record<string, unknown> = {};
  for (const { file, layers } of layersOf) {
    for (const layer of layers) {
      const value = { ...layer.value };
      if (isMapping(value['services'])) {
        value['services'] = applyExtends(value['services'], {
          file,
          servicesOf,
          locate: (p) => layer.sources.exact(p, 'key') ?? sources.locate(p, 'key'),
        });
      }
      merged = mergeTrees(merged, value) as Record<string, unknown>;
    }
  }
  merged = stripMergeTags(merged) as Record<string, unknown>;
  const locate = (p: TreePath, which?: 'key' | 'value') => sources.locate(p, which);

  if (merged['include'] !== undefined) {
    throw new ParseError('E_UNSUPPORTED', 'the top-level `include` is not supported by compose-x yet.', {
      path: ['include'],
      position: locate(['include'], 'key'),
      hint: 'List the included files with -f instead; compose-x merges them.',
    });
  }

  const projectName = chooseProjectName({
    flag: options.projectName,
    environment: environment.values['COMPOSE_PROJECT_NAME'],
    file: typeof merged['name'] === 'string' ? merged['name'] : undefined,
    directory: projectDir,
  });
  const profiles = options.profiles?.length
    ? options.profiles
    : (environment.values['COMPOSE_PROFILES'] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const services = isMapping(merged['services']) ? merged['services'] : {};
  const kept = applyProfiles(services, profiles, locate, warn);
  const disabled = disabledServices(services, kept);
  if (isMapping(merged['services'])) merged = { ...merged, services: kept };
  return { merged, files, warnings, projectName, projectDir, lookup, sources, warn, disabled };
}

/**
 * The environment of a project: its env files (later wins), then the process environment over
 * them. Without --env-file, `.env` is read when it is there and not a directory (as Compose does).
 */
function environmentFor(
  projectDir: string,
  envFiles: readonly string[],
  processEnv: Readonly<Record<string, string | undefined>>,
): { values: Record<string, string | undefined>; fileOf: Map<string, string> } {
  const defaultFile = path.join(projectDir, '.env');
  const files = envFiles.length > 0 ? envFiles : isDirectory(defaultFile) === false ? [defaultFile] : [];
  const fromFiles: Record<string, string> = {};
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const text = withDetails({ file }, () => readTextFile(file, ENV_FILE));
    if (text === undefined) {
      throw new ParseError('E_ENV_FILE_MISSING', `the env file ${file} does not exist.`, {
        file,
        hint: 'Create it, or fix the path given to --env-file.',
      });
    }
    const lookup = (name: string): string | undefined => processEnv[name] ?? fromFiles[name];
    for (const [name, value] of Object.entries(parseDotenv(text, file, lookup))) {
      fromFiles[name] = value;
      if (processEnv[name] === undefined) fileOf.set(name, file);
    }
  }
  return { values: { ...fromFiles, ...processEnv }, fileOf };
}

/**
 * A variable of an env file named like secrets (`--env-file secrets.env`) whose value the
 * compose file takes in: interpolated, it is plain text in whatever it went into.
 */
function secretInterpolated(name: string, file: string, at: TreePath, position: Position | undefined): Warning {
  return {
    code: 'W_SECRET_INTERPOLATED',
    message:
      `"${name}" comes from ${path.basename(file)}, a file named like a file of secrets, and its value is interpolated into the compose file: ` +
      'it would be written in plain text into the template and the task definition (or the build), where anyone who can read the stack or describe the task can read it. ' +
      'Store the value in AWS Secrets Manager or SSM Parameter Store and declare it under secrets: (external: true, name: its ARN) instead.',
    path: at,
    position,
  };
}

function resolveAll(cwd: string, files: readonly string[]): string[] {
  return files.map((f) => path.resolve(cwd, f));
}

/** Whether the value at `at` has a `$` in it: not interpolated, it is not checked (a `${PORT}:80` is not a port yet). */
function holdsVariable(document: unknown, at: TreePath): boolean {
  const value = at.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined), document);
  return JSON.stringify(value ?? null).includes('$');
}

/** The text of a compose file; `where` is where it was named (the file itself for -f, the extends key for extends). */
function readCompose(file: string, where: ParseErrorDetails): string {
  const text = withDetails(where, () => readTextFile(file, COMPOSE_FILE));
  if (text === undefined) {
    throw new ParseError('E_FILE_NOT_FOUND', `the compose file ${file} does not exist.`, {
      ...where,
      hint: 'Check the path (relative paths start from the current directory for -f, from the compose file for extends).',
    });
  }
  return text;
}

/** Runs `read`; a ParseError it throws without a place is given `where`. */
function withDetails<T>(where: ParseErrorDetails, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ParseError && error.file === undefined) throw new ParseError(error.code, error.message, { ...where, hint: error.hint });
    throw error;
  }
}

/** Runs `read`; a bad file is added to `problems` (so the next files are still read) instead of thrown. */
function reportingProblems<T>(problems: ParseError[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof ParseError) problems.push(error);
    else if (error instanceof ParseErrors) problems.push(...error.errors);
    else throw error;
    return undefined;
  }
}
