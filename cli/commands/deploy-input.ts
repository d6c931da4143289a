import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../../src/parser/diagnostics.js';
import type { DeployTemplates } from '../../src/deploy/types.js';
import { printWarning } from '../run.js';
import { loadOptions, type ProjectFlags } from './project-options.js';

export interface DeployInputFlags extends ProjectFlags {
  templateDir?: string;
  parameters: string[];
  tags: string[];
  composeProfile: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Flags of the commands that deploy what `render` makes (up, plan, diff). */
export function addDeployInputOptions(command: import('commander').Command): import('commander').Command {
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

/** The stack to deploy: rendered now from the compose project, or read from --template-dir. */
export async function deployTemplates(flags: DeployInputFlags, file: string | undefined): Promise<DeployTemplates> {
  const overrides = keyValues(flags.parameters, '--parameters');
  const tags = keyValues(flags.tags, '--tags');
  if (flags.templateDir) return fromDirectory(flags.templateDir, flags.projectName, overrides, tags);
  const { loadProject } = await import('../../src/parser/index.js');
  const { planMesh } = await import('../../src/mesh/index.js');
  const { renderProject, templateJson } = await import('../../src/render/index.js');
  const { project, locate } = loadProject({
    ...loadOptions(flags, flags.composeProfile),
    files: file ? [file, ...flags.file] : flags.file,
  });
  const result = renderProject(project, planMesh(project, locate, printWarning), { locate, onWarning: printWarning });
  return { stackName: project.name, body: templateJson(result.template), parameters: { ...result.parameters, ...overrides }, tags };
}

function fromDirectory(dir: string, name: string | undefined, overrides: Record<string, string>, tags: Record<string, string>): DeployTemplates {
  const stems = readdirSync(dir)
    .filter((f) => f.endsWith('.params.json'))
    .map((f) => f.slice(0, -'.params.json'.length));
  const stackName = name ?? (stems.length === 1 ? stems[0] : undefined);
  const template = stackName ? ['yaml', 'json'].map((ext) => path.join(dir, `${stackName}.${ext}`)).find((f) => existsSync(f)) : undefined;
  if (!stackName || !template) {
    throw new ParseError('E_TEMPLATE_DIR', `no rendered template${stackName ? ` for ${stackName}` : ''} in ${dir}.`, {
      file: dir,
      hint: 'Run `compose-x render -d DIR` first, or name the project with -p when DIR holds several.',
    });
  }
  const params = JSON.parse(readFileSync(path.join(dir, `${stackName}.params.json`), 'utf8')) as { ParameterKey: string; ParameterValue: string }[];
  return {
    stackName,
    body: readFileSync(template, 'utf8'),
    parameters: { ...Object.fromEntries(params.map((p) => [p.ParameterKey, p.ParameterValue])), ...overrides },
    tags,
  };
}
