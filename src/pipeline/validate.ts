import { ComposeXError } from '../parser/diagnostics.js';
import { compile, type CompileOptions } from './compile.js';

/** What `validate` reports of a project that passes every check. */
export interface Validation {
  project: string;
  services: number;
  composeFiles: number;
  resources: number;
}

/** Compiles the project and checks its template against the CloudFormation specification; writes nothing. */
export async function validate(options: CompileOptions): Promise<Validation> {
  const compiled = compile(options);
  const { checkTemplate } = await import('../render/spec-check/index.js');
  const { template } = compiled.rendered;
  const problems = await checkTemplate(template.toJSON());
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
    resources: template.resources.size,
  };
}
