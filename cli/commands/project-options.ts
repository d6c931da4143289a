import type { Command } from 'commander';
import type { LoadOptions } from '../../src/parser/index.js';
import { printWarning } from '../run.js';

/** The flags every command that reads a compose project takes, as `docker compose` spells them. */
export interface ProjectFlags {
  file: string[];
  projectName?: string;
  envFile: string[];
  profile: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addProjectOptions(command: Command): Command {
  return command
    .option('-f, --file <file>', 'compose file (repeatable; later files override earlier ones)', collect, [])
    .option('-p, --project-name <name>', 'project name (default: COMPOSE_PROJECT_NAME, `name:`, or the directory)')
    .option('--env-file <file>', 'environment file (repeatable; default: .env in the project directory)', collect, [])
    .option('--profile <profile>', 'enable services of this profile (repeatable; default: COMPOSE_PROFILES)', collect, []);
}

export function loadOptions(flags: ProjectFlags): LoadOptions {
  return {
    files: flags.file,
    projectName: flags.projectName,
    envFiles: flags.envFile,
    profiles: flags.profile,
    onWarning: printWarning,
  };
}
