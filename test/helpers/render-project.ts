import path from 'node:path';
import { compile } from '../../src/pipeline/index.js';
import type { RenderResult } from '../../src/render/index.js';
import { reviewMarkdown } from '../../src/review/markdown.js';
import { tmpProject } from './tmp-project.js';

/** Parses and renders a compose file (path) through the pipeline, with an empty environment; every stage's warnings kept. */
export function renderFile(file: string): RenderResult & { name: string; review: string } {
  const compiled = compile({ files: [path.resolve(file)], environment: {} });
  return { ...compiled.rendered, warnings: compiled.warnings, name: compiled.project.name, review: reviewMarkdown(compiled.review()) };
}

/** Parses and renders compose YAML text in a temporary project directory. */
export function renderText(compose: string, name = 'proj'): ReturnType<typeof renderFile> & { file: string } {
  const dir = tmpProject({ 'docker-compose.yml': compose }, name);
  const file = path.join(dir, 'docker-compose.yml');
  return { ...renderFile(file), file };
}

/**
 * Renders a compose file whose x-appmesh is translated to Service Connect (as
 * `render --mesh serviceconnect`); undefined when it has no x-appmesh.
 */
export function renderFileAsServiceConnect(file: string): (RenderResult & { name: string; report: string }) | undefined {
  const compiled = compile({ files: [path.resolve(file)], environment: {}, mesh: 'serviceconnect' });
  if (!compiled.translation) return undefined;
  return { ...compiled.rendered, name: compiled.project.name, report: compiled.translation.report };
}
