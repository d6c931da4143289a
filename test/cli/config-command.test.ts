import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { cli } from '../helpers/cli.js';

const FIXTURE = path.resolve('test/fixtures/config-scenario');

function copyFixture(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'shop');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('compose-x config', () => {
  const args = ['config', '-f', 'compose.yaml', '-f', 'compose.prod.yaml', '--profile', 'debug'];

  it('prints what docker compose config prints: two -f files, .env, extends from another file, a profile', () => {
    const result = cli(args, copyFixture());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(parse(result.stdout)).toEqual(parse(readFileSync(path.join(FIXTURE, 'expected.yaml'), 'utf8')));
  });

  it('prints JSON with --format json', () => {
    const result = cli([...args, '--format', 'json'], copyFixture());
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(parse(readFileSync(path.join(FIXTURE, 'expected.yaml'), 'utf8')));
  });

  it('leaves the profiled service out without --profile', () => {
    const result = cli(['config', '-f', 'compose.yaml', '-f', 'compose.prod.yaml'], copyFixture());
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
