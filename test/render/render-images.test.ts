import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Compilation } from '../../src/pipeline/index.js';
import { readBuildsFile } from '../../src/render/images/builds.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { ParseError, ParseErrors } from '../../src/parser/diagnostics.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { compileChecked } from '../helpers/render-project.js';
import { tmpProject } from '../helpers/tmp-project.js';

type Json = Record<string, any>;

/** A project shaped like Docker's samples: a web app built from ./web, and a database image. */
function shop(extra: Record<string, string> = {}, build = 'build: ./web'): string {
  return tmpProject({
    'docker-compose.yml': `services:\n  web:\n    ${build}\n    ports: ["8080:8080"]\n  db:\n    image: postgres:16\n`,
    'web/Dockerfile': 'FROM node:22-alpine\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
    'web/server.js': 'require("http").createServer((_, r) => r.end("ok")).listen(8080);\n',
    'web/.dockerignore': 'node_modules\n*.log\n',
    ...extra,
  }, 'shop');
}

const compiled = (dir: string): Compilation => compileChecked({ cwd: dir, environment: {} });
const tagOf = (dir: string): string => compiled(dir).rendered.images?.builds[0]?.tag ?? '';
const edit = (dir: string, file: string, content: string): void => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
};

describe('the tag of a built image', () => {
  it('is the same for two renders of the same sources, on two checkouts', () => {
    expect(tagOf(shop())).toMatch(/^[0-9a-f]{16}$/);
    expect(tagOf(shop())).toBe(tagOf(shop()));
  });

  it.each<[string, (dir: string) => void]>([
    ['a file of the context changes', (dir) => edit(dir, 'web/server.js', '// v2\n')],
    ['a file is added to the context', (dir) => edit(dir, 'web/lib/util.js', 'module.exports = 1;\n')],
    ['the Dockerfile changes', (dir) => edit(dir, 'web/Dockerfile', 'FROM node:22\nCOPY . /app\n')],
    ['the .dockerignore changes', (dir) => edit(dir, 'web/.dockerignore', 'node_modules\n')],
    ['a build arg changes', (dir) => edit(dir, 'docker-compose.yml', 'services:\n  web:\n    build:\n      context: ./web\n      args: { NODE_ENV: production }\n')],
    ['the platform changes', (dir) => edit(dir, 'docker-compose.yml', 'services:\n  web:\n    build: ./web\n    platform: linux/arm64\n')],
  ])('changes when %s', (_, change) => {
    const dir = shop();
    const before = tagOf(dir);
    change(dir);
    expect(tagOf(dir)).not.toBe(before);
  });

  it.each<[string, (dir: string) => void]>([
    ['a file the .dockerignore leaves out changes', (dir) => edit(dir, 'web/node_modules/x/index.js', 'changed\n')],
    ['a file outside the context changes', (dir) => edit(dir, 'README.md', '# shop\n')],
  ])('stays when %s', (_, change) => {
    const dir = shop();
    const before = tagOf(dir);
    change(dir);
    expect(tagOf(dir)).toBe(before);
  });
});

describe('a service with build: and no image:', () => {
  const dir = shop();
  const result = compiled(dir);
  const main = result.rendered.template.toJSON() as Json;
  const images = result.rendered.images!.template.toJSON() as Json;
  const tag = result.rendered.images!.builds[0]!.tag;

  it('runs its image from the project repository, with the tag as a parameter', () => {
    expect(main['Parameters']['WebImageTag']).toMatchObject({ Type: 'String', Default: tag });
    const container = main['Resources']['WebTaskDefinition'].Properties.ContainerDefinitions[0];
    expect(container.Image).toEqual({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/shop/web:${WebImageTag}' });
    expect(result.templateFiles('yaml')['shop.params.json']).toContain(`"ParameterKey": "WebImageTag",\n    "ParameterValue": "${tag}"`);
  });

  it('may pull from its repository only', () => {
    const statements = main['Resources']['WebExecutionRole'].Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual({
      Sid: 'PullImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/shop/web' }],
    });
    expect(main['Resources']['DbExecutionRole'].Properties.Policies[0].PolicyDocument.Statement.map((s: Json) => s['Sid'])).toEqual(['WriteLogs']);
  });

  it('gets an ECR repository in the images stack: scanned on push, encrypted, immutable tags, the last 10 images kept, emptied on delete', () => {
    expect(images['Resources']['WebRepository']).toEqual({
      Type: 'AWS::ECR::Repository',
      Properties: {
        RepositoryName: 'shop/web',
        ImageScanningConfiguration: { ScanOnPush: true },
        EncryptionConfiguration: { EncryptionType: 'AES256' },
        ImageTagMutability: 'IMMUTABLE',
        LifecyclePolicy: { LifecyclePolicyText: expect.stringContaining('"countType":"imageCountMoreThan","countNumber":10') },
        EmptyOnDelete: true,
        Tags: [
          { Key: 'compose-x:project', Value: 'shop' },
          { Key: 'compose-x:service', Value: 'web' },
        ],
      },
    });
    expect(Object.keys(images['Resources']).filter((id) => images['Resources'][id].Type === 'AWS::ECR::Repository')).toEqual(['WebRepository']);
  });

  it('lets the remote builder push to the project repositories and read its build sources only', () => {
    const statements = images['Resources']['ImageBuilderRole'].Properties.Policies[0].PolicyDocument.Statement;
    const push = statements.find((s: Json) => s['Sid'] === 'PushImages');
    expect(push.Resource).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/shop/web' }]);
    expect(statements.find((s: Json) => s['Sid'] === 'ReadBuildSources')).toEqual({
      Sid: 'ReadBuildSources',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${BuildBucket}/compose-x/shop/builds/*' },
    });
    expect(images['Resources']['ImageBuilder'].Properties.Environment.PrivilegedMode).toBe(true);
  });

  it('writes the images template and the builds beside the render, paths relative to the project', () => {
    const files = result.templateFiles('yaml');
    expect(Object.keys(files).sort()).toEqual(['shop.builds.json', 'shop.images.yaml', 'shop.params.json', 'shop.yaml']);
    const builds = JSON.parse(files['shop.builds.json']!);
    expect(builds).toEqual([{ service: 'web', repository: 'shop/web', tag, platform: 'linux/amd64', build: { context: 'web', dockerfile: 'Dockerfile' }, secrets: [] }]);
    expect(readBuildsFile(files['shop.builds.json']!, dir)[0]?.build.context).toBe(path.join(dir, 'web'));
  });

  it('passes the offline specification check, both templates', async () => {
    expect(await checkTemplate(main)).toEqual([]);
    expect(await checkTemplate(images)).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint, both templates', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'compose-x-lint-'));
    const files = result.templateFiles('yaml');
    for (const name of ['shop.yaml', 'shop.images.yaml']) writeFileSync(path.join(out, name), files[name]!);
    expect(runCfnLint([path.join(out, 'shop.yaml'), path.join(out, 'shop.images.yaml')]).errors).toEqual([]);
  }, 300_000);
});

describe('what cannot be built', () => {
  const errorsOf = (dir: string): ParseError[] => {
    try {
      compiled(dir);
    } catch (error) {
      if (error instanceof ParseErrors) return [...error.errors];
      if (error instanceof ParseError) return [error];
      throw error;
    }
    return [];
  };

  it.each([
    ['a context that is a URL', 'build: https://github.com/docker/awesome-compose.git#master:react-express-mongodb/frontend', 'E_BUILD_REMOTE_CONTEXT', /cannot hash it into a stable image tag/],
    ['a context that does not exist', 'build: ./missing', 'E_BUILD_CONTEXT', /the build context .*missing of service "web" is not a directory/],
    ['a Dockerfile that does not exist', 'build: { context: ./web, dockerfile: Dockerfile.prod }', 'E_BUILD_CONTEXT', /the Dockerfile .*Dockerfile\.prod of service "web" does not exist/],
  ])('%s is an error at its key', (_, build, code, message) => {
    const [error] = errorsOf(shop({}, build));
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(message);
    expect(error?.position?.line).toBe(3);
  });

  it('says where the image goes when image: is set too, and which build keys are not passed on', () => {
    const dir = shop({}, 'image: myorg/web:dev\n    build:\n      context: ./web\n      tags: [myorg/web:latest]');
    const warnings = compiled(dir).warnings.map((w) => `${w.code} ${w.message}`);
    expect(warnings).toContainEqual(expect.stringMatching(/^W_BUILD_IMAGE_NAME image: myorg\/web:dev names the image docker compose builds; on ECS compose-x pushes the build to an Amazon ECR repository/));
    expect(warnings).toContainEqual(expect.stringMatching(/^W_BUILD_KEY_IGNORED build\.tags is not passed to the image build of ECS\./));
  });
});
