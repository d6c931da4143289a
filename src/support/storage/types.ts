/**
 * What the mounts of a project become on Fargate: the files of the repository that travel with
 * the deployment (into a task volume an init container fills), the data kept on Amazon EFS, and
 * the task storage that is lost with the task. The support stage judges the mounts from this
 * plan; the storage area of the render (src/render/storage/) renders it.
 */
import type { TreePath } from '../../parser/diagnostics.js';

/** One file that travels with the deployment: its content and where it goes in the container. */
export interface TravellingFile {
  /** Absolute path in the container. */
  path: string;
  /** Where it comes from, as the review shows it: `./nginx.conf`, `config site (./site.conf)`, `config motd (content)`. */
  source: string;
  content: Buffer;
  /** Permission bits it gets (0o644, 0o755 for an executable, a config's mode). */
  mode: number;
  /** `uid:gid` it gets (a config's uid and gid); root's when absent. */
  owner?: string;
}

/** A bind mount or a config of a service whose files travel: one file at `target`, or a directory's files below it. */
export interface TravellingMount {
  /** Where it is written: ['services', s, 'volumes', i] or ['services', s, 'configs', i]. */
  at: TreePath;
  target: string;
  kind: 'file' | 'directory';
  files: TravellingFile[];
  readOnly: boolean;
}

/**
 * A directory of the container that holds files of the project: a task volume, filled by the
 * init container before the app starts, mounted at `path`. An ECS mount point is a directory,
 * so a single file is placed in a copy of the image's own directory (`fromImage`), which keeps
 * the image's other files there.
 */
export interface FilesRoot {
  path: string;
  /** Whether the image's own content of `path` is copied in first (false when a directory is bound at `path` as a whole). */
  fromImage: boolean;
  /** Directories below `path` that a directory bind replaces: emptied before its files are written. */
  replaced: string[];
  /** The files, in the order they are written (a directory's, then single files, so the more specific mount wins). */
  files: TravellingFile[];
  readOnly: boolean;
}

/** A mount of a volume at `target`. */
export interface VolumeMount {
  at: TreePath;
  target: string;
  readOnly: boolean;
}

/** A mount of data kept on Amazon EFS: `volume` is a key of StoragePlan.volumes. */
export interface DataMount extends VolumeMount {
  volume: string;
}

/** A directory of the task's ephemeral storage, lost when the task stops. */
export interface EphemeralMount extends VolumeMount {
  /** What it was in compose: the volume's key, or `tmpfs`, or `anonymous`. */
  origin: string;
}

/** The mounts of one service. */
export interface ServiceStorage {
  roots: FilesRoot[];
  data: DataMount[];
  ephemeral: EphemeralMount[];
}

/** What a data volume stands for in compose: a named volume, or a host directory bound writable. */
export type DataSource = { kind: 'volume'; name: string } | { kind: 'bind'; path: string };

/** A POSIX user and group, as EFS takes them (decimal text). */
export interface PosixUser {
  uid: string;
  gid: string;
}

/** Data kept on Amazon EFS: an access point of the project's file system, or an existing file system. */
export interface DataVolume {
  key: string;
  source: DataSource;
  /** `external: true`: an existing file system (and access point), which compose-x neither creates nor deletes. */
  external?: { fileSystemId: string; accessPointId?: string };
  /** The access point's root directory in the project's file system. */
  directory: string;
  /** The user of every file operation through the access point, and the owner of its root directory. */
  user: PosixUser;
}

/** The storage of a project: each service's mounts, and the data volumes they use, by key. */
export interface StoragePlan {
  services: Record<string, ServiceStorage>;
  volumes: Record<string, DataVolume>;
}
