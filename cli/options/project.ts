import type { Command } from 'commander';
import type { LoadOptions } from '../../src/parser/index.js';
import { printWarning } from '../run.js';

/** The flags every command that reads a compose project takes, as `docker compose` spells them. */
export interface ProjectFlags {
  file: string[];
  projectName?: string;
  envFile: string[];
}

/** The flags of the commands where `--profile` is a compose profile (render, config, validate). */
export interface ComposeProfileFlags extends ProjectFlags {
  profile: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * Docker Compose's project flags. Where `--profile` names the AWS profile (the deploy
 * commands), compose profiles are `--compose-profile`.
 */
export function addProjectOptions(command: Command, profileFlag: '--profile' | '--compose-profile' = '--profile'): Command {
  return command
    .option('-f, --file <file>', 'compose file (repeatable; later files override earlier ones)', collect, [])
    .option('-p, --project-name <name>', 'project name (default: COMPOSE_PROJECT_NAME, `name:`, or the directory)')
    .option('--env-file <file>', 'environment file (repeatable; default: .env in the project directory)', collect, [])
    .option(`${profileFlag} <profile>`, 'enable services of this compose profile (repeatable; default: COMPOSE_PROFILES)', collect, []);
}

/** The flags as the pipeline takes them; `file` is the command's positional compose file, read before the `-f` files. */
export function loadOptions(flags: ProjectFlags, profiles: string[], file?: string): LoadOptions {
  return {
    files: file ? [file, ...flags.file] : flags.file,
    projectName: flags.projectName,
    envFiles: flags.envFile,
    profiles,
    onWarning: printWarning,
  };
}

/** The stack name is the project name: -p, else the compose project's name. */
export async function stackName(flags: ProjectFlags & { composeProfile: string[] }): Promise<string> {
  if (flags.projectName) return flags.projectName;
  const { loadCompose } = await import('../../src/pipeline/index.js');
  return loadCompose(loadOptions(flags, flags.composeProfile)).project.name;
}
