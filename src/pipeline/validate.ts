import { ComposeXError, oneOrMany, ParseError } from '../parser/diagnostics.js';
import type { OverlayChange } from '../render/overlay/overlay.js';
import { checkEcsRules, describeFinding } from '../render/ecs-rules/index.js';
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
 * CloudFormation specification, then against the rules ECS enforces at deploy and run time
 * (src/render/ecs-rules, each template on its own); writes nothing.
 */
export async function validate(options: CompileOptions): Promise<Validation> {
  const compiled = compile(options);
  const { checkTemplate } = await import('../render/spec-check/index.js');
  const templates = Object.entries(compiled.templateFiles('json')).filter(([name]) => isTemplateFile(name));
  const problems: string[] = [];
  const overlaid = new Map<string, string[]>();
  const findings: string[] = [];
  let resources = 0;
  const inFile = (name: string, line: string): string => (templates.length > 1 ? `${name}: ${line}` : line);
  for (const [name, text] of templates) {
    const template = JSON.parse(text) as { Resources?: object };
    resources += Object.keys(template.Resources ?? {}).length;
    for (const problem of await checkTemplate(template)) {
      const change = overlayChangeOf(compiled.rendered.overlay, problem);
      if (change) overlaid.set(change, [...(overlaid.get(change) ?? []), inFile(name, problem)]);
      else problems.push(inFile(name, problem));
    }
    for (const finding of checkEcsRules(template)) findings.push(inFile(name, describeFinding(finding)));
  }
  if (overlaid.size > 0) {
    throw oneOrMany(
      [...overlaid.entries()].map(([at, found]) => {
        const path = at.split('\0');
        return new ParseError('E_OVERLAY_SPEC', `this entry of the overlay makes the template fail the CloudFormation specification check:\n${found.map((p) => `  ${p}`).join('\n')}`, {
          path,
          position: compiled.locate(path),
          hint: 'Write it as the CloudFormation resource reference describes it.',
        });
      }),
    );
  }
  if (problems.length > 0) {
    throw new ComposeXError(
      'E_SPEC_CHECK',
      `the rendered template fails the CloudFormation specification check (a compose-x bug; please report it):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  if (findings.length > 0) {
    const count = findings.length === 1 ? 'a problem' : `${findings.length} problems`;
    throw new ParseError(
      'E_ECS_RULES',
      `the rendered template has ${count} that ECS refuses or fails on and the CloudFormation schema does not catch (docs/ecs-rules.md); ` +
        `change what each fix names, and if the compose file is right, it is a compose-x bug (please report it):\n${findings.map((f) => `  ${f}`).join('\n')}`,
      { file: compiled.composeFiles[0] },
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

/**
 * The overlay entry a problem of the specification check is about (its path in the compose
 * file, joined by NUL), when the problem's logical ID is one an overlay added or changed.
 */
function overlayChangeOf(changes: readonly OverlayChange[], problem: string): string | undefined {
  const match = /^(?:(Parameters|Conditions|Outputs)\.)?([A-Za-z0-9]+)[.:]/.exec(problem);
  if (!match) return undefined;
  const section = match[1] ?? 'Resources';
  const change = changes.find((c) => c.section === section && c.id === match[2]);
  if (!change) return undefined;
  const at = change.kind === 'changed' && change.source === 'x-cloudformation' ? ['Overrides', change.id] : [change.section, change.id];
  return [change.source, ...at].join('\0');
}
