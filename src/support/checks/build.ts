/**
 * The value check of build: compose-x builds the image and pushes it to an Amazon ECR
 * repository of the project (src/render/images/), from a local context only (a URL cannot be
 * hashed into a stable tag); the build settings that `docker buildx build` takes are passed
 * on, the others are said.
 */
import type { Build } from '../../parser/model.js';
import { finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

/** The keys of a build that reach `docker buildx build` (or decide what is built). */
const CARRIED: ReadonlySet<string> = new Set([
  'context',
  'dockerfile',
  'dockerfile_inline',
  'args',
  'target',
  'platforms',
  'secrets',
  'ssh',
  'additional_contexts',
  'cache_from',
  'cache_to',
  'labels',
  'network',
  'no_cache',
  'pull',
  'extra_hosts',
  'shm_size',
  'ulimits',
  'provenance',
  'sbom',
]);

const isLocal = (context: string): boolean => context.startsWith('/');

export function checkBuild({ project, service, at }: Scope): SupportFinding[] {
  const build = service.build as Build;
  const path = [...at, 'build'];
  if (!isLocal(build.context)) {
    return [
      finding(
        'error',
        'E_BUILD_REMOTE_CONTEXT',
        path,
        `the build context ${build.context} is not a directory of this machine, so compose-x cannot hash it into a stable image tag.`,
        'Clone or copy the sources next to the compose file and point build.context at that directory.',
      ),
    ];
  }
  const ignored = Object.keys(build).filter((key) => !CARRIED.has(key)).sort();
  const findings = ignored.map((key) =>
    finding('warning', 'W_BUILD_KEY_IGNORED', [...path, key], `build.${key} is not passed to the image build of ECS.`, 'Remove it, or build and push the image yourself and set image: to it.'),
  );
  if (service.image !== undefined) {
    findings.push(
      finding(
        'warning',
        'W_BUILD_IMAGE_NAME',
        [...at, 'image'],
        `image: ${service.image} names the image docker compose builds; on ECS compose-x pushes the build to an Amazon ECR repository of the project ${project.name} in the deploying account, and runs it from there.`,
        'Leave image: out to say so, or remove build: to run the image as it is in its registry.',
      ),
    );
  }
  return findings;
}
