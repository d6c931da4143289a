import path from 'node:path';
import { compile, type Compilation, type CompileOptions } from '../../src/pipeline/index.js';
import { checkEcsRules, describeFinding, type EcsRule } from '../../src/render/ecs-rules/index.js';
import type { RenderResult } from '../../src/render/index.js';
import { reviewMarkdown } from '../../src/review/markdown.js';
import { tmpProject } from './tmp-project.js';

/** What a test says of the ECS rules its render breaks. */
export interface RenderChecks {
  /** The ECS rules (src/render/ecs-rules) this render breaks on purpose; a finding of any other rule throws. */
  breaks?: readonly EcsRule[];
}

/**
 * Throws, listing the findings, when a render's template (or its images stack) breaks an ECS
 * rule other than those in `breaks`: every render of the suite is one ECS would take.
 */
export function expectEcsRules(result: Pick<RenderResult, 'template' | 'images'>, breaks: readonly EcsRule[] = []): void {
  const templates = [result.template.toJSON(), ...(result.images ? [result.images.template.toJSON()] : [])];
  const findings = templates.flatMap((template) => checkEcsRules(template)).filter((f) => !breaks.includes(f.rule));
  if (findings.length > 0) {
    throw new Error(`the render breaks ECS rules (say so with { breaks: [...] } if the test means it):\n${findings.map((f) => `  ${describeFinding(f)}`).join('\n')}`);
  }
}

/** The pipeline's `compile`, its render held to the ECS rules (but those the test says it `breaks`). */
export function compileChecked(options: CompileOptions, checks: RenderChecks = {}): Compilation {
  const compiled = compile(options);
  expectEcsRules(compiled.rendered, checks.breaks ?? []);
  return compiled;
}

/** Parses and renders a compose file (path) through the pipeline, with an empty environment; every stage's warnings kept; the render passes the ECS rules. */
export function renderFile(file: string, checks: RenderChecks = {}): RenderResult & { name: string; review: string } {
  const compiled = compileChecked({ files: [path.resolve(file)], environment: {} }, checks);
  return { ...compiled.rendered, warnings: compiled.warnings, name: compiled.project.name, review: reviewMarkdown(compiled.review()) };
}

/** Parses and renders compose YAML text in a temporary project directory. */
export function renderText(compose: string, name = 'proj', checks: RenderChecks = {}): ReturnType<typeof renderFile> & { file: string } {
  const dir = tmpProject({ 'docker-compose.yml': compose }, name);
  const file = path.join(dir, 'docker-compose.yml');
  return { ...renderFile(file, checks), file };
}

/**
 * Renders a compose file whose x-appmesh is translated to Service Connect (as
 * `render --mesh serviceconnect`); undefined when it has no x-appmesh. The render passes the ECS rules.
 */
export function renderFileAsServiceConnect(file: string, checks: RenderChecks = {}): (RenderResult & { name: string; report: string }) | undefined {
  const compiled = compileChecked({ files: [path.resolve(file)], environment: {}, mesh: 'serviceconnect' }, checks);
  if (!compiled.translation) return undefined;
  return { ...compiled.rendered, name: compiled.project.name, report: compiled.translation.report };
}
