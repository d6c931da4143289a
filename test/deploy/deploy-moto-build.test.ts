import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { compileChecked } from '../helpers/render-project.js';
import { cli } from '../helpers/cli.js';
import { fakeDocker } from '../helpers/fake-docker.js';
import { motoAvailable, motoClientConfig, motoEnvironment, motoOverride, startMoto, type Moto } from '../helpers/moto.js';

/**
 * `build:` end to end against moto_server (CloudFormation, ECR, S3) with a fake `docker` on
 * the PATH that records its calls and pushes to moto's ECR: the images stack, the build and
 * push, an unchanged context not rebuilt, a changed file rebuilt and redeployed, and `down`.
 */
const available = motoAvailable();
const suite = available ? describe : describe.skip;

suite('build: against moto_server, with a fake docker', () => {
  let moto: Moto;
  let dir: string;
  const cfn = (): CloudFormationClient => new CloudFormationClient(motoClientConfig(moto));
  const registry = (): ECRClient => new ECRClient(motoClientConfig(moto));

  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => moto?.stop());

  beforeEach(async () => {
    await moto.reset();
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'shop');
    mkdirSync(path.join(dir, 'web'), { recursive: true });
    writeFileSync(path.join(dir, 'web', 'Dockerfile'), 'FROM nginx:1.27\nCOPY index.html /usr/share/nginx/html/\n');
    writeFileSync(path.join(dir, 'web', 'index.html'), '<h1>shop</h1>\n');
    writeFileSync(path.join(dir, 'web', '.dockerignore'), 'notes/\n');
    writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web:\n    build: ./web\n    expose: ["80"]\n  redis:\n    image: redis:7\n');
    writeFileSync(path.join(dir, 'docker-compose.override.yml'), await motoOverride(moto));
  }, 60_000);

  const tagNow = (): string => compileChecked({ cwd: dir, environment: {} }).rendered.images?.builds[0]?.tag ?? '';

  it('builds, pushes and deploys; an unchanged context is neither rebuilt nor redeployed; a changed file is', async () => {
    const docker = fakeDocker({ ecrEndpoint: moto.endpoint });
    const env = { ...motoEnvironment(moto), ...docker.env, CI: 'true' };
    const tag = tagNow();

    const created = cli(['up', '--yes'], dir, env);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('shop-images: deploying the image repositories');
    expect(created.stdout).toMatch(new RegExp(`^building the image of web: \\d{12}\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/shop/web:${tag}$`, 'm'));
    expect(created.stdout).toMatch(/^shop: CREATE_COMPLETE$/m);
    expect(created.status).toBe(0);
    const login = docker.calls().find((c) => c.args[0] === 'login');
    expect(login?.args).toEqual(['login', '--username', 'AWS', '--password-stdin', expect.stringMatching(/\.dkr\.ecr\.us-east-1\.amazonaws\.com$/)]);
    expect(login?.stdin).not.toBe('');
    expect(docker.builds()).toEqual([
      [
        'buildx', 'build', '--progress', 'plain', '--platform', 'linux/amd64', '--file', path.join(dir, 'web', 'Dockerfile'),
        '--tag', expect.stringMatching(new RegExp(`/shop/web:${tag}$`)), '--push', path.join(dir, 'web'),
      ],
    ]);
    const repositories = await registry().send(new DescribeRepositoriesCommand({}));
    expect(repositories.repositories?.map((r) => r.repositoryName)).toEqual(['shop/web']);
    expect((await registry().send(new DescribeImagesCommand({ repositoryName: 'shop/web' }))).imageDetails?.flatMap((d) => d.imageTags)).toEqual([tag]);

    mkdirSync(path.join(dir, 'web', 'notes'));
    writeFileSync(path.join(dir, 'web', 'notes', 'todo.txt'), 'ignored by .dockerignore\n');
    expect(tagNow()).toBe(tag);
    const again = cli(['up', '--yes'], dir, env);
    expect(again.stdout).toContain('shop is up to date: nothing to deploy.');
    expect(again.status).toBe(0);
    expect(docker.builds()).toHaveLength(1);

    writeFileSync(path.join(dir, 'web', 'index.html'), '<h1>shop, new</h1>\n');
    const changed = tagNow();
    expect(changed).not.toBe(tag);
    const updated = cli(['up', '--yes'], dir, env);
    expect(updated.stdout).toMatch(new RegExp(`^building the image of web: .*/shop/web:${changed}$`, 'm'));
    expect(updated.stdout).toMatch(/^shop: UPDATE_COMPLETE$/m);
    expect(docker.builds()).toHaveLength(2);
    const stack = (await cfn().send(new DescribeStacksCommand({ StackName: 'shop' }))).Stacks?.[0];
    expect(stack?.Parameters?.find((p) => p.ParameterKey === 'WebImageTag')?.ParameterValue).toBe(changed);

    const deleted = cli(['down', '--yes'], dir, env);
    expect(deleted.stdout).toMatch(/^shop: DELETE_COMPLETE$/m);
    expect(deleted.status).toBe(0);
    await expect(cfn().send(new DescribeStacksCommand({ StackName: 'shop-images' }))).rejects.toThrow(/does not exist/);
  }, 300_000);

  it('deploys examples/guestbook: its image built, its files shipped, its database on EFS, kept by down', async () => {
    const project = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'guestbook');
    cpSync(path.join('examples', 'guestbook'), project, { recursive: true, filter: (source) => !source.includes(`${path.sep}cfn`) });
    writeFileSync(path.join(project, 'docker-compose.override.yml'), await motoOverride(moto));
    const docker = fakeDocker({ ecrEndpoint: moto.endpoint });
    const env = { ...motoEnvironment(moto), ...docker.env, CI: 'true' };

    const created = cli(['up', '--yes'], project, env);
    expect(created.stdout).toMatch(/^building the image of app: .*\/guestbook\/app:[0-9a-f]{16}$/m);
    expect(created.stdout).toMatch(/^guestbook: CREATE_COMPLETE$/m);
    expect(created.status).toBe(0);
    expect(docker.builds()).toHaveLength(1);
    const efs = new EFSClient(motoClientConfig(moto));
    expect((await efs.send(new DescribeFileSystemsCommand({}))).FileSystems).toHaveLength(1);

    const deleted = cli(['down', '--yes'], project, env);
    expect(deleted.stdout).toMatch(/^guestbook: DELETE_COMPLETE$/m);
    expect(deleted.status).toBe(0);
    // moto writes no per-resource events on delete (no DELETE_SKIPPED line to print), but it
    // honours DeletionPolicy: Retain: the database's file system outlives the stack.
    expect((await efs.send(new DescribeFileSystemsCommand({}))).FileSystems).toHaveLength(1);
  }, 300_000);

  it('says so when no Docker daemon runs, and points to --build remote', () => {
    const docker = fakeDocker({ daemon: false });
    const run = cli(['up', '--yes'], dir, { ...motoEnvironment(moto), ...docker.env, CI: 'true' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: no Docker daemon is running here \(docker info: Cannot connect to the Docker daemon.*\)\. Start Docker \(with its buildx plugin\), or build the images in AWS with `compose-x up --build remote`\.$/m);
    expect(docker.builds()).toEqual([]);
  }, 120_000);
});
