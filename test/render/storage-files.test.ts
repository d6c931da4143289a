import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { toComposeDocument } from '../../src/parser/to-compose.js';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { diffRenders } from '../../src/review/rendered-diff/diff.js';
import { renderDiffText } from '../../src/review/rendered-diff/text.js';
import { compileChecked, renderFile } from '../helpers/render-project.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * Point 2 of issue 14: files of the repository reach the task. Fixtures shaped like public
 * compose files (test/fixtures/storage/): nginx with its nginx.conf and a directory of CA
 * certificates, postgres with an init script, configs from a file, a content and a variable.
 */
const FIXTURES = path.resolve('test/fixtures/storage');

interface Container {
  Name: string;
  Image: unknown;
  Essential: boolean;
  EntryPoint?: string[];
  Command?: string[];
  User?: string;
  Environment?: { Name: string; Value: string }[];
  MountPoints?: { SourceVolume: string; ContainerPath: string; ReadOnly: boolean }[];
  DependsOn?: { ContainerName: string; Condition: string }[];
}
interface Declaration {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
type Resources = Record<string, Declaration>;

function copyFixture(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-storage-')), name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function rendered(dir: string) {
  const result = renderFile(path.join(dir, 'compose.yaml'));
  return { ...result, resources: result.template.toJSON()['Resources'] as Resources };
}

function containers(r: Resources, service: string): Container[] {
  const id = `${service.charAt(0).toUpperCase()}${service.slice(1)}TaskDefinition`;
  return r[id]!.Properties['ContainerDefinitions'] as Container[];
}

/**
 * Runs an init container's script with sh, as the image would, in `root` instead of `/`: every
 * absolute path of the script is quoted, so it is moved under `root`. `chown` lines need root
 * and are left out.
 */
function runInit(init: Container, root: string): void {
  const script = (init.Command?.[0] ?? '')
    .split('\n')
    .filter((line) => !line.startsWith('chown '))
    .join('\n')
    .replace(/'\//g, `'${root}/`);
  for (const mount of init.MountPoints ?? []) mkdirSync(path.join(root, mount.ContainerPath), { recursive: true });
  const env = Object.fromEntries((init.Environment ?? []).map((e) => [e.Name, e.Value]));
  execFileSync('sh', ['-c', script], { env: { PATH: process.env['PATH'] ?? '', ...env } });
}

describe('a file bound into an image directory (nginx.conf, conf.d, an init script)', () => {
  const { resources, template, warnings } = rendered(path.join(FIXTURES, 'nginx-golang-postgres'));

  it('mounts a task volume at the file\'s directory, filled by a non-essential init container the app waits for', () => {
    const [app, init, ...others] = containers(resources, 'proxy');
    expect(others).toEqual([]);
    expect(app).toMatchObject({
      Name: 'proxy',
      Essential: true,
      MountPoints: [{ SourceVolume: 'files-etc-nginx-conf-d', ContainerPath: '/etc/nginx/conf.d', ReadOnly: true }],
      DependsOn: [{ ContainerName: 'proxy-files', Condition: 'SUCCESS' }],
    });
    expect(init).toMatchObject({
      Name: 'proxy-files',
      Image: app!.Image,
      Essential: false,
      EntryPoint: ['sh', '-c'],
      User: '0',
      MountPoints: [{ SourceVolume: 'files-etc-nginx-conf-d', ContainerPath: '/compose-x-files/files-etc-nginx-conf-d', ReadOnly: false }],
    });
    expect(resources['ProxyTaskDefinition']!.Properties['Volumes']).toEqual([{ Name: 'files-etc-nginx-conf-d' }]);
  });

  it('carries the content in the template, and lists the files in the task definition\'s metadata', () => {
    const [, init] = containers(resources, 'db');
    const content = readFileSync(path.join(FIXTURES, 'nginx-golang-postgres/db/init.sql'));
    expect(init!.Environment?.map((e) => Buffer.from(e.Value, 'base64').toString())).toEqual([content.toString()]);
    expect(resources['DbTaskDefinition']!.Metadata).toEqual({
      'compose-x:files': {
        Container: 'db-files',
        Files: [
          {
            Path: '/docker-entrypoint-initdb.d/init.sql',
            Source: './db/init.sql',
            Bytes: content.length,
            Sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
          },
        ],
      },
    });
  });

  it('warns that the init container runs the image with sh, and that a writable file is a copy', () => {
    const codes = warnings.map((w) => `${w.code} ${(w.path ?? []).join('.')}`);
    expect(codes).toEqual(expect.arrayContaining(['W_FILES_INIT_IMAGE services.proxy.volumes.0', 'W_FILES_INIT_IMAGE services.db.volumes.1', 'W_BIND_FILE_WRITABLE services.db.volumes.1']));
    expect(codes).not.toContain('W_BIND_FILE_WRITABLE services.proxy.volumes.0');
  });

  it('passes the offline CloudFormation specification check', async () => {
    expect(await checkTemplate(template.toJSON())).toEqual([]);
  });
});

describe('nginx with its nginx.conf, a directory of certificates, configs and tmpfs', () => {
  const { resources, template } = rendered(path.join(FIXTURES, 'nginx-certs'));
  const [app, init] = containers(resources, 'web');

  it('places every root once: the image\'s /etc/nginx (with conf.d), the certificates as a whole, the html directory', () => {
    expect(app!.MountPoints).toEqual([
      { SourceVolume: 'files-etc-nginx', ContainerPath: '/etc/nginx', ReadOnly: true },
      { SourceVolume: 'files-etc-ssl-certs-ca', ContainerPath: '/etc/ssl/certs/ca', ReadOnly: true },
      { SourceVolume: 'tmpfs-run', ContainerPath: '/run', ReadOnly: false },
      { SourceVolume: 'files-usr-share-nginx-html', ContainerPath: '/usr/share/nginx/html', ReadOnly: true },
      { SourceVolume: 'tmpfs-var-cache-nginx', ContainerPath: '/var/cache/nginx', ReadOnly: false },
    ]);
  });

  it('keeps the image\'s own files of the directory, writes the project\'s over them, and binds a directory without them', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'compose-x-init-'));
    mkdirSync(path.join(root, 'etc/nginx/conf.d'), { recursive: true });
    writeFileSync(path.join(root, 'etc/nginx/mime.types'), 'types { text/html html; }\n');
    writeFileSync(path.join(root, 'etc/nginx/nginx.conf'), 'the image\'s own nginx.conf\n');
    mkdirSync(path.join(root, 'etc/ssl/certs/ca'), { recursive: true });
    writeFileSync(path.join(root, 'etc/ssl/certs/ca/image-only.pem'), 'not bound\n');
    runInit(init!, root);
    const nginx = path.join(root, 'compose-x-files/files-etc-nginx');
    expect(readdirSync(nginx).sort()).toEqual(['conf.d', 'mime.types', 'nginx.conf']);
    expect(readFileSync(path.join(nginx, 'mime.types'), 'utf8')).toBe('types { text/html html; }\n');
    expect(readFileSync(path.join(nginx, 'nginx.conf'))).toEqual(readFileSync(path.join(FIXTURES, 'nginx-certs/nginx.conf')));
    expect(readFileSync(path.join(nginx, 'conf.d/site.conf'))).toEqual(readFileSync(path.join(FIXTURES, 'nginx-certs/site.conf')));
    expect(statSync(path.join(nginx, 'conf.d/site.conf')).mode & 0o777).toBe(0o444);
    expect(readdirSync(path.join(root, 'compose-x-files/files-etc-ssl-certs-ca')).sort()).toEqual(['intermediate.pem', 'root.pem']);
    const motd = path.join(root, 'compose-x-files/files-usr-share-nginx-html/motd.txt');
    expect(readFileSync(motd, 'utf8')).toBe('hello from compose-x\n');
    expect(statSync(motd).mode & 0o777).toBe(0o440);
  });

  it('gives a config its uid and gid', () => {
    expect(init!.Command?.[0]).toContain("chown 101:101 '/compose-x-files/files-usr-share-nginx-html/motd.txt'");
  });

  it('passes the offline CloudFormation specification check', async () => {
    expect(await checkTemplate(template.toJSON())).toEqual([]);
  });
});

describe('a config from a variable', () => {
  it('writes the value the variable has when the project is read', () => {
    const dir = tmpProject({
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    configs: [{source: banner, target: /etc/banner/text}]\nconfigs:\n  banner:\n    environment: BANNER\n',
    });
    const compiled = compileChecked({ files: [path.join(dir, 'docker-compose.yml')], environment: { BANNER: 'welcome' } });
    const r = compiled.rendered.template.toJSON()['Resources'] as Resources;
    const [, init] = containers(r, 'web');
    expect(init!.Environment?.map((e) => Buffer.from(e.Value, 'base64').toString())).toEqual(['welcome']);
    expect(compiled.review().files).toEqual([{ service: 'web', path: '/etc/banner/text', source: 'config banner (environment BANNER)', bytes: 7, sha256: expect.any(String) as unknown }]);
    expect(toComposeDocument(compiled.project)['configs']).toEqual({ banner: { name: 'proj_banner', environment: 'BANNER' } });
  });
});

describe('a task definition over ECS\'s limit', () => {
  it('is refused at its service, with the fix', () => {
    const dir = tmpProject({ 'docker-compose.yml': `services:\n  web:\n    image: nginx\n    environment:\n      BLOB: "${'x'.repeat(70_000)}"\n` });
    expect(() => renderFile(path.join(dir, 'docker-compose.yml'))).toThrow(
      expect.objectContaining({
        code: 'E_TASK_DEFINITION_SIZE',
        path: ['services', 'web', 'environment'],
        message: expect.stringMatching(/^the task definition of service "web" would be 6\d\.\d KiB, over the 64 KiB ECS registers \(environment: [\d.]+ KiB of it\)\.$/) as unknown,
      }) as Error,
    );
  });
});

describe('a change of a file', () => {
  const dir = copyFixture('nginx-golang-postgres');
  const before = rendered(dir);
  const old = renderedFiles(before.name, before, 'yaml');
  writeFileSync(path.join(dir, 'proxy/nginx.conf'), 'server { listen 80; return 204; }\n');
  const after = rendered(dir);

  it('changes exactly the task definition of the service that mounts it', () => {
    const changed = Object.keys(after.resources).filter((id) => !isDeepStrictEqual(after.resources[id], before.resources[id]));
    expect(changed).toEqual(['ProxyTaskDefinition']);
  });

  it('shows in diff --rendered as that file, and nothing else', () => {
    const diff = diffRenders(old, renderedFiles(after.name, after, 'yaml'));
    expect(renderDiffText(diff)).toBe(
      'Restarts and replacements\n  ~ proxy restarts (ProxyTaskDefinition): file /etc/nginx/conf.d/default.conf (./proxy/nginx.conf) changed\n',
    );
  });

  it('shows in the review page, with its new size and hash', () => {
    expect(after.review).toMatch(/^## Files that travel\n\n\| Service \| Path in the container \| Source \| Size \| SHA-256 \|$/m);
    expect(after.review).toMatch(/^\| proxy \| `\/etc\/nginx\/conf\.d\/default\.conf` \| `\.\/proxy\/nginx\.conf` \| 34 bytes \| `[0-9a-f]{12}` \|$/m);
    expect(after.review).toMatch(/^\| db \| `\/docker-entrypoint-initdb\.d\/init\.sql` \| `\.\/db\/init\.sql` \| \d+ bytes \| `[0-9a-f]{12}` \|$/m);
  });
});

describe('tmpfs', () => {
  it('is task storage, with the same warning, under tmpfs: and under volumes: type: tmpfs', () => {
    const result = renderFile(
      path.join(tmpProject({ 'docker-compose.yml': 'services:\n  a:\n    image: nginx\n    tmpfs: [/run]\n  b:\n    image: nginx\n    volumes: [{type: tmpfs, target: /run}]\n' }), 'docker-compose.yml'),
    );
    const r = result.template.toJSON()['Resources'] as Resources;
    for (const service of ['A', 'B']) {
      const task = r[`${service}TaskDefinition`]!.Properties;
      expect(task['Volumes']).toEqual([{ Name: 'tmpfs-run' }]);
      expect((task['ContainerDefinitions'] as Container[])[0]!.MountPoints).toEqual([{ SourceVolume: 'tmpfs-run', ContainerPath: '/run', ReadOnly: false }]);
    }
    expect(result.warnings.map((w) => `${w.code} ${(w.path ?? []).join('.')}`)).toEqual(['W_TMPFS_EPHEMERAL services.a.tmpfs.0', 'W_TMPFS_EPHEMERAL services.b.volumes.0']);
  });
});
