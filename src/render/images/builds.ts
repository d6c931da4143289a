/**
 * The images compose-x builds: one per service with a local `build:`, pushed to an Amazon ECR
 * repository of the project (`<project>/<service>`) under a tag that is a hash of everything
 * the image is made from (the build context's digest, the Dockerfile, args, target, platform).
 * The same sources give the same tag, so `render` stays byte-stable and an unchanged context
 * is neither rebuilt nor redeployed; one changed file gives a new tag, so a new deployment.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Build, Project, ServiceFileRef } from '../../parser/model.js';

/** Docker's platform of an image when neither the service nor its build names one: Fargate's default, X86_64. */
export const DEFAULT_PLATFORM = 'linux/amd64';

/** One image to build and push. */
export interface ImageBuild {
  service: string;
  /** The ECR repository name, `<project>/<service>`. */
  repository: string;
  /** The content tag, 16 hex digits. */
  tag: string;
  /** The platform the service runs on (the first one built). */
  platform: string;
  build: Build;
  /** The build's secrets, with the top-level secret each names (its file or variable; never its value). */
  secrets: { id: string; file?: string; environment?: string }[];
}

/** `<project>/<service>` in the characters ECR takes (lower-case letters, digits, and single separators). */
export function repositoryName(project: string, service: string): string {
  const part = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${part(project)}/${part(service) || 'service'}`;
}

function sorted(record: Record<string, string> | undefined): [string, string][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The tag of an image: a hash of the context's digest and the settings that change what is built. */
export function imageTag(digest: string, build: Build, platform: string): string {
  const inputs = JSON.stringify([
    digest,
    build.dockerfile ?? null,
    build.dockerfile_inline ?? null,
    sorted(build.args),
    build.target ?? null,
    platform,
    build.platforms ?? null,
    sorted(build.additional_contexts),
  ]);
  return createHash('sha256').update(inputs).digest('hex').slice(0, 16);
}

function buildSecrets(project: Project, refs: ServiceFileRef[] | undefined): ImageBuild['secrets'] {
  return (refs ?? []).map((ref) => {
    const secret = project.secrets[ref.source];
    return {
      id: ref.target ?? ref.source,
      ...(secret?.file !== undefined ? { file: secret.file } : {}),
      ...(secret?.environment !== undefined ? { environment: secret.environment } : {}),
    };
  });
}

/**
 * The images to build, by service name order, from the services whose build context digests
 * are known. Two services whose names differ only in case or punctuation get `-2`, `-3`...
 */
export function planImageBuilds(project: Project, digests: Readonly<Record<string, string>>): ImageBuild[] {
  const taken = new Set<string>();
  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n += 1) candidate = `${name}-${n}`;
    taken.add(candidate);
    return candidate;
  };
  return Object.keys(digests)
    .sort()
    .flatMap((name) => {
      const service = project.services[name];
      const build = service?.build;
      const digest = digests[name];
      if (!service || !build || digest === undefined) return [];
      const platform = service.platform ?? build.platforms?.[0] ?? DEFAULT_PLATFORM;
      const repository = unique(repositoryName(project.name, name));
      return [{ service: name, repository, tag: imageTag(digest, build, platform), platform, build, secrets: buildSecrets(project, build.secrets) }];
    });
}

/** The file of the builds beside a render, so that `up --template-dir` builds what the render saw. */
export function buildsFileName(project: string): string {
  return `${project}.builds.json`;
}

/** A local path as the builds file keeps it: relative to the project directory, so that a render is the same on every machine. */
function relative(projectDir: string, file: string): string {
  return path.isAbsolute(file) ? path.relative(projectDir, file).split(path.sep).join('/') || '.' : file;
}

function absolute(projectDir: string, file: string): string {
  return /^[a-z][a-z0-9+.-]*:/.test(file) || path.isAbsolute(file) ? file : path.resolve(projectDir, file);
}

/** Maps every local path of the builds (contexts, additional contexts, secret files) through `to`. */
function withPaths(builds: readonly ImageBuild[], to: (file: string) => string): ImageBuild[] {
  return builds.map((b) => ({
    ...b,
    build: {
      ...b.build,
      context: to(b.build.context),
      ...(b.build.additional_contexts ? { additional_contexts: Object.fromEntries(Object.entries(b.build.additional_contexts).map(([k, v]) => [k, to(v)])) } : {}),
    },
    secrets: b.secrets.map((s) => (s.file === undefined ? s : { ...s, file: to(s.file) })),
  }));
}

/** The builds file: the builds with their paths relative to the project directory. */
export function buildsFile(builds: readonly ImageBuild[], projectDir: string): string {
  return `${JSON.stringify(withPaths(builds, (file) => relative(projectDir, file)), null, 2)}\n`;
}

/** The builds of a builds file, their paths made absolute from `projectDir`. */
export function readBuildsFile(text: string, projectDir: string): ImageBuild[] {
  return withPaths(JSON.parse(text) as ImageBuild[], (file) => absolute(projectDir, file));
}
