/**
 * The stages in their order: parser -> support -> translate -> mesh -> render (with the
 * digest of each local build context, read from the project's files), then the template files
 * and the review on demand. Every command that reads a compose project goes
 * through `compile` (or `loadCompose`, for those that need the model only).
 */
import { timed, type Position, type TreePath, type Warning } from '../parser/diagnostics.js';
import { buildDigests as buildContextDigests } from '../parser/build-context.js';
import { loadProject, type LoadOptions, type LoadResult } from '../parser/index.js';
import type { Project } from '../parser/model.js';
import { checkSupport } from '../support/compose-support.js';
import { translateProjectToServiceConnect, type ServiceConnectTranslation } from '../translate/index.js';
import { groupTaskFamilies, planMesh, type MeshPlan } from '../mesh/index.js';
import { renderProject, type RenderResult } from '../render/index.js';
import { renderedFiles, type TemplateFormat } from '../render/files.js';
import { buildReview, type ReviewModel } from '../review/model.js';
import { reviewMarkdownLines } from '../review/markdown.js';
import { readLookupFile } from './lookup-file.js';
import type { FileText } from './write-render.js';

/** How x-appmesh is rendered: as written, or translated to Service Connect (with a report). */
export type MeshChoice = 'as-written' | 'serviceconnect';

export interface CompileOptions extends LoadOptions {
  mesh?: MeshChoice;
}

/** A compiled project: what every stage produced, and the files it makes, computed once when asked. */
export interface Compilation {
  /** The project as rendered (translated, when `mesh: 'serviceconnect'` found an x-appmesh). */
  project: Project;
  /** The compose files read, in order. */
  composeFiles: string[];
  locate: (path: TreePath) => Position | undefined;
  /** The Service Connect translation, when one was asked for and the project has an x-appmesh. */
  translation?: ServiceConnectTranslation;
  plan: MeshPlan;
  rendered: RenderResult;
  /** Every warning so far, in the order of the stages (the template files add theirs when made). */
  warnings: Warning[];
  /** The template, its parameters and any nested-stack templates, by file name. */
  templateFiles(format: TemplateFormat): Record<string, string>;
  /** The review of the render (its warnings include those of the template files of `format`). */
  review(format?: TemplateFormat): ReviewModel;
  /** What `render` writes: the template files, the review page (its lines made as it is written), and the translation report. */
  outputFiles(format: TemplateFormat): Record<string, FileText>;
}

/** Reads the compose files into the model (parser stage only): for `config`, `migrate`, and the stack name. */
export function loadCompose(options: LoadOptions): LoadResult {
  return loadProject(options);
}

/** Runs the stages on a compose project; every warning goes to `options.onWarning` as it is found. */
export function compile(options: CompileOptions): Compilation {
  const warnings: Warning[] = [];
  const warn = (warning: Warning): void => {
    warnings.push(warning);
    options.onWarning?.(warning);
  };
  const loaded = loadProject({ ...options, onWarning: warn });
  const { locate } = loaded;
  checkSupport(loaded.project, locate, warn);
  const translation = options.mesh === 'serviceconnect' ? translateProjectToServiceConnect(loaded.project, locate) : undefined;
  if (options.mesh === 'serviceconnect' && !translation) {
    warn({ code: 'W_NO_APPMESH', message: 'the project has no x-appmesh, so --mesh serviceconnect changes nothing.' });
  }
  const { project, families } = groupTaskFamilies(translation?.project ?? loaded.project, locate);
  const planned = timed('plan', () => planMesh(project, locate, warn));
  const plan = Object.keys(families).length > 0 ? { ...planned, families } : planned;
  const buildDigests = buildContextDigests(project, locate);
  const rendered = timed('render', () => renderProject(project, plan, { locate, onWarning: warn, buildDigests, lookup: readLookupFile(project.working_dir) }));
  const stageWarnings = [...warnings];

  const templates = new Map<TemplateFormat, { files: Record<string, string>; warnings: Warning[] }>();
  const templatesOf = (format: TemplateFormat): { files: Record<string, string>; warnings: Warning[] } => {
    let made = templates.get(format);
    if (!made) {
      const said: Warning[] = [];
      const files = timed('split', () =>
        renderedFiles(project.name, rendered, format, (w) => {
          said.push(w);
          if (templates.size === 0) warn(w);
        }),
      );
      made = { files, warnings: said };
      templates.set(format, made);
    }
    return made;
  };
  const review = (format: TemplateFormat = 'yaml'): ReviewModel =>
    buildReview(project, plan, { ...rendered, warnings: [...stageWarnings, ...templatesOf(format).warnings] });

  return {
    project,
    composeFiles: loaded.files,
    locate,
    ...(translation ? { translation } : {}),
    plan,
    rendered,
    warnings,
    templateFiles: (format) => templatesOf(format).files,
    review,
    outputFiles: (format) => ({
      ...templatesOf(format).files,
      [`${project.name}.review.md`]: timed('review', () => {
        const model = review(format);
        return { [Symbol.iterator]: () => reviewMarkdownLines(model) };
      }),
      ...(translation ? { [`${project.name}.serviceconnect-report.md`]: translation.report } : {}),
    }),
  };
}
