import type { RenderResult } from './index.js';
import { templateJson, templateYaml } from './template.js';

export type TemplateFormat = 'yaml' | 'json';

/** The files `render` writes, by name: `<project>.yaml` (or `.json`) and `<project>.params.json`. */
export function renderedFiles(project: string, result: RenderResult, format: TemplateFormat): Record<string, string> {
  const parameters = Object.entries(result.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  return {
    [`${project}.${format}`]: format === 'yaml' ? templateYaml(result.template) : templateJson(result.template),
    [`${project}.params.json`]: `${JSON.stringify(parameters, null, 2)}\n`,
  };
}
