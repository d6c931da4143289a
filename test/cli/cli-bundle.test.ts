import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { tmpProject } from '../helpers/tmp-project.js';

const CLI = path.resolve('dist/cli');
const MAIN = path.join(CLI, 'main.js');

describe('the CLI bundle (npm run build)', () => {
  it('keeps dist/cli/main.js the executable bin, with its shebang', () => {
    expect(readFileSync(MAIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env -S node --');
    expect(() => accessSync(MAIN, constants.X_OK)).not.toThrow();
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }).bin['compose-x']).toBe('dist/cli/main.js');
  });

  it('splits the lazy imports into chunks, each with its source map', () => {
    const chunks = readdirSync(path.join(CLI, 'chunks'));
    expect(chunks.some((f) => /^pipeline-[A-Z0-9]+\.js$/.test(f))).toBe(true);
    expect(chunks.some((f) => /^deploy-[A-Z0-9]+\.js$/.test(f))).toBe(true);
    for (const chunk of chunks.filter((f) => f.endsWith('.js'))) expect(chunks).toContain(`${chunk}.map`);
    const sdkImport = /from ?"@aws-sdk\//;
    expect(readFileSync(MAIN, 'utf8')).not.toMatch(sdkImport);
    const deploy = chunks.find((f) => /^deploy-[A-Z0-9]+\.js$/.test(f)) ?? '';
    expect(readFileSync(path.join(CLI, 'chunks', deploy), 'utf8')).toMatch(sdkImport);
  });

  it('bundles lodash method by method: the whole library builds all of its functions at start-up', () => {
    const chunks = readdirSync(path.join(CLI, 'chunks')).filter((f) => f.endsWith('.js'));
    for (const file of [MAIN, ...chunks.map((f) => path.join(CLI, 'chunks', f))]) expect(readFileSync(file, 'utf8')).not.toContain('runInContext');
  });

  it('carries the validator that describes every problem of a compose file beside the chunk that requires it', () => {
    const dir = tmpProject({ 'docker-compose.yml': 'services:\n  web: {image: nginx, portz: [80], deploy: {replicas: x}}\n' });
    const run = spawnSync(MAIN, ['validate'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toContain('docker-compose.yml:2:23: services.web.portz: unknown key "portz". Did you mean "ports"?');
    expect(run.stderr).toContain('services.web.deploy.replicas: "x" is not a valid value here.');
    expect(run.status).toBe(2);
  });

  it('runs as the bin does, through its shebang', () => {
    const dir = tmpProject({ 'docker-compose.yml': 'services:\n  web: {image: nginx}\n' });
    const run = spawnSync(MAIN, ['render', '-d', 'out'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('wrote out/');
  });
});
