import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkEcsRules, describeFinding } from '../../src/render/ecs-rules/index.js';
import { isTemplateFile, renderedFiles } from '../../src/render/files.js';
import type { RenderResult } from '../../src/render/index.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { renderFile, renderFileAsServiceConnect } from '../helpers/render-project.js';

/**
 * Every example renders to exactly its committed template and parameters
 * (`UPDATE_GOLDEN=1 npm test` rewrites them, for review in the pull request).
 */
const EXAMPLES = readdirSync('examples')
  .filter((name) => existsSync(path.join('examples', name, 'docker-compose.yml')))
  .sort();
/** Each example's compose files: docker-compose.yml and variants such as docker-compose.cloudmap.yml. */
const COMPOSE_FILES = EXAMPLES.flatMap((example) =>
  readdirSync(path.join('examples', example))
    .filter((f) => /^docker-compose(\.[a-z0-9-]+)?\.yml$/.test(f))
    .sort()
    .map((f) => path.join('examples', example, f)),
);
const update = process.env['UPDATE_GOLDEN'] === '1';

/** Compares rendered files with their committed copies in `dir` (rewrites them with UPDATE_GOLDEN=1). */
function expectGolden(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const golden = path.join(dir, name);
    if (update) {
      mkdirSync(path.dirname(golden), { recursive: true });
      writeFileSync(golden, content);
    }
    expect(existsSync(golden)).toBe(true);
    expect(content).toBe(readFileSync(golden, 'utf8'));
  }
}

/** The findings of the ECS rules on a render (the template and the images stack): none. */
function expectEcsRulesOf(rendered: Pick<RenderResult, 'template' | 'images'>): void {
  const findings = [rendered.template, ...(rendered.images ? [rendered.images.template] : [])].flatMap((t) => checkEcsRules(t.toJSON()));
  expect(findings.map(describeFinding)).toEqual([]);
}

describe.each(COMPOSE_FILES)('example %s', (file) => {
  const dir = path.dirname(file);
  const result = renderFile(file);
  const files = { ...renderedFiles(result.name, result, 'yaml'), [`${result.name}.review.md`]: result.review };
  const translated = renderFileAsServiceConnect(file);

  it.each(Object.keys(files))('renders %s as committed', (name) => {
    expectGolden(path.join(dir, 'cfn'), { [name]: files[name]! });
  });

  it('passes the offline CloudFormation specification check', async () => {
    expect(await checkTemplate(result.template.toJSON())).toEqual([]);
  });

  it('passes the ECS rules', () => {
    expectEcsRulesOf(result);
  });

  if (translated) {
    it('renders its Service Connect translation and report as committed (cfn-serviceconnect/)', async () => {
      const rendered = translated;
      expectGolden(path.join(dir, 'cfn-serviceconnect'), {
        ...renderedFiles(rendered.name, rendered, 'yaml'),
        [`${rendered.name}.serviceconnect-report.md`]: rendered.report,
      });
      expect(await checkTemplate(rendered.template.toJSON())).toEqual([]);
      expectEcsRulesOf(rendered);
    });
  }

  it('renders the same bytes twice', () => {
    const again = renderFile(file);
    expect({ ...renderedFiles(again.name, again, 'yaml'), [`${again.name}.review.md`]: again.review }).toEqual(files);
  });
});

describe('cfn-lint', () => {
  const available = cfnLintAvailable();
  if (!available) console.warn('cfn-lint is not on the PATH: skipping the cfn-lint check of the examples');
  (available ? it : it.skip)('reports no error on any example template', () => {
    const templates = EXAMPLES.flatMap((e) =>
      ['cfn', 'cfn-serviceconnect']
        .map((folder) => path.join('examples', e, folder))
        .filter((folder) => existsSync(folder))
        .flatMap((folder) =>
          readdirSync(folder)
            .filter(isTemplateFile)
            .map((f) => path.join(folder, f)),
        ),
    );
    expect(templates.length).toBeGreaterThanOrEqual(COMPOSE_FILES.length);
    expect(runCfnLint(templates).errors).toEqual([]);
  });
});
