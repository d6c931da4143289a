import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeRender } from '../../src/pipeline/write-render.js';
import { reviewMarkdown } from '../../src/review/markdown.js';
import { compileChecked } from '../helpers/render-project.js';

/**
 * `render` writes the review page from its lines, a MB at a time, so that a page of hundreds
 * of MB is never held whole: the file holds exactly the page, whatever the chunks.
 */
describe('the review page written in pieces', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'review-page-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the page, line for line', () => {
    const compiled = compileChecked({ files: [path.resolve('examples/service-connect-counter/docker-compose.yml')], environment: {} });
    const out = path.join(dir, 'cfn');
    writeRender(out, compiled.project.name, compiled.outputFiles('yaml'));
    expect(readFileSync(path.join(out, `${compiled.project.name}.review.md`), 'utf8')).toBe(reviewMarkdown(compiled.review()));
  });

  it('keeps text past the chunk size and characters of several bytes whole', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `| svc-${i} | ${'é€😀'.repeat(200)} |\n`);
    const out = path.join(dir, 'cfn');
    writeRender(out, 'proj', { 'proj.review.md': lines, 'proj.yaml': 'Resources: {}\n' });
    expect(readFileSync(path.join(out, 'proj.review.md'), 'utf8')).toBe(lines.join(''));
    expect(readFileSync(path.join(out, 'proj.yaml'), 'utf8')).toBe('Resources: {}\n');
  });
});
