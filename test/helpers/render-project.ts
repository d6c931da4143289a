import path from 'node:path';
import { planMesh } from '../../src/mesh/index.js';
import { loadProject } from '../../src/parser/index.js';
import { renderProject, type RenderResult } from '../../src/render/index.js';
import { tmpProject } from './tmp-project.js';

/** Parses and renders a compose file (path), with an empty environment. */
export function renderFile(file: string): RenderResult & { name: string } {
  const { project, locate } = loadProject({ files: [path.resolve(file)], environment: {} });
  return { ...renderProject(project, planMesh(project, locate), { locate }), name: project.name };
}

/** Parses and renders compose YAML text in a temporary project directory. */
export function renderText(compose: string, name = 'proj'): RenderResult & { name: string; file: string } {
  const dir = tmpProject({ 'docker-compose.yml': compose }, name);
  const file = path.join(dir, 'docker-compose.yml');
  return { ...renderFile(file), file };
}
