/**
 * What the review shows of storage, read from the task definitions of the template: the files
 * that travel with the deployment (their metadata, written by the storage area of the render),
 * and the Amazon EFS volumes each service mounts.
 */
import sortBy from 'lodash/sortBy.js';
import { FILES_METADATA } from '../render/storage/init-container.js';

type Json = Record<string, unknown>;

/** A file of the project placed in a service's containers. */
export interface ReviewFile {
  service: string;
  path: string;
  source: string;
  bytes: number;
  sha256: string;
}

/** A mount of an Amazon EFS volume. */
export interface ReviewVolume {
  service: string;
  path: string;
  /** `FileSystem` (the project's, kept when the stack is deleted), or the ID of an existing file system. */
  fileSystem: string;
  /** The access point's root directory and user (`/volumes/db-data as 999:999`), an existing access point's ID, or `/`. */
  directory: string;
  readOnly: boolean;
}

const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The logical ID of a Ref, or the value itself when it is text (an existing resource's ID). */
function idOrRef(value: unknown): string {
  const ref = obj(value)['Ref'];
  return typeof ref === 'string' ? ref : typeof value === 'string' ? value : '';
}

/** The files of a service's task definition. */
export function filesOf(service: string, taskDefinition: Json): ReviewFile[] {
  const files = list(obj(obj(taskDefinition['Metadata'])[FILES_METADATA])['Files']).map(obj);
  return files.map((f) => ({ service, path: String(f['Path']), source: String(f['Source']), bytes: Number(f['Bytes']), sha256: String(f['Sha256']) }));
}

/** The EFS mounts of a service's container (`container`) in its task definition. */
export function volumesOf(service: string, taskDefinition: Json, container: Json, resources: Record<string, Json>): ReviewVolume[] {
  const volumes = list(obj(taskDefinition['Properties'])['Volumes']).map(obj);
  const mounts = list(container['MountPoints']).map(obj);
  const found = volumes.flatMap((volume) => {
    const efs = obj(volume['EFSVolumeConfiguration']);
    if (Object.keys(efs).length === 0) return [];
    const accessPoint = idOrRef(obj(efs['AuthorizationConfig'])['AccessPointId']);
    const point = obj(resources[accessPoint]?.['Properties']);
    const user = obj(point['PosixUser']);
    const directory = Object.keys(point).length > 0 ? `${String(obj(point['RootDirectory'])['Path'])} as ${String(user['Uid'])}:${String(user['Gid'])}` : accessPoint || '/';
    return mounts
      .filter((m) => m['SourceVolume'] === volume['Name'])
      .map((m) => ({ service, path: String(m['ContainerPath']), fileSystem: idOrRef(efs['FilesystemId']), directory, readOnly: m['ReadOnly'] === true }));
  });
  return sortBy(found, ['path']);
}
