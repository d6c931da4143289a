/**
 * The init container that puts a service's files in place runs the service's own image with
 * `sh -c` (so that it can copy the image's own directory first): the image needs a shell and
 * sh, cp, mkdir, rm, chmod and base64 (busybox or coreutils). Images known to have no shell are
 * refused; for any other, the render warns that it relies on one.
 */
import type { TreePath } from '../../parser/diagnostics.js';
import { finding, type SupportFinding } from '../finding.js';

/** The repository and tag of an image reference (`latest` when it has none). */
function repositoryAndTag(image: string): { repository: string; tag: string } {
  const name = image.split('@')[0] ?? image;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? { repository: name.slice(0, colon), tag: name.slice(colon + 1) } : { repository: name, tag: 'latest' };
}

/** Images without a shell: scratch, distroless (but its :debug tags), Chainguard (but its -dev tags), Ubuntu chiseled. */
function hasNoShell(image: string): boolean {
  const { repository, tag } = repositoryAndTag(image);
  if (repository === 'scratch') return true;
  if (/(^|\/)distroless\//.test(repository)) return !tag.includes('debug');
  if (repository.startsWith('cgr.dev/chainguard/')) return !tag.includes('-dev');
  return tag.includes('chiseled');
}

/** The finding about the image that the init container of `service`'s files runs, at its first mount of files. */
export function initImageFinding(service: string, image: string | undefined, at: TreePath): SupportFinding[] {
  if (image === undefined) return [];
  if (hasNoShell(image)) {
    return [
      finding(
        'error',
        'E_FILES_NO_SHELL',
        at,
        `the image ${image} has no shell, so the init container that puts the files of "${service}" in place (it runs the service's image with sh -c) cannot run.`,
        'Bake the files into the image (COPY in its Dockerfile), or use a variant of the image with a shell (its debug or -dev tag).',
      ),
    ];
  }
  return [
    finding(
      'warning',
      'W_FILES_INIT_IMAGE',
      at,
      `the files of "${service}" are put in place by an init container that runs ${image} with sh -c before the app starts: the image needs sh, cp, mkdir, rm, chmod and base64 (busybox or coreutils has them).`,
      'If the image has no shell, the init container fails and the task stops: bake the files into the image (COPY in its Dockerfile) instead.',
    ),
  ];
}
