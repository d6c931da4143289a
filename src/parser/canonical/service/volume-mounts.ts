/** A service's `volumes` entries in their long form, bind sources absolute and named volumes declared. */
import path from 'node:path';
import { fail, warn, within } from '../errors.js';
import type { CanonicalContext, Scope } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { hostPath } from '../host-paths.js';
import type { ServiceVolume } from '../../model.js';
import { conform, type Shape } from '../scalar-conversions.js';
import { parseVolumeShortSyntax } from '../../syntax/volumes.js';

const VOLUME_MOUNT_SHAPE: Shape = {
  read_only: 'bool',
  bind: { create_host_path: 'bool' },
  volume: { nocopy: 'bool', labels: 'map' },
  tmpfs: { size: 'bytes', mode: 'octal' },
};

export function volumeMountOf(entry: unknown, at: TreePath, scope: Scope): ServiceVolume {
  const mount =
    typeof entry === 'string'
      ? shortVolumeOf(entry, at, scope.context)
      : (conform(entry, at, VOLUME_MOUNT_SHAPE, scope.context) as ServiceVolume);
  const { type, source, target } = mount;
  const resolved: ServiceVolume = {
    ...mount,
    ...(type === 'bind' && source !== undefined ? { source: hostPath(source, at, scope.context) } : {}),
    ...(typeof target === 'string' && target !== '' ? { target: cleanPath(target) } : {}),
  };
  if (resolved.type === 'volume' && resolved.source && !scope.declared.volumes.has(resolved.source)) {
    fail(
      scope.context,
      'E_VOLUME_UNDECLARED',
      at,
      `service "${String(at[1])}" mounts the volume "${resolved.source}", which is not declared.`,
      `Add "${resolved.source}:" under the top-level volumes: key, ` +
        'or start the source with "./" or "/" for a bind mount.',
    );
  }
  return resolved;
}

function shortVolumeOf(spec: string, at: TreePath, context: CanonicalContext): ServiceVolume {
  const { volume, ignoredOptions } = within(context, at, () => parseVolumeShortSyntax(spec));
  for (const option of ignoredOptions) {
    const message = `the volume option "${option}" of "${spec}" is not known and is ignored.`;
    warn(context, 'W_VOLUME_OPTION_IGNORED', at, message);
  }
  return volume;
}

/** Go's path.Clean, for container paths: no `.`, `..`, double or trailing slashes. */
function cleanPath(target: string): string {
  const normalized = path.posix.normalize(target);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}
