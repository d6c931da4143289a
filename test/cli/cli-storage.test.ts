import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * Mounts through the built CLI, as a user meets them: what can travel with the deployment renders
 * (exit 0, with its warnings), what cannot is refused with exit 2, the file, line and column,
 * what is wrong and how to fix it, and nothing written.
 */
const FIXTURES = path.resolve('test/fixtures/storage');

/** A PEM private key header, assembled so that no key-looking text sits in the repository. */
const PEM_KEY = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAfake\n-----END', 'RSA PRIVATE KEY-----\n'].join(' ');

const web = (lines: string): string => `services:\n  web:\n    image: nginx:1.27-alpine\n${lines}`;

const refusals: { name: string; compose: string; files?: Record<string, string>; setup?: (dir: string) => void; want: RegExp }[] = [
  {
    name: 'the Docker socket',
    compose: web('    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n'),
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: Fargate has no container engine, so \/var\/run\/docker\.sock cannot be mounted\. Remove the mount; call the AWS APIs/,
  },
  {
    name: 'a file outside the project',
    compose: web('    volumes:\n      - ../shared.conf:/etc/app/shared.conf:ro\n'),
    setup: (dir) => writeFileSync(path.join(dir, '..', 'shared.conf'), 'x=1\n'),
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: \/.*\/shared\.conf is outside the project directory \/.*\/proj, so it cannot travel with the deployment\. Copy the file into the project/,
  },
  {
    name: 'the host\'s time zone',
    compose: web('    volumes:\n      - /etc/localtime:/etc/localtime:ro\n'),
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: \/etc\/localtime is outside the project directory .*Fargate tasks run in UTC: set the time zone with TZ in environment/,
  },
  {
    name: 'a link that leads out of the project',
    compose: web('    volumes:\n      - ./conf:/etc/app:ro\n'),
    setup: (dir) => {
      mkdirSync(path.join(dir, 'conf'));
      writeFileSync(path.join(dir, '..', 'elsewhere.conf'), 'x=1\n');
      symlinkSync(path.join(dir, '..', 'elsewhere.conf'), path.join(dir, 'conf', 'app.conf'));
    },
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: \.\/conf\/app\.conf is outside the project directory/,
  },
  {
    name: 'a socket',
    compose: web('    volumes:\n      - ./run/agent.sock:/run/agent.sock\n'),
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: \.\/run\/agent\.sock is a socket, not a file or a directory, so it cannot be mounted on Fargate\. Mount only files and directories of the project\./,
  },
  {
    name: 'a private key in a directory of certificates',
    compose: web('    volumes:\n      - ./certs:/etc/nginx/certs:ro\n'),
    files: { 'certs/server.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', 'certs/server.key': PEM_KEY },
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: \.\/certs\/server\.key looks like a private key, which would be written in the template in plain text\. Keep keys out of the template: store the key in AWS Secrets Manager and declare it under secrets:/,
  },
  {
    name: 'an SSH key by its name',
    compose: web('    volumes:\n      - type: bind\n        source: ./id_rsa\n        target: /root/.ssh/id_rsa\n        read_only: true\n'),
    files: { id_rsa: 'not PEM, but an SSH key by its name\n' },
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: \.\/id_rsa looks like a private key/,
  },
  {
    name: 'a directory over the size limit',
    compose: web('    volumes:\n      - ./html:/usr/share/nginx/html:ro\n'),
    files: { 'html/index.html': 'a'.repeat(20_000), 'html/app.js': 'b'.repeat(20_000) },
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: the files that travel with "web" would take more than 32 KiB with \.\/html: they travel inside its task definition, which ECS caps at 64 KiB\. Bake larger files into the image/,
  },
  {
    name: 'a read-only mount of a file that is not there',
    compose: web('    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n'),
    want: /docker-compose\.yml:5:9: services\.web\.volumes\[0\]: \.\/nginx\.conf does not exist, so there is nothing to mount read-only at \/etc\/nginx\/nginx\.conf\. Create the file/,
  },
  {
    name: 'a file at the root of the container',
    compose: web('    configs: [app]\nconfigs:\n  app:\n    content: "debug=false"\n'),
    want: /docker-compose\.yml:4:15: services\.web\.configs\[0\]: an ECS mount point is a directory, and \/app would need one at \/, which would hide the whole image\. Place the file in a directory/,
  },
  {
    name: 'an image without a shell',
    compose: 'services:\n  api:\n    image: gcr.io/distroless/static-debian12\n    volumes: [./config.yaml:/etc/api/config.yaml:ro]\n',
    files: { 'config.yaml': 'port: 8080\n' },
    want: /docker-compose\.yml:4:15: services\.api\.volumes\[0\]: the image gcr\.io\/distroless\/static-debian12 has no shell, so the init container .* cannot run\. Bake the files into the image/,
  },
  {
    name: 'a file inside a volume',
    compose: web('    volumes:\n      - data:/var/lib/app\n      - ./app.conf:/var/lib/app/app.conf:ro\nvolumes:\n  data: {}\n'),
    files: { 'app.conf': 'x=1\n' },
    want: /docker-compose\.yml:6:9: services\.web\.volumes\[1\]: \/var\/lib\/app\/app\.conf would be placed inside the volume mounted at \/var\/lib\/app, which ECS cannot do\./,
  },
];

/** Each refusal through render; validate runs the same support stage, checked on the first. */
const runs = [...refusals.map((r) => ({ ...r, command: 'render' })), { ...refusals[0]!, command: 'validate' }];

describe('refusals of what cannot travel', () => {
  it.each(runs)('$command, $name: exit 2, with the place and the fix', async ({ command, compose, files = {}, setup, want }) => {
    const dir = tmpProject({ 'docker-compose.yml': compose, ...files });
    setup?.(dir);
    let server: Server | undefined;
    if (compose.includes('agent.sock')) {
      mkdirSync(path.join(dir, 'run'));
      const listening = createServer();
      await new Promise<void>((resolve) => listening.listen(path.join(dir, 'run', 'agent.sock'), resolve));
      server = listening;
    }
    try {
      const run = cli([command, ...(command === 'render' ? ['-d', 'out'] : [])], dir);
      expect(run.stderr).toMatch(want);
      expect(run.status).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      server?.close();
    }
  });
});

describe('render of projects whose files travel and whose data is kept', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'compose-x-storage-cli-'));
  const projects = readdirSync(FIXTURES).sort();
  const renders = projects.map((name) => {
    const dir = path.join(root, name);
    cpSync(path.join(FIXTURES, name), dir, { recursive: true });
    return { name, dir, run: cli(['render', '-d', 'cfn'], dir) };
  });

  it.each(renders.map((r) => [r.name, r] as const))('%s renders (exit 0) with its warnings', (_name, { run }) => {
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^warning: .*compose\.yaml:\d+:\d+: services\./m);
  });

  it('diff --rendered names the file whose content changed', () => {
    const { dir } = renders.find((r) => r.name === 'nginx-golang-postgres')!;
    writeFileSync(path.join(dir, 'db', 'init.sql'), 'CREATE TABLE audit (id int);\n');
    const result = cli(['diff', '--rendered', 'cfn'], dir, { CI: 'true' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Restarts and replacements\n  ~ db restarts (DbTaskDefinition): file /docker-entrypoint-initdb.d/init.sql (./db/init.sql) changed\n');
  });

  const lint = cfnLintAvailable();
  if (!lint) console.warn('cfn-lint is not on the PATH: skipping the cfn-lint check of the storage fixtures');
  (lint ? it : it.skip)('cfn-lint reports no error on their templates', () => {
    const templates = renders.map((r) => path.join(r.dir, 'cfn', `${r.name}.yaml`));
    expect(runCfnLint(templates).errors).toEqual([]);
  });
});
