/**
 * One access point per data volume, in the project's file system: its own root directory
 * (`/volumes/<volume>`, `/bind-mounts/<directory>`), created owned by the volume's POSIX user,
 * who every file operation through it runs as. An external volume is an existing file system
 * (or one of its access points), given by its ID.
 */
import type { DataVolume } from '../../support/storage/plan.js';
import { AccessPoint, GetAtt, Ref, Sub, type Value } from '../template/cfn.js';
import { LogicalIds } from '../template/logical-ids.js';
import type { RenderContext } from '../context.js';
import type { RenderedFileSystem } from './file-system.js';

/** A data volume as task definitions mount it, and as the task role's statements name it. */
export interface RenderedVolume {
  fileSystemId: Value<string>;
  fileSystemArn: Value<string>;
  /** A key telling file systems apart (the logical ID of the project's, the ID of an existing one). */
  fileSystem: string;
  accessPointId?: Value<string>;
  accessPointArn?: Value<string>;
  /** Whether its file system is the project's, whose mount targets the services wait for and whose security group admits them. */
  own: boolean;
}

/** Permissions of an access point's root directory when EFS creates it: its user may write, others read. */
const ROOT_PERMISSIONS = '0755';

function efsArn(resource: string): Value<string> {
  return Sub(`arn:\${AWS::Partition}:elasticfilesystem:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
}

function externalVolume(external: NonNullable<DataVolume['external']>): RenderedVolume {
  return {
    fileSystemId: external.fileSystemId,
    fileSystemArn: efsArn(`file-system/${external.fileSystemId}`),
    fileSystem: external.fileSystemId,
    ...(external.accessPointId ? { accessPointId: external.accessPointId, accessPointArn: efsArn(`access-point/${external.accessPointId}`) } : {}),
    own: false,
  };
}

/** The access points of the data volumes (the project's file system is rendered when one needs it), by volume key. */
export function renderAccessPoints(ctx: RenderContext, volumes: readonly DataVolume[], fileSystem: () => RenderedFileSystem): Record<string, RenderedVolume> {
  const ids = new LogicalIds(volumes.map((v) => v.key));
  const rendered: Record<string, RenderedVolume> = {};
  for (const volume of volumes) {
    if (volume.external) {
      rendered[volume.key] = externalVolume(volume.external);
      continue;
    }
    const system = fileSystem();
    const id = ctx.template.add(
      `${ids.of(volume.key)}AccessPoint`,
      new AccessPoint({
        FileSystemId: system.id,
        PosixUser: { Uid: volume.user.uid, Gid: volume.user.gid },
        RootDirectory: {
          Path: volume.directory,
          CreationInfo: { OwnerUid: volume.user.uid, OwnerGid: volume.user.gid, Permissions: ROOT_PERMISSIONS },
        },
        AccessPointTags: [
          { Key: 'Name', Value: `${ctx.project.name}-${volume.key}` },
          { Key: 'compose-x:project', Value: ctx.project.name },
        ],
      }),
    );
    rendered[volume.key] = { fileSystemId: system.id, fileSystemArn: system.arn, fileSystem: 'FileSystem', accessPointId: Ref(id), accessPointArn: GetAtt(id, 'Arn'), own: true };
  }
  return rendered;
}
