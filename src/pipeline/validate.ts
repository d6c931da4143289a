import { ComposeXError } from '../parser/diagnostics.js';
import { isTemplateFile } from '../render/files.js';
import { compile, type CompileOptions } from './compile.js';

/** What `validate` reports of a project that passes every check. */
export interface Validation {
  project: string;
  services: number;
  composeFiles: number;
  /** Resources in all the templates (the root and its nested stacks). */
  resources: number;
  /** Templates: 1, or the root and its nested stacks when the project is over a CloudFormation quota. */
  templates: number;
}

/**
 * Compiles the project and checks every template `up` would deploy (the root, each nested
 * stack of a project over a quota, the images stack of a project that builds) against the
 * CloudFormation specification; writes nothing.
 */
export async function validate(options: CompileOptions): Promise<Validation> {
  const compiled = compile(options);
  const { checkTemplate } = await import('../render/spec-check/index.js');
  const templates = Object.entries(compiled.templateFiles('json')).filter(([name]) => isTemplateFile(name));
  const problems: string[] = [];
  let resources = 0;
  for (const [name, text] of templates) {
    const template = JSON.parse(text) as { Resources?: object };
    resources += Object.keys(template.Resources ?? {}).length;
    for (const problem of await checkTemplate(template)) problems.push(templates.length > 1 ? `${name}: ${problem}` : problem);
  }
  if (problems.length > 0) {
    throw new ComposeXError(
      'E_SPEC_CHECK',
      `the rendered template fails the CloudFormation specification check (a compose-x bug; please report it):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  return {
    project: compiled.project.name,
    services: Object.keys(compiled.project.services).length,
    composeFiles: compiled.composeFiles.length,
    resources,
    templates: templates.length,
  };
}
