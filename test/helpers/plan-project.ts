import path from 'node:path';
import { planMesh, type MeshPlan } from '../../src/mesh/index.js';
import { loadProject } from '../../src/parser/index.js';
import { tmpProject } from './tmp-project.js';

/** Parses compose YAML text in a temporary project directory and plans its mesh. */
export function planText(compose: string, name = 'proj'): MeshPlan {
  const dir = tmpProject({ 'docker-compose.yml': compose }, name);
  const { project, locate } = loadProject({ files: [path.join(dir, 'docker-compose.yml')], environment: {} });
  return planMesh(project, locate);
}
