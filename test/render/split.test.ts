import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateProject, type Flavour } from '../../bench/generate.js';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate, parseTemplate } from '../../src/render/spec-check/index.js';
import { LIMITS } from '../../src/render/split/limits.js';
import { renderFile } from '../helpers/render-project.js';

/** Renders a generated project of `size` services (bench/generate.ts) into its files. */
function renderGenerated(size: number, flavour: Flavour = 'serviceconnect'): Record<string, string> {
  const result = renderFile(generateProject(mkdtempSync(path.join(tmpdir(), 'compose-x-split-')), size, flavour));
  return renderedFiles(result.name, result, 'yaml');
}

/** How many times the split laid the nested stacks out while `work` ran (its `layout` measures). */
function layoutsDuring(work: () => void): number {
  performance.clearMeasures('compose-x:layout');
  work();
  return performance.getEntriesByName('compose-x:layout').length;
}

const templatesOf = (files: Record<string, string>): [string, Record<string, Record<string, unknown>>][] =>
  Object.entries(files)
    .filter(([name]) => name.endsWith('.yaml'))
    .map(([name, text]) => [name, parseTemplate(text).template as Record<string, Record<string, unknown>>]);

describe('nested stacks for a project of 1000 services', () => {
  const files = renderGenerated(1000);
  const templates = templatesOf(files);

  it('splits into a root and nested stacks, each under every CloudFormation quota', () => {
    expect(templates.length).toBeGreaterThan(10);
    for (const [name, template] of templates) {
      const count = (section: string): number => Object.keys(template[section] ?? {}).length;
      expect([name, count('Resources') <= LIMITS.resources]).toEqual([name, true]);
      expect([name, count('Parameters') <= LIMITS.parameters]).toEqual([name, true]);
      expect([name, count('Outputs') <= LIMITS.outputs]).toEqual([name, true]);
      expect([name, Buffer.byteLength(files[name]!) <= LIMITS.bodyBytes]).toEqual([name, true]);
      for (const id of Object.keys(template['Outputs'] ?? {})) expect(id.length).toBeLessThanOrEqual(LIMITS.outputName);
      for (const id of Object.keys(template['Resources'] ?? {})) expect(id.length).toBeLessThanOrEqual(LIMITS.logicalId);
    }
    const root = templates.find(([name]) => name === 'bench-1000.yaml')![1];
    const nestedStacks = Object.values(root['Resources'] ?? {}).filter((r) => (r as { Type: string }).Type === 'AWS::CloudFormation::Stack');
    expect(nestedStacks).toHaveLength(templates.length - 1);
  });

  it('keeps every resource: the same services and tasks as one template would have', () => {
    const all = templates.flatMap(([, t]) => Object.values(t['Resources'] ?? {}).map((r) => (r as { Type: string }).Type));
    expect(all.filter((type) => type === 'AWS::ECS::Service')).toHaveLength(1000);
    expect(all.filter((type) => type === 'AWS::ECS::TaskDefinition')).toHaveLength(1000);
  });

  it('passes the offline specification check on every template', async () => {
    for (const [name, template] of templates) expect([name, await checkTemplate(template)]).toEqual([name, []]);
  });

  it('changes one nested template (and the root that points to it) when one service changes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'compose-x-split-'));
    const file = generateProject(dir, 1000);
    const before = renderedFiles('bench-1000', renderFile(file), 'yaml');
    const text = readFileSync(file, 'utf8');
    const changedText = text.replace(/(image: \S*svc-0500:)\S+/, '$12.0.0');
    expect(changedText).not.toBe(text);
    writeFileSync(file, changedText);
    const after = renderedFiles('bench-1000', renderFile(file), 'yaml');
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const changed = Object.keys(after).filter((name) => after[name] !== before[name]).sort();
    expect(changed).toHaveLength(2);
    expect(changed).toContain('bench-1000.yaml');
  });
});

describe.each<Flavour>(['plain', 'appmesh'])('nested stacks for 1000 services (%s)', (flavour) => {
  it('keeps every template under the quotas and passes the specification check', async () => {
    const files = renderGenerated(1000, flavour);
    const templates = templatesOf(files);
    expect(templates.length).toBeGreaterThan(10);
    for (const [name, template] of templates) {
      const count = (section: string): number => Object.keys(template[section] ?? {}).length;
      expect([name, count('Resources') <= LIMITS.resources, count('Parameters') <= LIMITS.parameters, count('Outputs') <= LIMITS.outputs]).toEqual([name, true, true, true]);
      expect([name, await checkTemplate(template)]).toEqual([name, []]);
    }
    if (flavour === 'appmesh') {
      const envoyImage = templates.flatMap(([name, t]) => (t['Parameters']?.['EnvoyImage'] ? [[name === 'bench-1000.yaml' ? 'root' : 'nested', (t['Parameters']['EnvoyImage'] as { Type: string }).Type]] : []));
      expect(new Set(envoyImage.map(([where, type]) => `${where} ${type}`))).toEqual(new Set(['root AWS::SSM::Parameter::Value<String>', 'nested String']));
    }
  });
});

describe.each<Flavour>(['plain', 'serviceconnect', 'appmesh'])('the nested-stack layout of 1000 services (%s)', (flavour) => {
  it('is computed once: the first guess of stack counts holds every quota but bytes', () => {
    const result = renderFile(generateProject(mkdtempSync(path.join(tmpdir(), 'compose-x-split-')), 1000, flavour));
    expect(layoutsDuring(() => renderedFiles(result.name, result, 'yaml'))).toBe(1);
  });
});

describe('a project that fits', () => {
  it('stays one template', () => {
    expect(Object.keys(renderGenerated(50))).toEqual(['bench-50.yaml', 'bench-50.params.json']);
  });
});

describe('a project of few services with large task definitions', () => {
  it('splits by bytes too: each nested stack stays under 1 MB though it is far under the resource counts', async () => {
    const blob = 'x'.repeat(30_000);
    const services = Array.from({ length: 40 }, (_, i) => `  svc${i}:\n    image: nginx\n    environment:\n      BLOB: ${blob}${i}\n`).join('');
    const dir = mkdtempSync(path.join(tmpdir(), 'compose-x-split-'));
    const file = path.join(dir, 'docker-compose.yml');
    writeFileSync(file, `name: heavy\nservices:\n${services}`);
    const files = renderedFiles('heavy', renderFile(file), 'yaml');
    const templates = templatesOf(files);
    expect(templates.length).toBeGreaterThan(2);
    for (const [name, template] of templates) {
      expect([name, Buffer.byteLength(files[name]!) <= LIMITS.bodyBytes]).toEqual([name, true]);
      expect([name, await checkTemplate(template)]).toEqual([name, []]);
    }
  });
});
