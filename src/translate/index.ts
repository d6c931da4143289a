/**
 * The translate stage: a project's x-appmesh rewritten as x-serviceconnect (a model-to-model
 * step that runs before the mesh plans the project it returns), with the report of what changes.
 */
import type { Position, TreePath } from '../parser/diagnostics.js';
import type { Project } from '../parser/model.js';
import { buildServiceGraph } from '../mesh/graph.js';
import { planAppMesh } from '../mesh/app-mesh/app-mesh.js';
import { projectWithServiceConnect, translateAppMesh, translationReportMarkdown, type Translation } from './translation.js';

export { migrateComposeText, type Translation } from './translation.js';
export type { TranslationItem } from './item.js';

/** The project moved from x-appmesh to Service Connect, with the report of what changes. */
export interface ServiceConnectTranslation {
  project: Project;
  translation: Translation;
  /** The report as Markdown, to keep beside the template. */
  report: string;
}

/**
 * The Service Connect translation of a project's x-appmesh (`render --mesh serviceconnect`,
 * `migrate appmesh`). Undefined when the project has no x-appmesh.
 */
export function translateProjectToServiceConnect(
  project: Project,
  locate: (path: TreePath) => Position | undefined = () => undefined,
): ServiceConnectTranslation | undefined {
  const appMesh = planAppMesh(project, buildServiceGraph(project), locate, () => undefined);
  if (!appMesh) return undefined;
  const translation = translateAppMesh(project, appMesh);
  return {
    project: projectWithServiceConnect(project, translation),
    translation,
    report: translationReportMarkdown(project.name, translation),
  };
}
