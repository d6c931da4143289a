/**
 * The arguments of `docker buildx build` for one image, the same for a build on this machine
 * and one in AWS CodeBuild, apart from where the sources are: here, the paths of this machine;
 * remote, the layout of the uploaded archive (the context at its root, a Dockerfile from
 * outside the context or inline at `.compose-x/Dockerfile`, additional contexts under
 * `.compose-x/contexts/`).
 */
import path from 'node:path';
import { ComposeXError } from '../../parser/diagnostics.js';
import type { ImageBuild } from '../../render/images/builds.js';

/** Where the archive of a remote build keeps what is not the context itself. */
export const REMOTE_DOCKERFILE = '.compose-x/Dockerfile';
export const REMOTE_CONTEXTS = '.compose-x/contexts';

export type BuildSite = 'local' | 'remote';

function pairs(value: unknown, join: string): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (Array.isArray(v) ? v.map((one) => `${k}${join}${String(one)}`) : [`${k}${join}${String(v)}`]));
  }
  return [];
}

function ulimits(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).map(([name, limit]) => {
    if (typeof limit === 'number') return `${name}=${limit}:${limit}`;
    const { soft, hard } = (limit ?? {}) as { soft?: number; hard?: number };
    return `${name}=${soft ?? hard}:${hard ?? soft}`;
  });
}

/** The Dockerfile as the build reads it: a path, `-` (stdin) for an inline one here, or its place in the archive. */
export function dockerfileArgument(build: ImageBuild['build'], site: BuildSite): string {
  if (build.dockerfile_inline !== undefined) return site === 'local' ? '-' : REMOTE_DOCKERFILE;
  const file = path.resolve(build.context, build.dockerfile ?? 'Dockerfile');
  if (site === 'local') return file;
  const inside = path.relative(build.context, file);
  return inside.startsWith('..') ? REMOTE_DOCKERFILE : inside.split(path.sep).join('/');
}

/** Build secrets and SSH agents stay on the machine that has them: a remote build cannot take them. */
function refuseRemote(build: ImageBuild, what: string): never {
  throw new ComposeXError(
    'E_REMOTE_BUILD',
    `the build of ${build.service} uses ${what}, which cannot be sent to AWS CodeBuild. Build it with Docker on this machine (up --build local), or leave ${what} out.`,
  );
}

/** `docker buildx build ...` (without `docker`), tagging and pushing `image`. */
export function buildxArguments(image: ImageBuild, uri: string, site: BuildSite): string[] {
  const { build } = image;
  const args = ['buildx', 'build', '--progress', 'plain', '--platform', (build.platforms ?? [image.platform]).join(','), '--file', dockerfileArgument(build, site)];
  if (build.target !== undefined) args.push('--target', build.target);
  for (const [key, value] of Object.entries(build.args ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) args.push('--build-arg', `${key}=${value}`);
  for (const secret of image.secrets) {
    if (site === 'remote') refuseRemote(image, `the build secret ${secret.id}`);
    args.push('--secret', secret.file !== undefined ? `id=${secret.id},src=${secret.file}` : `id=${secret.id},env=${secret.environment ?? secret.id}`);
  }
  for (const [id, file] of Object.entries(build.ssh ?? {})) {
    if (site === 'remote') refuseRemote(image, `the SSH agent ${id}`);
    args.push('--ssh', file === '' ? id : `${id}=${file}`);
  }
  for (const [name, source] of Object.entries(build.additional_contexts ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const local = path.isAbsolute(source);
    args.push('--build-context', `${name}=${local && site === 'remote' ? `${REMOTE_CONTEXTS}/${name}` : source}`);
  }
  for (const from of build.cache_from ?? []) args.push('--cache-from', from);
  for (const to of build.cache_to ?? []) args.push('--cache-to', to);
  for (const [key, value] of Object.entries(build.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) args.push('--label', `${key}=${value}`);
  if (build.network !== undefined) args.push('--network', build.network);
  if (build.no_cache === true) args.push('--no-cache');
  if (build.pull === true) args.push('--pull');
  for (const host of pairs(build.extra_hosts, '=')) args.push('--add-host', host);
  if (build.shm_size !== undefined) args.push('--shm-size', String(build.shm_size));
  for (const limit of ulimits(build['ulimits'])) args.push('--ulimit', limit);
  if (build['provenance'] !== undefined) args.push(`--provenance=${String(build['provenance'])}`);
  if (build['sbom'] !== undefined) args.push(`--sbom=${String(build['sbom'])}`);
  args.push('--tag', uri, '--push', site === 'local' ? build.context : '.');
  return args;
}
