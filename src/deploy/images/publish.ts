/**
 * Publishing the images a project builds, before its stack is deployed: the images stack
 * (its ECR repositories, and the CodeBuild project of remote builds) is brought up to date,
 * then each image whose tag is not in its repository yet is built and pushed, on this
 * machine or in AWS. A tag already there is the same sources: nothing is rebuilt.
 */
import { DeleteStackCommand, paginateListStackResources, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { cloudFormation } from '../clients.js';
import { buildContextDigest } from '../../parser/build-context.js';
import { ComposeXError } from '../../parser/diagnostics.js';
import { imageTag, type ImageBuild } from '../../render/images/builds.js';
import { BUILD_BUCKET_PARAMETER, IMAGES_OF_TAG, imagesStackName } from '../../render/images/images-stack.js';
import { changeSetTypeFor, computeChangeSet, executeChangeSet } from '../stack/change-set.js';
import { deploymentBucket } from '../stack/s3-upload.js';
import { DELETE_COMPLETE, describeStack, isDeploySuccess, ROLLBACK_COMPLETE } from '../stack/stack-status.js';
import { latestEventId } from '../watch/events.js';
import { monitorStack, settledStack, waitForStack, type FollowOptions } from '../watch/monitor.js';
import { rootCause } from '../watch/root-cause.js';
import type { AwsTarget, DeployImages, DeployIo } from '../types.js';
import { buildLocally, checkLocalDocker, dockerLogin } from './local-build.js';
import { emptyRepository, imageExists, registryLogin } from './registry.js';
import { buildRemotely } from './remote-build.js';

/** Where images are built: with the local Docker, or in AWS CodeBuild. */
export type BuildMode = 'local' | 'remote';

export interface PublishOptions {
  target: AwsTarget;
  project: string;
  images: DeployImages;
  build: BuildMode;
  /** The deployment bucket (`--bucket`); remote builds put their sources there. */
  bucket?: string;
  follow: FollowOptions;
}

/** A build whose sources changed since it was rendered would deploy a tag the sources do not make. */
function checkTags(builds: readonly ImageBuild[]): void {
  for (const build of builds) {
    const now = imageTag(buildContextDigest(build.build), build.build, build.platform);
    if (now !== build.tag) {
      throw new ComposeXError(
        'E_BUILD_STALE',
        `the sources of ${build.service} changed since they were rendered (their tag is ${now} now, the render says ${build.tag}). Render again, or run up without --template-dir; run it from the project's directory.`,
      );
    }
  }
}

/** Brings the images stack up to date; a stack left in ROLLBACK_COMPLETE by a failed first create is replaced. */
async function deployImagesStack(cf: CloudFormationClient, project: string, images: DeployImages, parameters: Record<string, string>, follow: FollowOptions, io: DeployIo): Promise<void> {
  const { stackName } = images;
  const settled = await settledStack(cf, stackName, follow, io);
  if (settled.kind === 'interrupted') throw new ComposeXError('E_INTERRUPTED', `stopped waiting for ${stackName}; nothing was deployed.`);
  let { stack } = settled;
  if (stack?.status === ROLLBACK_COMPLETE) {
    await cf.send(new DeleteStackCommand({ StackName: stack.id }));
    const deleted = await waitForStack(cf, stack.id, follow, io);
    if (deleted.kind !== 'settled' || deleted.status !== DELETE_COMPLETE) throw new ComposeXError('E_IMAGES_STACK', `${stackName} could not be replaced (${deleted.status}).`);
    stack = undefined;
  }
  const templates = { stackName, body: images.body, parameters, tags: { [IMAGES_OF_TAG]: project } };
  const computed = await computeChangeSet(cf, { templates, source: { body: images.body }, type: changeSetTypeFor(stack) }, follow);
  if (computed.kind !== 'ready') {
    io.emit({ kind: 'images-stack', stackName, outcome: 'up-to-date' });
    return;
  }
  io.emit({ kind: 'images-stack', stackName, outcome: 'deploying' });
  const afterEventId = await latestEventId(cf, computed.changeSet.stackId);
  await executeChangeSet(cf, computed.changeSet);
  const total = computed.changes.filter((change) => change.nestedStack === undefined).length;
  const monitored = await monitorStack(cf, { stack: computed.changeSet.stackId, total, ...(afterEventId ? { afterEventId } : {}), ...follow }, io);
  if (monitored.kind === 'interrupted') throw new ComposeXError('E_INTERRUPTED', `stopped watching ${stackName} (${monitored.status}); the project's stack was not deployed.`);
  if (!isDeploySuccess(monitored.status)) {
    const cause = rootCause(monitored.events);
    throw new ComposeXError(
      'E_IMAGES_STACK',
      `${stackName} is ${monitored.status}, so the images could not be pushed${cause ? `: ${cause.logicalId} (${cause.type}) ${cause.status}: ${cause.reason}` : ''}.`,
    );
  }
}

/** Publishes the project's images: the images stack first, then every image not yet in its repository. */
export async function publishImages(cf: CloudFormationClient, options: PublishOptions, io: DeployIo): Promise<void> {
  const { target, images } = options;
  checkTags(images.builds);
  const bucket = await deploymentBucket(target, options.bucket);
  await deployImagesStack(cf, options.project, images, { [BUILD_BUCKET_PARAMETER]: bucket.bucket }, options.follow, io);
  const login = await registryLogin(target);
  const missing: [ImageBuild, string][] = [];
  for (const build of images.builds) {
    const uri = `${login.host}/${build.repository}:${build.tag}`;
    if (await imageExists(target, build.repository, build.tag)) io.emit({ kind: 'image', service: build.service, uri, outcome: 'present' });
    else missing.push([build, uri]);
  }
  if (missing.length === 0) return;
  if (options.build === 'local') {
    await checkLocalDocker();
    await dockerLogin(login);
  }
  for (const [build, uri] of missing) {
    io.emit({ kind: 'image', service: build.service, uri, outcome: 'building', site: options.build });
    if (options.build === 'local') await buildLocally(build, uri, io);
    else await buildRemotely(target, options.project, build, uri, login.host, bucket, io, options.follow.pollInterval);
    io.emit({ kind: 'image', service: build.service, uri, outcome: 'built', site: options.build });
  }
}

/**
 * Deletes the images stack of `project`, when there is one (a stack of that name that
 * compose-x made for the project: its tag says so), its repositories emptied first (their
 * EmptyOnDelete says the same; emptying them here does not depend on it).
 */
export async function deleteImagesStack(target: AwsTarget, project: string, follow: FollowOptions, io: DeployIo): Promise<void> {
  const cf = cloudFormation(target);
  const stackName = imagesStackName(project);
  const stack = await describeStack(cf, stackName);
  if (!stack || stack.tags[IMAGES_OF_TAG] !== project) return;
  for await (const page of paginateListStackResources({ client: cf }, { StackName: stack.id })) {
    for (const resource of page.StackResourceSummaries ?? []) {
      if (resource.ResourceType === 'AWS::ECR::Repository' && resource.PhysicalResourceId) await emptyRepository(target, resource.PhysicalResourceId);
    }
  }
  await cf.send(new DeleteStackCommand({ StackName: stack.id }));
  const deleted = await waitForStack(cf, stack.id, follow, io);
  if (deleted.kind === 'settled' && deleted.status !== DELETE_COMPLETE) {
    throw new ComposeXError('E_IMAGES_STACK', `${stackName} could not be deleted (${deleted.status}); delete it in the CloudFormation console.`);
  }
}
