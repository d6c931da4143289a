/**
 * Building in AWS (`up --build remote`), for a runner without Docker: the sources Docker would
 * be sent are zipped (deterministically: the same sources give the same archive), put in the
 * deployment bucket under `compose-x/<project>/builds/<tag>.zip`, and built by the images
 * stack's CodeBuild project with the same `docker buildx build` arguments as a local build.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { BatchGetBuildsCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { zipSync, type Zippable } from 'fflate';
import { buildSources, type ContextEntry } from '../../parser/build-context.js';
import { ComposeXError } from '../../parser/diagnostics.js';
import { BUILDER_ARGS, BUILDER_REGISTRY } from '../../render/images/buildspec.js';
import type { ImageBuild } from '../../render/images/builds.js';
import { codeBuild } from '../clients.js';
import { putContent, type BucketLocation } from '../stack/s3-upload.js';
import type { AwsTarget, DeployIo } from '../types.js';
import { buildxArguments, REMOTE_CONTEXTS, REMOTE_DOCKERFILE } from './buildx-args.js';

/** The largest archive sent to CodeBuild (what the ignore files leave of a context should be far less). */
export const MAX_REMOTE_CONTEXT_BYTES = 512 * 1024 * 1024;
/** A fixed modification time, so that the archive depends on the sources only. */
const EPOCH = new Date('2000-01-01T00:00:00Z');
const POLL_INTERVAL = 5000;
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED']);

function addEntries(zip: Zippable, prefix: string, entries: readonly ContextEntry[]): number {
  let bytes = 0;
  for (const entry of entries) {
    const content = entry.link !== undefined ? Buffer.from(entry.link) : readFileSync(entry.file);
    const mode = entry.link !== undefined ? 0o120777 : entry.executable ? 0o100755 : 0o100644;
    zip[`${prefix}${entry.path}`] = [content, { mtime: EPOCH, os: 3, attrs: mode << 16 }];
    bytes += content.length;
  }
  return bytes;
}

/** The archive of a remote build: the context at its root, the rest under `.compose-x/`. */
export function buildArchive(image: ImageBuild): Uint8Array {
  const { build } = image;
  const sources = buildSources(build);
  const zip: Zippable = {};
  let bytes = addEntries(zip, '', sources.entries);
  const dockerfile = build.dockerfile_inline !== undefined ? Buffer.from(build.dockerfile_inline) : sources.outsideDockerfile ? readFileSync(sources.outsideDockerfile) : undefined;
  if (dockerfile) zip[REMOTE_DOCKERFILE] = [dockerfile, { mtime: EPOCH, os: 3, attrs: 0o100644 << 16 }];
  for (const { name, entries } of sources.additional) bytes += addEntries(zip, `${REMOTE_CONTEXTS}/${name}/`, entries);
  if (bytes > MAX_REMOTE_CONTEXT_BYTES) {
    throw new ComposeXError(
      'E_REMOTE_BUILD',
      `the build context of ${image.service} is ${Math.round(bytes / 1024 / 1024)} MiB, over the ${MAX_REMOTE_CONTEXT_BYTES / 1024 / 1024} MiB a remote build takes. Leave what the image does not need out with a .dockerignore.`,
    );
  }
  return zipSync(zip, { level: 6 });
}

/**
 * Builds and pushes one image in AWS CodeBuild (the project `<project>-images`), and waits for
 * the build; a build that does not succeed is E_BUILD_FAILED with its phase and its logs.
 */
export async function buildRemotely(
  target: AwsTarget,
  project: string,
  image: ImageBuild,
  uri: string,
  registry: string,
  bucket: BucketLocation,
  io: DeployIo,
  pollInterval = POLL_INTERVAL,
): Promise<void> {
  const args = buildxArguments(image, uri, 'remote');
  const key = `compose-x/${project}/builds/${image.tag}.zip`;
  await putContent(bucket, key, buildArchive(image), 'application/zip');
  const client = codeBuild(target);
  const { build } = await client.send(
    new StartBuildCommand({
      projectName: `${project}-images`,
      sourceTypeOverride: 'S3',
      sourceLocationOverride: `${bucket.bucket}/${key}`,
      environmentVariablesOverride: [
        { name: BUILDER_REGISTRY, value: registry, type: 'PLAINTEXT' },
        { name: BUILDER_ARGS, value: Buffer.from(args.join('\n')).toString('base64'), type: 'PLAINTEXT' },
      ],
    }),
  );
  const id = build?.id;
  if (!id) throw new ComposeXError('E_BUILD_FAILED', `AWS CodeBuild did not start the build of ${image.service}.`);
  let phase = '';
  for (;;) {
    const current = (await client.send(new BatchGetBuildsCommand({ ids: [id] }))).builds?.[0];
    if (current?.currentPhase && current.currentPhase !== phase) {
      phase = current.currentPhase;
      io.emit({ kind: 'build-output', service: image.service, line: `CodeBuild ${id}: ${phase}` });
    }
    const status = current?.buildStatus ?? 'IN_PROGRESS';
    if (FINISHED.has(status)) {
      if (status === 'SUCCEEDED') return;
      throw new ComposeXError(
        'E_BUILD_FAILED',
        `the image of ${image.service} did not build in AWS CodeBuild (${status} in ${phase || 'an unknown phase'}). Its logs: ${current?.logs?.deepLink ?? `the log group /compose-x/${project}/image-builds`}.`,
      );
    }
    await sleep(pollInterval);
  }
}
