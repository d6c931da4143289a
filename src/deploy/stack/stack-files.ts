import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../../parser/diagnostics.js';
import { IMAGES_FILE_STEM, isTemplateFile } from '../../render/files.js';
import { buildsFileName, readBuildsFile } from '../../render/images/builds.js';
import { imagesStackName } from '../../render/images/images-stack.js';
import type { DeployTemplates } from '../types.js';

/** What a deployment adds to the rendered files: `--parameters` overrides and stack tags. */
export interface StackSettings {
  parameters: Record<string, string>;
  tags: Record<string, string>;
}

/**
 * The rendered files that an earlier `render -d DIR` wrote for a stack (`name`: -p, needed
 * when DIR holds several); the paths of its builds are relative to `projectDir`.
 */
export function stackFromDirectory(dir: string, name: string | undefined, settings: StackSettings, projectDir: string): DeployTemplates {
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
  return stackFromFiles(stackName, files, settings, projectDir);
}

/**
 * The templates of a render (`<stack>.yaml|json`, `<stack>.params.json`, any nested
 * `<stack>.<nested>.yaml|json`, and for a project that builds images `<stack>.images.yaml|json`
 * with `<stack>.builds.json`, whose paths are relative to `projectDir`) as a deployment takes them.
 */
export function stackFromFiles(stackName: string, files: Record<string, string>, settings: StackSettings, projectDir: string): DeployTemplates {
  const rootName = [`${stackName}.json`, `${stackName}.yaml`].find((f) => f in files) ?? '';
  const imagesName = [`${stackName}.${IMAGES_FILE_STEM}.json`, `${stackName}.${IMAGES_FILE_STEM}.yaml`].find((f) => f in files);
  const params = JSON.parse(files[`${stackName}.params.json`] ?? '[]') as { ParameterKey: string; ParameterValue: string }[];
  const nested = Object.fromEntries(Object.entries(files).filter(([f]) => f !== rootName && f !== imagesName && isTemplateFile(f)));
  const builds = files[buildsFileName(stackName)];
  return {
    stackName,
    body: files[rootName] ?? '',
    ...(Object.keys(nested).length > 0 ? { nested } : {}),
    parameters: { ...Object.fromEntries(params.map((p) => [p.ParameterKey, p.ParameterValue])), ...settings.parameters },
    tags: settings.tags,
    ...(imagesName && builds !== undefined
      ? { images: { stackName: imagesStackName(stackName), body: files[imagesName] ?? '', builds: readBuildsFile(builds, projectDir) } }
      : {}),
  };
}
