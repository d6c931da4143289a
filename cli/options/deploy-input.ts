import { readFileSync, readdirSync } from 'node:fs';
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
  const { renderProject } = await import('../../src/render/index.js');
  const { renderedFiles } = await import('../../src/render/files.js');
  const { project, locate } = loadProject({
    ...loadOptions(flags, flags.composeProfile),
    files: file ? [file, ...flags.file] : flags.file,
  });
  const result = renderProject(project, planMesh(project, locate, printWarning), { locate, onWarning: printWarning });
  const files = renderedFiles(project.name, result, 'json', printWarning);
  return templatesOf(project.name, files, overrides, tags);
}

function fromDirectory(dir: string, name: string | undefined, overrides: Record<string, string>, tags: Record<string, string>): DeployTemplates {
  const stems = readdirSync(dir)
    .filter((f) => f.endsWith('.params.json'))
    .map((f) => f.slice(0, -'.params.json'.length));
  const stackName = name ?? (stems.length === 1 ? stems[0] : undefined);
  const names = readdirSync(dir).filter((f) => stackName !== undefined && f.startsWith(`${stackName}.`));
  if (!stackName || !names.some((f) => f === `${stackName}.yaml` || f === `${stackName}.json`) || !names.includes(`${stackName}.params.json`)) {
    throw new ParseError('E_TEMPLATE_DIR', `no rendered template${stackName ? ` for ${stackName}` : ''} in ${dir}.`, {
      file: dir,
      hint: 'Run `compose-x render -d DIR` first, or name the project with -p when DIR holds several.',
    });
  }
  const files = Object.fromEntries(names.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  return templatesOf(stackName, files, overrides, tags);
}

/**
 * The templates of a render (`<stack>.yaml|json`, `<stack>.params.json` and any nested
 * `<stack>.<nested>.yaml|json`) as a deployment takes them.
 */
function templatesOf(
  stackName: string,
  files: Record<string, string>,
  overrides: Record<string, string>,
  tags: Record<string, string>,
): DeployTemplates {
  const rootName = [`${stackName}.json`, `${stackName}.yaml`].find((f) => f in files) ?? '';
  const params = JSON.parse(files[`${stackName}.params.json`] ?? '[]') as { ParameterKey: string; ParameterValue: string }[];
  const nested = Object.fromEntries(Object.entries(files).filter(([f]) => f !== rootName && !f.endsWith('.params.json') && /\.(ya?ml|json)$/.test(f)));
  return {
    stackName,
    body: files[rootName] ?? '',
    ...(Object.keys(nested).length > 0 ? { nested } : {}),
    parameters: { ...Object.fromEntries(params.map((p) => [p.ParameterKey, p.ParameterValue])), ...overrides },
    tags,
  };
}
