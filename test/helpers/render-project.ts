import path from 'node:path';
import { planMesh, translateProjectToServiceConnect } from '../../src/mesh/index.js';
import { loadProject } from '../../src/parser/index.js';
import { renderProject, type RenderResult } from '../../src/render/index.js';
import type { Warning } from '../../src/parser/index.js';
import { buildReview } from '../../src/render/review/model.js';
import { reviewMarkdown } from '../../src/render/review/markdown.js';
import { tmpProject } from './tmp-project.js';

/** Parses and renders a compose file (path), with an empty environment. */
export function renderFile(file: string): RenderResult & { name: string; review: string } {
  const planWarnings: Warning[] = [];
  const { project, locate } = loadProject({ files: [path.resolve(file)], environment: {}, onWarning: (w) => planWarnings.push(w) });
  const plan = planMesh(project, locate, (w) => planWarnings.push(w));
  const result = renderProject(project, plan, { locate });
  const warnings = [...planWarnings, ...result.warnings];
  return { ...result, warnings, name: project.name, review: reviewMarkdown(buildReview(project, plan, { ...result, warnings })) };
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
  const { project, locate } = loadProject({ files: [path.resolve(file)], environment: {} });
  const translated = translateProjectToServiceConnect(project, locate);
  if (!translated) return undefined;
  const result = renderProject(translated.project, planMesh(translated.project, locate), { locate });
  return { ...result, name: translated.project.name, report: translated.report };
}
