import type { Warning } from '../parser/diagnostics.js';
import type { RenderResult } from './index.js';
import { splitTemplate, TEMPLATE_BUCKET_PARAMETER } from './split/split.js';
import { templateJson, templateYaml, yamlText, jsonText } from './template/template.js';
import { buildsFile, buildsFileName } from './images/builds.js';

/** `<project>.images.yaml`: the template of the images stack, beside the project's. */
export const IMAGES_FILE_STEM = 'images';

/** Whether a file of a render is a template (not its parameters, not its builds). */
export function isTemplateFile(name: string): boolean {
  return /\.(ya?ml|json)$/.test(name) && !name.endsWith('.params.json') && !name.endsWith('.builds.json');
}

export type TemplateFormat = 'yaml' | 'json';

/**
 * The files `render` writes, by name: `<project>.yaml` (or `.json`), `<project>.params.json`,
 * and, when the project is over a CloudFormation quota, one `<project>.<stack>.yaml` per
 * nested stack (the root then takes the `TemplateBucket` parameter, which `up` sets). A
 * project that builds images also gets `<project>.images.yaml` (the images stack) and
 * `<project>.builds.json` (what to build, paths relative to the project directory).
 */
export function renderedFiles(
  project: string,
  result: RenderResult,
  format: TemplateFormat,
  warn: (warning: Warning) => void = () => undefined,
): Record<string, string> {
  const json = result.template.toJSON();
  let text: string | undefined;
  // The whole template is serialised once: the quota check's text is the file's when it fits.
  const textOf = format === 'yaml' ? yamlText : jsonText;
  const serialize = (template: Record<string, unknown>): string => (template === json ? (text ??= textOf(json)) : textOf(template));
  const split = splitTemplate(json, result.template.owners, project, serialize);
  for (const dropped of split?.droppedDependencies ?? []) {
    warn({ code: 'W_DEPENDS_ON_ACROSS_STACKS', message: `depends_on between nested stacks ${dropped} is not kept: it would make the two stacks wait for each other.` });
  }
  const parameters = { ...result.parameters, ...(split ? { [TEMPLATE_BUCKET_PARAMETER]: '' } : {}) };
  const entries = Object.entries(parameters)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  const images = result.images;
  return {
    [`${project}.${format}`]: split ? split.root : serialize(json),
    ...(split?.nested ?? {}),
    [`${project}.params.json`]: `${JSON.stringify(entries, null, 2)}\n`,
    ...(images
      ? {
          [`${project}.${IMAGES_FILE_STEM}.${format}`]: format === 'yaml' ? templateYaml(images.template) : templateJson(images.template),
          [buildsFileName(project)]: buildsFile(images.builds, images.projectDir),
        }
      : {}),
  };
}
