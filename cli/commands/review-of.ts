import type { Warning } from '../../src/parser/diagnostics.js';
import type { LoadOptions } from '../../src/parser/index.js';
import type { ReviewModel } from '../../src/render/review/model.js';

/** The review model of a project: parsed, planned and rendered in memory, warnings kept for the review. */
export async function reviewOf(options: LoadOptions): Promise<ReviewModel> {
  const { loadProject } = await import('../../src/parser/index.js');
  const { planMesh } = await import('../../src/mesh/index.js');
  const { renderProject } = await import('../../src/render/index.js');
  const { buildReview } = await import('../../src/render/review/model.js');
  const warnings: Warning[] = [];
  const { project, locate } = loadProject({ ...options, onWarning: (w) => warnings.push(w) });
  const plan = planMesh(project, locate, (w) => warnings.push(w));
  const result = renderProject(project, plan, { locate });
  return buildReview(project, plan, { ...result, warnings: [...warnings, ...result.warnings] });
}
