import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Issue 20, point 4: compose-x installs like a CLI. The tarball `npm pack` makes carries what
 * the CLI needs and nothing else; installed globally (into a prefix of a directory outside the
 * repository) it prints no lifecycle-script warning, and the installed `compose-x` renders a
 * project. `npm test` has built dist/ already, so packing skips the prepack build.
 */
const ROOT = process.cwd();
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the package', () => {
  const listing = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
  const files = (JSON.parse(listing.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();

  it('carries the CLI bundle, the schemas, the README and the LICENSE, and nothing of the sources, tests or examples', () => {
    expect(listing.status).toBe(0);
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/cli/main.js', 'schemas/compose-spec.json']) expect(files).toContain(needed);
    const schemas = readdirSync(path.join(ROOT, 'schemas')).filter((f) => f.endsWith('.json'));
    for (const schema of schemas) expect(files).toContain(`schemas/${schema}`);
    const outside = files.filter((f) => !/^(LICENSE|README\.md|package\.json)$/.test(f) && !/^dist\/cli\/.+\.(js(\.map)?|cjs)$/.test(f) && !/^schemas\/.+\.json$/.test(f));
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('says where it comes from, and runs no script when it is installed', () => {
    expect(manifest).toMatchObject({ license: 'Apache-2.0', homepage: expect.stringMatching(/^https:\/\//), repository: { type: 'git', url: expect.any(String) } });
    expect(manifest['keywords']).toEqual(expect.arrayContaining(['docker-compose', 'ecs', 'cloudformation']));
    const scripts = Object.keys((manifest['scripts'] ?? {}) as Record<string, string>);
    expect(scripts.filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s))).toEqual([]);
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });
});

describe('a global install of the tarball, outside the repository', () => {
  it('installs without a lifecycle-script warning, and the installed compose-x renders a project', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'compose-x-install-'));
    const packed = npm(['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
    expect(packed.status).toBe(0);
    const tarball = path.join(dir, `compose-x-${String(manifest['version'])}.tgz`);
    expect(existsSync(tarball)).toBe(true);

    const prefix = path.join(dir, 'prefix');
    const installed = npm(['install', '--global', '--prefix', prefix, tarball], dir);
    expect(installed.stderr).not.toMatch(/install-scripts|lifecycle|allow-scripts/);
    expect(installed.status).toBe(0);

    const project = path.join(dir, 'shop');
    spawnSync('mkdir', [project]);
    writeFileSync(path.join(project, 'compose.yaml'), 'services:\n  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n    ports: ["80:80"]\n');
    const bin = path.join(prefix, 'bin', 'compose-x');
    const version = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(String(manifest['version']));
    const render = spawnSync(bin, ['render'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(render.stderr).toBe('');
    expect(render.status).toBe(0);
    expect(readFileSync(path.join(project, 'cfn', 'shop.yaml'), 'utf8')).toContain('Type: AWS::ECS::Service');

    // A file with a problem loads the validator that describes it (a file of its own, with ajv's helpers).
    writeFileSync(path.join(project, 'compose.yaml'), 'services:\n  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n    portz: ["80:80"]\n');
    const invalid = spawnSync(bin, ['validate'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(invalid.stderr).toContain('compose.yaml:4:5: services.web.portz: unknown key "portz". Did you mean "ports"?');
    expect(invalid.status).toBe(2);
  }, 300_000);
});
