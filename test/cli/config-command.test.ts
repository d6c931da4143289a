import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

const FIXTURE = path.resolve('test/fixtures/config-scenario');
/** expected.yaml without its comment lines. */
const EXPECTED = readFileSync(path.join(FIXTURE, 'expected.yaml'), 'utf8').replace(/^(#.*\n)+/, '');

function copyFixture(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'shop');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('compose-x config', () => {
  const files = ['-f', 'compose.yaml', '-f', 'compose.prod.yaml'];
  const args = ['config', ...files, '--profile', 'debug'];

  it('prints what docker compose config prints: two -f files, .env, extends from another file, a profile; keys in its order', () => {
    const result = cli(args, copyFixture());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(EXPECTED);
  });

  it('orders keys as compose-go marshals its types: services by name, a service\'s keys in struct order, maps sorted', () => {
    const document = parse(cli(args, copyFixture()).stdout) as { services: Record<string, Record<string, unknown>> };
    expect(Object.keys(document)).toEqual(['name', 'services', 'networks', 'volumes']);
    expect(Object.keys(document.services)).toEqual(['adminer', 'api', 'db']);
    expect(Object.keys(document.services['adminer'] ?? {})).toEqual(['profiles', 'depends_on', 'image', 'networks', 'ports']);
    expect(Object.keys(document.services['api']?.['environment'] as object)).toEqual(['DATABASE_HOST', 'LOG_LEVEL', 'NODE_ENV', 'NODE_OPTIONS']);
    expect(Object.keys(document.services['api']?.['deploy'] as object)).toEqual(['replicas', 'resources']);
    expect(Object.keys(document.services['db']?.['healthcheck'] as object)).toEqual(['test', 'timeout', 'interval', 'retries']);
  });

  it('sorts map keys as yaml.v3 does: digit runs by their value, a non-letter before a letter or a digit run', () => {
    const dir = tmpProject({ 'compose.yaml': 'services:\n  web10:\n    image: a\n  web9:\n    image: b\n  web_x:\n    image: c\n  webA:\n    image: d\n' });
    expect(Object.keys((parse(cli(['config'], dir).stdout) as { services: object }).services)).toEqual(['web_x', 'web9', 'web10', 'webA']);
  });

  it('prints JSON as docker compose does: top-level keys sorted, an unset command null, and it reads back to the same model', () => {
    const dir = copyFixture();
    const result = cli([...args, '--format', 'json'], dir);
    expect(result.status).toBe(0);
    const document = JSON.parse(result.stdout) as { services: Record<string, Record<string, unknown>> };
    expect(Object.keys(document)).toEqual(['name', 'networks', 'services', 'volumes']);
    expect(Object.keys(document.services['adminer'] ?? {})).toEqual(['profiles', 'command', 'depends_on', 'entrypoint', 'image', 'networks', 'ports']);
    expect(document.services['api']?.['deploy']).toEqual({ replicas: 3, resources: { limits: { cpus: 0.5, memory: '536870912' } }, placement: {} });
    expect(cli(['config', '-f', '-', '--profile', 'debug'], dir, {}, result.stdout).stdout).toBe(EXPECTED);
  });

  it('escapes <, > and & in JSON strings as Go does', () => {
    const dir = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    labels:\n      note: "a<b & c>d"\n' });
    expect(cli(['config', '--format', 'json'], dir).stdout).toContain('"note": "a\\u003cb \\u0026 c\\u003ed"');
  });

  it('leaves the profiled service out without --profile', () => {
    const result = cli(['config', ...files], copyFixture());
    expect(result.status).toBe(0);
    expect(Object.keys((parse(result.stdout) as { services: object }).services)).toEqual(['api', 'db']);
  });

  it('is byte-for-byte stable across runs', () => {
    const dir = copyFixture();
    expect(cli(args, dir).stdout).toBe(cli(args, dir).stdout);
  });

  it('prints warnings on stderr and the model on stdout', () => {
    const dir = copyFixture();
    rmSync(path.join(dir, '.env'));
    const result = cli(['config', '-f', 'compose.yaml'], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^warning: .*compose\.yaml:7:12: services\.api\.image: the "API_TAG" variable is not set\. Defaulting to a blank string\.$/m);
    expect(parse(result.stdout)).toMatchObject({ services: { api: { image: 'shop/api:' } } });
  });
});

describe('compose-x config: the lists', () => {
  const files = ['-f', 'compose.yaml', '-f', 'compose.prod.yaml'];

  it('--services: each service after the services it depends on, names in order otherwise', () => {
    expect(cli(['config', ...files, '--services'], copyFixture()).stdout).toBe('db\napi\n');
    expect(cli(['config', ...files, '--services', '--profile', 'debug'], copyFixture()).stdout).toBe('db\nadminer\napi\n');
  });

  it('--volumes, --profiles (those of services left out too)', () => {
    expect(cli(['config', ...files, '--volumes'], copyFixture()).stdout).toBe('db-data\n');
    expect(cli(['config', ...files, '--profiles'], copyFixture()).stdout).toBe('debug\n');
  });

  it('--images: the image, or <project>-<service> for a service that only builds', () => {
    expect(cli(['config', ...files, '--images', '--profile', 'debug'], copyFixture()).stdout).toBe('adminer:4\nshop/api:1.4.2\npostgres:16\n');
    const dir = tmpProject({ 'compose.yaml': 'name: shop\nservices:\n  app:\n    build: .\n', Dockerfile: 'FROM scratch\n' });
    expect(cli(['config', '--images'], dir).stdout).toBe('shop-app\n');
  });

  it('--hash: the SHA-256 of the service as json.Marshal writes it, without what needs no new container', () => {
    const dir = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
    const result = cli(['config', '--hash', '*'], dir);
    expect(result.stdout).toBe(`web ${sha256('{"command":null,"entrypoint":null,"image":"nginx:1.27","networks":{"default":null}}')}\n`);
    const same = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: 3\n    profiles: [web]\n    x-note: ignored\n  db:\n    image: postgres:16\n    pull_policy: always\n' });
    const hashes = cli(['config', '--hash', 'web,db', '--profile', 'web'], same).stdout.split('\n');
    expect(hashes[0]).toMatch(/^db [0-9a-f]{64}$/);
    expect(hashes[1]).toBe(`web ${sha256('{"command":null,"deploy":{"resources":{},"placement":{}},"entrypoint":null,"image":"nginx:1.27","networks":{"default":null}}')}`);
  });

  it('--hash of a service the project does not have is bad input', () => {
    const result = cli(['config', ...files, '--hash', 'nope'], copyFixture());
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: --hash nope: the project has no service nope\. Its services: api, db\.$/m);
  });

  it('-q checks the project and prints nothing; a bad project still exits 2', () => {
    expect(cli(['config', ...files, '-q'], copyFixture())).toEqual({ status: 0, stdout: '', stderr: '' });
    const bad = cli(['config', '--quiet'], tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: [1]\n' }));
    expect({ status: bad.status, stdout: bad.stdout }).toEqual({ status: 2, stdout: '' });
    expect(bad.stderr).toMatch(/services\.web\.image: expected a string/);
  });

  it('-o FILE writes the model there, and nothing to stdout', () => {
    const dir = copyFixture();
    const result = cli(['config', ...files, '--profile', 'debug', '-o', 'out.yaml'], dir);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: '' });
    expect(readFileSync(path.join(dir, 'out.yaml'), 'utf8')).toBe(EXPECTED);
  });

  it('--no-interpolate prints the merged files with ${VAR} as written, keys sorted, and no $$', () => {
    const result = cli(['config', ...files, '--no-interpolate'], copyFixture());
    expect(result.status).toBe(0);
    const api = (parse(result.stdout) as { services: { api: Record<string, unknown> } }).services.api;
    expect(api).toMatchObject({ image: 'shop/api:${API_TAG}', ports: ['${API_PORT:-8080}:3000'], environment: { LOG_LEVEL: '${LOG_LEVEL}' } });
    expect(Object.keys(api)).toEqual([...Object.keys(api)].sort());
    expect(result.stdout).not.toContain('$$');
  });
});

describe('-f - and --project-directory', () => {
  it('config -f - reads the compose file from standard input; relative paths and .env from the current directory', () => {
    const dir = copyFixture();
    const input = `${readFileSync(path.join(dir, 'compose.yaml'), 'utf8')}`;
    const result = cli(['config', '-f', '-', '-f', 'compose.prod.yaml', '--profile', 'debug'], dir, {}, input);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(EXPECTED);
  });

  it('every command that takes -f takes -f - (validate, render)', () => {
    const dir = tmpProject({ 'compose.yaml': 'services: {}\n' });
    const compose = 'name: piped\nservices:\n  web:\n    image: nginx:1.27\n';
    expect(cli(['validate', '-f', '-'], dir, {}, compose).stdout).toMatch(/^piped: valid \(1 service from 1 file;/);
    expect(cli(['render', '-f', '-', '-d', 'out'], dir, {}, compose).status).toBe(0);
    expect(existsSync(path.join(dir, 'out', 'piped.yaml'))).toBe(true);
  });

  it('an error in the piped file names it "-"', () => {
    const dir = tmpProject({});
    const result = cli(['config', '-f', '-'], dir, {}, 'services:\n  web:\n    image: [1]\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: .*\/-:3:12: services\.web\.image: expected a string/m);
  });

  it('--project-directory: the default compose files, .env and the project name come from there', () => {
    const dir = copyFixture();
    writeFileSync(path.join(dir, 'compose.override.yaml'), 'services:\n  api:\n    deploy:\n      replicas: 3\n');
    const elsewhere = tmpProject({});
    const result = cli(['config', '--project-directory', dir, '--profile', 'debug'], elsewhere);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(EXPECTED.replace('      LOG_LEVEL: warn\n', '      LOG_LEVEL: info\n'));
  });
});
