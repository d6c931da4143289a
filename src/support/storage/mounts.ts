/**
 * What one mount of a service becomes on Fargate: files of the project that travel (a bind of
 * a file, or a read-only bind of a directory), data on Amazon EFS (a named volume, or a
 * writable bind of a directory), task storage (tmpfs, an anonymous volume, a volume of the
 * local driver with `type: tmpfs`), or an error for what cannot be mounted at all.
 */
import path from 'node:path';
import type { TreePath } from '../../parser/diagnostics.js';
import type { Project, Service, ServiceVolume } from '../../parser/model.js';
import { finding, type SupportFinding } from '../finding.js';
import { displayPath, hostPathKind, isEngineSocket, readProjectFiles, type Refusal } from './bind-source.js';
import { externalVolumeRef } from './external-volumes.js';
import type { DataMount, DataSource, EphemeralMount, TravellingMount } from './types.js';

/** What a mount became, with the data source of a data mount. */
export type Placement =
  | { kind: 'travelling'; mount: TravellingMount }
  | { kind: 'data'; mount: DataMount; source: DataSource }
  | { kind: 'ephemeral'; mount: EphemeralMount }
  | { kind: 'refused' };

/** What the mounts of one service share: the project, and the bytes its files may still take. */
export interface MountScope {
  project: Project;
  service: Service;
  budget: { left: number };
}

export interface Classified {
  placement: Placement;
  findings: SupportFinding[];
}

const refused = (findings: SupportFinding[]): Classified => ({ placement: { kind: 'refused' }, findings });

function refusal(at: TreePath, r: Refusal): Classified {
  return refused([finding('error', r.code, at, r.message, r.hint)]);
}

/** The warning of storage that is lost with the task. */
function ephemeralWarning(at: TreePath, what: string, hint: string): SupportFinding {
  return finding('warning', 'W_NAMED_VOLUME_EPHEMERAL', at, `${what} becomes task ephemeral storage, whose data is lost when the task stops.`, hint);
}

/** The warning of a tmpfs, under `tmpfs:` or `volumes: type: tmpfs`. */
export function tmpfsWarning(at: TreePath, target: string): SupportFinding {
  return finding(
    'warning',
    'W_TMPFS_EPHEMERAL',
    at,
    `Fargate has no tmpfs: ${target} becomes a directory of the task's ephemeral storage (on disk, not in memory), emptied when the task stops.`,
    'Keep only temporary files there; the tmpfs size and mode are not applied.',
  );
}

/** The host path a local volume binds (driver_opts o: bind), if it does. */
function boundDevice(project: Project, name: string): string | undefined {
  const declared = project.volumes[name];
  const options = declared?.driver_opts ?? {};
  const isLocal = declared?.driver === undefined || declared.driver === 'local';
  return isLocal && options.o?.split(',').includes('bind') ? options.device : undefined;
}

function isLocalTmpfs(project: Project, name: string): boolean {
  const declared = project.volumes[name];
  return (declared?.driver === undefined || declared.driver === 'local') && declared?.driver_opts?.['type'] === 'tmpfs';
}

function ephemeral(at: TreePath, volume: ServiceVolume, origin: string, warning: SupportFinding): Classified {
  return { placement: { kind: 'ephemeral', mount: { at, target: volume.target, readOnly: volume.read_only === true, origin } }, findings: [warning] };
}

function namedVolume(scope: MountScope, volume: ServiceVolume, at: TreePath): Classified {
  const name = volume.source;
  if (name === undefined) {
    return ephemeral(at, volume, 'anonymous', ephemeralWarning(at, `the anonymous volume at ${volume.target}`, 'Name the volume (e.g. data:/path, with data: under the top-level volumes:) to keep its data on Amazon EFS.'));
  }
  const device = boundDevice(scope.project, name);
  if (device !== undefined) return bindMount(scope, { ...volume, source: device }, at, { kind: 'volume', name });
  if (isLocalTmpfs(scope.project, name)) {
    return ephemeral(at, volume, name, ephemeralWarning(at, `the volume "${name}"`, 'Remove its driver_opts type: tmpfs to keep its data on Amazon EFS.'));
  }
  if (volume.volume?.subpath !== undefined) {
    return refused([
      finding('error', 'E_VOLUME_SUBPATH', [...at, 'volume', 'subpath'], `compose-x mounts a volume as a whole; the subpath ${volume.volume.subpath} of "${name}" is not supported.`, 'Mount the whole volume, or declare a volume of its own for that directory.'),
    ]);
  }
  const declared = scope.project.volumes[name];
  if (declared?.external === true && externalVolumeRef(declared.name) === undefined) {
    return refused([
      finding(
        'error',
        'E_EXTERNAL_VOLUME',
        at,
        `the external volume "${name}" is named ${declared.name}, not by an Amazon EFS file system ID.`,
        'Name the existing file system (name: fs-0123456789abcdef0, or name: fs-0123456789abcdef0/fsap-0123456789abcdef0 for one of its access points), or remove external: true and compose-x creates the volume.',
      ),
    ]);
  }
  const ignored = [declared?.driver && declared.driver !== 'local' ? `its driver ${declared.driver}` : '', Object.keys(declared?.driver_opts ?? {}).length > 0 ? 'its driver_opts' : ''].filter(
    (s) => s !== '',
  );
  const findings =
    ignored.length === 0 || declared?.external === true
      ? []
      : [
          finding(
            'warning',
            'W_VOLUME_DRIVER_IGNORED',
            at,
            `the volume "${name}" is kept on Amazon EFS; ${ignored.join(' and ')} ${ignored.length === 1 ? 'is' : 'are'} ignored.`,
            'Remove them, or use driver_opts type: tmpfs for storage that is lost with the task.',
          ),
        ];
  return { placement: { kind: 'data', mount: { at, target: volume.target, readOnly: volume.read_only === true, volume: name }, source: { kind: 'volume', name } }, findings };
}

/** A writable bind of a host directory: data on Amazon EFS, which starts empty. */
function bindData(scope: MountScope, volume: ServiceVolume & { source: string }, at: TreePath, data: DataSource): Classified {
  const shown = displayPath(volume.source, scope.project.working_dir);
  const key = data.kind === 'volume' ? data.name : shown;
  return {
    placement: { kind: 'data', mount: { at, target: volume.target, readOnly: false, volume: key }, source: data },
    findings: [
      finding(
        'warning',
        'W_BIND_DATA',
        at,
        `the host directory ${shown} becomes an Amazon EFS volume, kept across deployments; what it holds now is not copied, so the volume starts empty.`,
        'Copy existing data into the volume after the first deployment (e.g. with a one-off task), or mount the directory read-only (:ro) if the container only reads it: its files then travel with the deployment.',
      ),
    ],
  };
}

/** A bind of a host path (or a local volume binding one). */
function bindMount(scope: MountScope, volume: ServiceVolume & { source: string }, at: TreePath, data: DataSource): Classified {
  const { project, service } = scope;
  const source = volume.source;
  const readOnly = volume.read_only === true;
  if (isEngineSocket(source)) {
    return refused([
      finding('error', 'E_DOCKER_SOCKET', at, `Fargate has no container engine, so ${source} cannot be mounted.`, 'Remove the mount; call the AWS APIs (Amazon ECS, Amazon ECR) with the task role instead.'),
    ]);
  }
  const kind = hostPathKind(source);
  if (kind === 'socket' || kind === 'named pipe' || kind === 'device') {
    return refusal(at, {
      code: 'E_BIND_NOT_FILE',
      message: `${displayPath(source, project.working_dir)} is a ${kind}, not a file or a directory, so it cannot be mounted on Fargate.`,
      hint: 'Mount only files and directories of the project.',
    });
  }
  if (kind === 'missing' && readOnly) {
    return refusal(at, {
      code: 'E_BIND_SOURCE_MISSING',
      message: `${displayPath(source, project.working_dir)} does not exist, so there is nothing to mount read-only at ${volume.target}.`,
      hint: 'Create the file or directory in the project, or correct the path.',
    });
  }
  if (kind === 'missing' || (kind === 'directory' && !readOnly)) return bindData(scope, volume, at, data);
  if (kind === 'file' && path.posix.dirname(volume.target) === '/') return atRoot(at, volume.target);
  if (kind === 'directory' && volume.target === '/') return atRoot(at, volume.target);
  const read = readProjectFiles(source, project.working_dir, scope.budget.left, service.name);
  if ('refusal' in read) return refusal(at, read.refusal);
  const shown = displayPath(source, project.working_dir);
  const files = read.files.map((f) => ({
    path: f.relative === '' ? volume.target : path.posix.join(volume.target, f.relative),
    source: f.relative === '' ? shown : `${shown}/${f.relative}`,
    content: f.content,
    mode: f.executable ? 0o755 : 0o644,
  }));
  scope.budget.left -= files.reduce((sum, f) => sum + f.content.length, 0);
  const mount: TravellingMount = { at, target: volume.target, kind: kind === 'file' ? 'file' : 'directory', files, readOnly };
  const findings =
    kind === 'file' && !readOnly
      ? [
          finding(
            'warning',
            'W_BIND_FILE_WRITABLE',
            at,
            `${shown} travels with the deployment as a copy: what the container writes to ${volume.target} is lost when the task stops, and never reaches the project.`,
            'Mount it read-only (:ro) if the container only reads it; keep a file the app writes on a named volume.',
          ),
        ]
      : [];
  return { placement: { kind: 'travelling', mount }, findings };
}

/** A file (or a directory) the deployment cannot place at the root of the container. */
export function atRoot(at: TreePath, target: string): Classified {
  return refused([
    finding(
      'error',
      'E_FILE_AT_ROOT',
      at,
      `an ECS mount point is a directory, and ${target} would need one at /, which would hide the whole image.`,
      'Place the file in a directory (e.g. target: /etc/app/app.conf) and point the app there.',
    ),
  ]);
}

/** What one `volumes:` entry of a service becomes. */
export function classifyMount(scope: MountScope, volume: ServiceVolume, at: TreePath): Classified {
  switch (volume.type) {
    case 'volume':
      return namedVolume(scope, volume, at);
    case 'bind':
      if (volume.source === undefined) {
        return refusal(at, { code: 'E_BIND_SOURCE_MISSING', message: `the bind mount at ${volume.target} has no source.`, hint: 'Give the host path to mount as source:.' });
      }
      return bindMount(scope, { ...volume, source: volume.source }, at, { kind: 'bind', path: volume.source });
    case 'tmpfs':
      return ephemeral(at, volume, 'tmpfs', tmpfsWarning(at, volume.target));
    case 'npipe':
      return unsupported(at, volume, 'a named pipe of the host', 'Fargate has no host: bake the files into the image, or use a named volume.');
    case 'cluster':
      return unsupported(at, volume, 'a cluster volume', 'Use a named volume: compose-x keeps its data on Amazon EFS.');
    case 'image':
      return unsupported(at, volume, 'the content of an image', 'Copy the files into the image of the service (COPY --from in its Dockerfile).');
  }
}

function unsupported(at: TreePath, volume: ServiceVolume, what: string, hint: string): Classified {
  return refused([finding('error', 'E_UNSUPPORTED_VOLUME', at, `Fargate cannot mount ${what} at ${volume.target}.`, hint)]);
}
