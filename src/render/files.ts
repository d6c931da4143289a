import type { Warning } from '../parser/diagnostics.js';
import type { RenderResult } from './index.js';
import { splitTemplate, TEMPLATE_BUCKET_PARAMETER } from './split/split.js';
import { templateJson, templateYaml, yamlText, jsonText } from './template/template.js';

export type TemplateFormat = 'yaml' | 'json';

/**
 * The files `render` writes, by name: `<project>.yaml` (or `.json`), `<project>.params.json`,
 * and, when the project is over a CloudFormation quota, one `<project>.<stack>.yaml` per
 * nested stack (the root then takes the `TemplateBucket` parameter, which `up` sets).
 */
export function renderedFiles(
  project: string,
  result: RenderResult,
  format: TemplateFormat,
  warn: (warning: Warning) => void = () => undefined,
): Record<string, string> {
  const serialize = format === 'yaml' ? yamlText : jsonText;
  const split = splitTemplate(result.template.toJSON(), result.template.owners, project, serialize);
  for (const dropped of split?.droppedDependencies ?? []) {
    warn({ code: 'W_DEPENDS_ON_ACROSS_STACKS', message: `depends_on between nested stacks ${dropped} is not kept: it would make the two stacks wait for each other.` });
  }
  const parameters = { ...result.parameters, ...(split ? { [TEMPLATE_BUCKET_PARAMETER]: '' } : {}) };
  const entries = Object.entries(parameters)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  return {
    [`${project}.${format}`]: split ? split.root : format === 'yaml' ? templateYaml(result.template) : templateJson(result.template),
    ...(split?.nested ?? {}),
    [`${project}.params.json`]: `${JSON.stringify(entries, null, 2)}\n`,
  };
}
