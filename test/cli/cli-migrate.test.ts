import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

function copyExample(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), name);
  cpSync(path.join('examples', name), dir, { recursive: true });
  return dir;
}

describe('compose-x migrate appmesh', () => {
  it('writes the compose file with x-serviceconnect instead of x-appmesh, and the report', () => {
    const dir = copyExample('appmesh-blue-green');
    const result = cli(['migrate', 'appmesh'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/read docker-compose\.serviceconnect-report\.md before you deploy/);
    const migrated = parse(readFileSync(path.join(dir, 'docker-compose.serviceconnect.yml'), 'utf8')) as Record<string, unknown>;
    expect(migrated).not.toHaveProperty('x-appmesh');
    expect(migrated).toHaveProperty('x-serviceconnect');
    expect(readFileSync(path.join(dir, 'docker-compose.serviceconnect-report.md'), 'utf8')).toMatch(/\| Gateways\.front \| translated \|/);
    const again = cli(['validate', '-f', 'docker-compose.serviceconnect.yml'], dir);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
  });

  it('refuses a project without x-appmesh', () => {
    const result = cli(['migrate', 'appmesh'], tmpProject({ 'compose.yaml': 'services: {web: {image: w}}\n' }));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the project has no x-appmesh to migrate.');
  });
});

describe('compose-x render --mesh serviceconnect', () => {
  it('renders the translation without App Mesh resources, and writes the report beside it', () => {
    const dir = copyExample('appmesh-time');
    const result = cli(['render', '--mesh', 'serviceconnect', '-d', 'out'], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('discontinued');
    const template = readFileSync(path.join(dir, 'out', 'appmesh-time.yaml'), 'utf8');
    expect(template).not.toContain('AWS::AppMesh::');
    expect(template).toContain('ServiceConnectConfiguration');
    expect(existsSync(path.join(dir, 'out', 'appmesh-time.serviceconnect-report.md'))).toBe(true);
  });

  it('warns when rendering App Mesh as written', () => {
    const result = cli(['render', '-d', 'out'], copyExample('appmesh-time'));
    expect(result.status).toBe(0);
    expect(result.stderr.match(/discontinued on 2026-09-30/g)).toHaveLength(1);
  });
});
