/**
 * The directories the files of a service are placed in. An ECS mount point is a directory, so
 * a file bound at /etc/nginx/nginx.conf is placed in a task volume mounted at /etc/nginx, which
 * starts as a copy of the image's own /etc/nginx (mime.types stays); a directory bound as a
 * whole is its own root, without the image's content, as a bind mount hides it. Nested roots
 * merge into the outermost one, and mounts that would land on each other are refused.
 */
import path from 'node:path';
import { formatPath } from '../../parser/diagnostics.js';
import { finding, type SupportFinding } from '../finding.js';
import type { FilesRoot, TravellingMount, VolumeMount } from './types.js';

/** Whether `inner` is `outer` or below it (container paths). */
export function within(inner: string, outer: string): boolean {
  return inner === outer || outer === '/' || inner.startsWith(`${outer}/`);
}

/** The directory a mount needs: a file's directory, or the directory itself. */
function rootOf(mount: TravellingMount): string {
  return mount.kind === 'file' ? path.posix.dirname(mount.target) : mount.target;
}

/** The outermost directories of the mounts, in path order. */
export function fileRoots(mounts: readonly TravellingMount[]): FilesRoot[] {
  const candidates = [...new Set(mounts.map(rootOf))].sort();
  const outermost: string[] = [];
  for (const candidate of candidates) {
    if (!outermost.some((root) => within(candidate, root))) outermost.push(candidate);
  }
  return outermost.map((root) => {
    const inside = mounts.filter((m) => within(rootOf(m), root));
    const directories = inside.filter((m) => m.kind === 'directory').sort((a, b) => a.target.length - b.target.length || (a.target < b.target ? -1 : 1));
    const single = inside.filter((m) => m.kind === 'file').sort((a, b) => (a.target < b.target ? -1 : 1));
    return {
      path: root,
      fromImage: !directories.some((d) => d.target === root),
      replaced: directories.filter((d) => d.target !== root).map((d) => d.target),
      files: [...new Map([...directories, ...single].flatMap((m) => m.files).map((f) => [f.path, f])).values()],
      readOnly: inside.every((m) => m.readOnly),
    };
  });
}

function conflict(at: TravellingMount['at'], message: string): SupportFinding {
  return finding('error', 'E_MOUNT_CONFLICT', at, message, 'Mount each path once, and files outside the volumes a service mounts.');
}

/**
 * Mounts of a service that land on each other: two mounts at one path, and files whose
 * directory would be inside a volume (the task volume of the files would hide the volume, or
 * the other way round). A volume mounted below a directory of files is fine: it is mounted over it.
 */
export function mountConflicts(travelling: readonly TravellingMount[], volumes: readonly VolumeMount[]): SupportFinding[] {
  const found: SupportFinding[] = [];
  const targets = new Map<string, string>();
  for (const mount of [...volumes, ...travelling]) {
    const earlier = targets.get(mount.target);
    if (earlier !== undefined) found.push(conflict(mount.at, `${mount.target} is mounted twice (first at ${earlier}).`));
    else targets.set(mount.target, formatPath(mount.at));
  }
  for (const mount of travelling) {
    const volume = volumes.find((v) => within(rootOf(mount), v.target) && v.target !== mount.target);
    if (volume) found.push(conflict(mount.at, `${mount.target} would be placed inside the volume mounted at ${volume.target}, which ECS cannot do.`));
  }
  return found;
}
