/** The value check of volumes: what each type of mount becomes on Fargate. */
import type { TreePath } from '../../parser/diagnostics.js';
import type { Project, ServiceVolume } from '../../parser/model.js';
import { finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

const BIND_MOUNT_HINT = 'Fargate has no host: bake the files into the image, or use a named volume.';

/** The host path that a local volume binds (driver_opts o: bind), if it does. */
function boundDevice(project: Project, volume: ServiceVolume): string | undefined {
  if (volume.source === undefined) return undefined;
  const declared = project.volumes[volume.source];
  const options = declared?.driver_opts ?? {};
  const isLocal = declared?.driver === undefined || declared.driver === 'local';
  return isLocal && options.o?.split(',').includes('bind') ? options.device : undefined;
}

function namedVolumeFinding(volume: ServiceVolume, at: TreePath, project: Project): SupportFinding {
  const device = boundDevice(project, volume);
  if (device !== undefined) {
    return finding('error', 'E_BIND_MOUNT', at, `the volume "${volume.source}" binds the host path ${device}.`, BIND_MOUNT_HINT);
  }
  const what = volume.source === undefined ? `the anonymous volume at ${volume.target}` : `the volume "${volume.source}"`;
  return finding(
    'warning',
    'W_NAMED_VOLUME_EPHEMERAL',
    at,
    `${what} becomes task ephemeral storage, whose data is lost when the task stops.`,
    'Keep data that must survive in a managed service (e.g. Amazon RDS, Amazon S3).',
  );
}

type VolumeRule = (volume: ServiceVolume, at: TreePath, project: Project) => SupportFinding;

function unsupportedMount(what: string, hint: string): VolumeRule {
  return (volume, at) =>
    finding('error', 'E_UNSUPPORTED_VOLUME', at, `Fargate cannot mount ${what} at ${volume.target}.`, hint);
}

const VOLUME_RULES: Readonly<Record<ServiceVolume['type'], VolumeRule>> = {
  volume: namedVolumeFinding,
  bind: (volume, at) =>
    finding('error', 'E_BIND_MOUNT', at, `Fargate has no host, so ${volume.source ?? 'the host path'} cannot be mounted.`, BIND_MOUNT_HINT),
  tmpfs: (volume, at) =>
    finding(
      'error',
      'E_TMPFS_VOLUME',
      at,
      `Fargate does not support tmpfs (at ${volume.target}).`,
      'Remove the mount: write temporary files to the container filesystem, or to a named volume when read_only is true.',
    ),
  npipe: unsupportedMount('a named pipe of the host', BIND_MOUNT_HINT),
  cluster: unsupportedMount('a cluster volume', 'Keep the data in a managed service (e.g. Amazon RDS, Amazon S3).'),
  image: unsupportedMount('the content of an image', 'Copy the files into the image of the service (COPY --from in its Dockerfile).'),
};

export function checkVolumes({ service, at, project }: Scope): SupportFinding[] {
  return service.volumes.map((volume, i) => VOLUME_RULES[volume.type](volume, [...at, 'volumes', i], project));
}
