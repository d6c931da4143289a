import type { Command } from 'commander';
import { ParseError, type Warning } from '../../src/parser/diagnostics.js';
import type { DeployInputOptions } from '../../src/pipeline/index.js';
import { loadOptions, type ProjectFlags } from './project.js';

export interface DeployInputFlags extends ProjectFlags {
  templateDir?: string;
  parameters: string[];
  tags: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Flags of the commands that deploy what `render` makes (up, plan, diff). */
export function addDeployInputOptions(command: Command): Command {
  return command
    .option('--template-dir <dir>', 'deploy the files of an earlier `render` instead of rendering now')
    .option('--parameters <key=value>', 'override a stack parameter (repeatable)', collect, [])
    .option('--tags <key=value>', 'tag the stack (repeatable)', collect, []);
}

function keyValues(pairs: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new ParseError('E_FLAG', `${flag} ${pair}: expected KEY=VALUE.`, { hint: `Write it as ${flag} Name=value.` });
    }
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** The deploy flags as the pipeline takes them. */
export function deployInputOptions(flags: DeployInputFlags, file: string | undefined, onWarning?: (warning: Warning) => void): DeployInputOptions {
  return {
    ...loadOptions(flags, file, onWarning),
    parameters: keyValues(flags.parameters, '--parameters'),
    tags: keyValues(flags.tags, '--tags'),
    ...(flags.templateDir ? { templateDir: flags.templateDir } : {}),
  };
}
