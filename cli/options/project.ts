import type { Command } from 'commander';
import { ParseError, type Warning } from '../../src/parser/diagnostics.js';
import type { LoadOptions } from '../../src/parser/index.js';
import { printWarning } from '../run.js';

/** The flags every command that reads a compose project takes, as `docker compose` spells them. */
export interface ProjectFlags {
  file: string[];
  projectName?: string;
  projectDirectory?: string;
  envFile: string[];
  /** Compose profiles, on every command (the AWS profile is `--aws-profile`). */
  profile: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Docker Compose's project flags; `--profile` is a compose profile here as in docker compose. */
export function addProjectOptions(command: Command): Command {
  return command
    .option('-f, --file <file>', 'compose file (repeatable; later files override earlier ones; - reads it from standard input)', collect, [])
    .option('-p, --project-name <name>', 'project name (default: COMPOSE_PROJECT_NAME, `name:`, or the directory)')
    .option('--project-directory <dir>', 'where relative paths, .env and the default compose files are (default: the first compose file\'s directory)')
    .option('--env-file <file>', 'environment file (repeatable; default: .env in the project directory)', collect, [])
    .option('--profile <profile>', 'enable services of this compose profile (repeatable; default: COMPOSE_PROFILES)', collect, []);
}

/**
 * The flags as the pipeline takes them; `file` is the command's positional compose file, read
 * before the `-f` files. Warnings go to stderr, or to `onWarning` (the JSON output of --json).
 */
export function loadOptions(flags: ProjectFlags, file?: string, onWarning: (warning: Warning) => void = printWarning): LoadOptions {
  return {
    files: file ? [file, ...flags.file] : flags.file,
    projectName: flags.projectName,
    ...(flags.projectDirectory === undefined ? {} : { projectDirectory: flags.projectDirectory }),
    envFiles: flags.envFile,
    profiles: flags.profile,
    onWarning,
  };
}

/** The stack name is the project name: -p, else the compose project's name. */
export async function stackName(flags: ProjectFlags, onWarning?: (warning: Warning) => void): Promise<string> {
  if (flags.projectName) return flags.projectName;
  const { loadCompose } = await import('../../src/pipeline/index.js');
  return loadCompose(loadOptions(flags, undefined, onWarning)).project.name;
}

/**
 * On the commands that talk to AWS, `--profile` once named the AWS profile: a `--profile`
 * that no service of the project has is taken for that mistake, and refused with the flag
 * that was meant (before anything reaches AWS).
 */
export async function refuseUnknownProfiles(flags: ProjectFlags, file?: string): Promise<void> {
  if (flags.profile.length === 0) return;
  const { composeProfiles } = await import('../../src/pipeline/index.js');
  let known: string[] | undefined;
  try {
    known = composeProfiles({ ...loadOptions(flags, file), profiles: ['*'], onWarning: () => undefined });
  } catch (error) {
    if (!(error instanceof ParseError && error.code === 'E_NO_COMPOSE_FILE')) throw error;
  }
  const unknown = flags.profile.find((p) => p !== '*' && !(known ?? []).includes(p));
  if (unknown === undefined) return;
  const which = known === undefined ? 'there is no compose project here to have it' : known.length > 0 ? `the project's profiles are ${known.join(', ')}` : 'the project has no profiles';
  throw new ParseError('E_UNKNOWN_PROFILE', `--profile ${unknown}: no service of the project has this compose profile (${which}).`, {
    hint: `--profile names a compose profile, as in docker compose. For the AWS profile, pass --aws-profile ${unknown} (or set AWS_PROFILE=${unknown}).`,
  });
}
