import path from 'node:path';
import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { unzipSync } from 'fflate';
import { buildRemotely } from '../../src/deploy/images/remote-build.js';
import type { DeployIo, DeployMessage } from '../../src/deploy/types.js';
import { planImageBuilds } from '../../src/render/images/builds.js';
import { buildContextDigest } from '../../src/parser/build-context.js';
import type { Project } from '../../src/parser/model.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * `up --build remote`, against scripted S3 and CodeBuild (moto's CodeBuild answers StartBuild
 * with timestamps the SDK cannot read): the archive holds what Docker would be sent, the
 * build gets the same buildx arguments as a local one, and a failed build says where its logs are.
 */
const s3Mock = mockClient(S3Client);
const codeBuildMock = mockClient(CodeBuildClient);

beforeEach(() => {
  s3Mock.reset();
  codeBuildMock.reset();
});

function project(): { image: ReturnType<typeof planImageBuilds>[number]; dir: string } {
  const dir = tmpProject({
    'web/Dockerfile': 'FROM nginx:1.27\nCOPY . /usr/share/nginx/html/\n',
    'web/index.html': '<h1>shop</h1>\n',
    'web/run.sh': '#!/bin/sh\n',
    'web/.dockerignore': 'notes/\n',
    'web/notes/todo.txt': 'not sent\n',
    'shared/logo.svg': '<svg/>\n',
  });
  const build = { context: path.join(dir, 'web'), dockerfile: 'Dockerfile', args: { NODE_ENV: 'production' }, additional_contexts: { assets: path.join(dir, 'shared') } };
  const model = { name: 'shop', services: { web: { name: 'web', build } }, secrets: {} } as unknown as Project;
  const image = planImageBuilds(model, { web: buildContextDigest(build) })[0]!;
  return { image, dir };
}

function recorder(): { io: DeployIo; messages: DeployMessage[] } {
  const messages: DeployMessage[] = [];
  return { io: { emit: (m) => void messages.push(m), confirm: async () => true }, messages };
}

const location = () => ({ client: new S3Client({ region: 'us-east-1' }), bucket: 'compose-x-123456789012-us-east-1', region: 'us-east-1', account: '123456789012', endpoint: undefined });

describe('a remote build', () => {
  it('sends the context as Docker would get it, and the buildx arguments of a local build', async () => {
    const { image } = project();
    s3Mock.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    codeBuildMock.on(StartBuildCommand).resolves({ build: { id: 'shop-images:1' } });
    codeBuildMock
      .on(BatchGetBuildsCommand)
      .resolvesOnce({ builds: [{ id: 'shop-images:1', currentPhase: 'BUILD', buildStatus: 'IN_PROGRESS' }] })
      .resolves({ builds: [{ id: 'shop-images:1', currentPhase: 'COMPLETED', buildStatus: 'SUCCEEDED' }] });
    const { io, messages } = recorder();
    const uri = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:${image.tag}`;

    await buildRemotely({ region: 'us-east-1' }, 'shop', image, uri, '123456789012.dkr.ecr.us-east-1.amazonaws.com', location(), io, 0);

    const put = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.Key).toBe(`compose-x/shop/builds/${image.tag}.zip`);
    const files = unzipSync(put?.Body as Uint8Array);
    expect(Object.keys(files).sort()).toEqual(['.compose-x/contexts/assets/logo.svg', '.dockerignore', 'Dockerfile', 'index.html', 'run.sh']);
    const start = codeBuildMock.commandCalls(StartBuildCommand)[0]?.args[0].input;
    expect(start).toMatchObject({ projectName: 'shop-images', sourceTypeOverride: 'S3', sourceLocationOverride: `compose-x-123456789012-us-east-1/compose-x/shop/builds/${image.tag}.zip` });
    const variables = Object.fromEntries((start?.environmentVariablesOverride ?? []).map((v) => [v.name, v.value]));
    expect(variables['COMPOSE_X_REGISTRY']).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(Buffer.from(variables['COMPOSE_X_BUILDX_ARGS'] ?? '', 'base64').toString().split('\n')).toEqual([
      'buildx', 'build', '--progress', 'plain', '--platform', 'linux/amd64', '--file', 'Dockerfile',
      '--build-arg', 'NODE_ENV=production', '--build-context', 'assets=.compose-x/contexts/assets', '--tag', uri, '--push', '.',
    ]);
    expect(messages).toContainEqual({ kind: 'build-output', service: 'web', line: 'CodeBuild shop-images:1: BUILD' });
  });

  it('is the same archive for the same sources, so it is not uploaded twice', async () => {
    const { image } = project();
    s3Mock.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    codeBuildMock.on(StartBuildCommand).resolves({ build: { id: 'b' } }).on(BatchGetBuildsCommand).resolves({ builds: [{ buildStatus: 'SUCCEEDED' }] });
    await buildRemotely({}, 'shop', image, 'uri', 'registry', location(), recorder().io);
    await buildRemotely({}, 'shop', image, 'uri', 'registry', location(), recorder().io);
    const [first, second] = s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input.ChecksumSHA256);
    expect(first).toBe(second);
  });

  it('that fails says in which phase and where its logs are', async () => {
    const { image } = project();
    s3Mock.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    codeBuildMock.on(StartBuildCommand).resolves({ build: { id: 'b' } }).on(BatchGetBuildsCommand).resolves({
      builds: [{ currentPhase: 'BUILD', buildStatus: 'FAILED', logs: { deepLink: 'https://console.aws.amazon.com/cloudwatch/home#logEvent:group=/compose-x/shop/image-builds' } }],
    });
    await expect(buildRemotely({}, 'shop', image, 'uri', 'registry', location(), recorder().io)).rejects.toThrow(
      'the image of web did not build in AWS CodeBuild (FAILED in BUILD). Its logs: https://console.aws.amazon.com/cloudwatch/home#logEvent:group=/compose-x/shop/image-builds.',
    );
  });

  it('refuses the build secrets and SSH agents that stay on this machine', async () => {
    const { image } = project();
    const withSecret = { ...image, secrets: [{ id: 'npmrc', file: '/home/me/.npmrc' }] };
    await expect(buildRemotely({}, 'shop', withSecret, 'uri', 'registry', location(), recorder().io)).rejects.toThrow(/uses the build secret npmrc, which cannot be sent to AWS CodeBuild\. Build it with Docker on this machine/);
    expect(codeBuildMock.commandCalls(StartBuildCommand)).toHaveLength(0);
  });
});
