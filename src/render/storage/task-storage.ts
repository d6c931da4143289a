/**
 * The storage of one service's tasks: the task volumes (EFS for data, bind mounts of the task's
 * ephemeral storage for files and temporary storage), the app container's mount points, the
 * task role's statements (ClientMount, and ClientWrite where a mount is writable, on each file
 * system it mounts, through its access points only), and the NFS rule that admits the service
 * to the project's file system.
 */
import type { ServiceStorage } from '../../support/storage/plan.js';
import { GetAtt, SecurityGroupIngress, type MountPoint, type TaskVolume } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import type { RenderedVolume } from './access-points.js';
import { NFS_PORT, type RenderedFileSystem } from './file-system.js';
import type { PlacedRoot } from './init-container.js';

/** What the task definition and the ECS service of a service get from its storage. */
export interface TaskStorage {
  volumes: TaskVolume[];
  mountPoints: MountPoint[];
  /** The roots of files its init container fills. */
  files: PlacedRoot[];
  taskStatements: object[];
  /** What its ECS service waits for: the mount targets of the file system, and the rule that admits it. */
  dependsOn: string[];
}

/** What the storage of every service refers to: the data volumes by key, and the project's file system if any. */
export interface StoragePlacement {
  volumes: Record<string, RenderedVolume>;
  fileSystem?: RenderedFileSystem;
}

/** A task volume name (letters, digits, `-`, `_`) from a prefix and a container path or volume name. */
function volumeName(prefix: string, name: string, taken: Set<string>): string {
  const words = name.split(/[^A-Za-z0-9_]+/).filter((w) => w !== '');
  const base = [prefix, ...words].filter((w) => w !== '').join('-') || 'volume';
  let unique = base;
  for (let n = 2; taken.has(unique); n += 1) unique = `${base}-${n}`;
  taken.add(unique);
  return unique;
}

/** The task role's statements for `action` on each file system, restricted to the access points the mounts use. */
function efsStatements(action: 'ClientMount' | 'ClientWrite', volumes: readonly RenderedVolume[]): object[] {
  const systems = [...new Set(volumes.map((v) => v.fileSystem))];
  return systems.map((system, i) => {
    const on = volumes.filter((v) => v.fileSystem === system);
    const points = on.every((v) => v.accessPointArn !== undefined) ? [...new Set(on.map((v) => v.accessPointArn))] : [];
    return {
      Sid: `${action === 'ClientMount' ? 'MountVolumes' : 'WriteVolumes'}${i === 0 ? '' : i + 1}`,
      Effect: 'Allow',
      Action: `elasticfilesystem:${action}`,
      Resource: on[0]?.fileSystemArn,
      ...(points.length > 0 ? { Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': points.length === 1 ? points[0] : points } } } : {}),
    };
  });
}

export function renderTaskStorage(ctx: RenderContext, name: string, storage: ServiceStorage, placement: StoragePlacement): TaskStorage {
  const taken = new Set<string>();
  const volumes: TaskVolume[] = [];
  const mountPoints: MountPoint[] = [];
  const dataNames = new Map<string, string>();
  for (const mount of storage.data) {
    const rendered = placement.volumes[mount.volume];
    if (!rendered) continue;
    let volume = dataNames.get(mount.volume);
    if (volume === undefined) {
      volume = volumeName(mount.volume.startsWith('.') || mount.volume.startsWith('/') ? 'bind' : '', mount.volume, taken);
      dataNames.set(mount.volume, volume);
      volumes.push({
        Name: volume,
        EFSVolumeConfiguration: {
          FilesystemId: rendered.fileSystemId,
          TransitEncryption: 'ENABLED',
          AuthorizationConfig: { ...(rendered.accessPointId ? { AccessPointId: rendered.accessPointId } : {}), IAM: 'ENABLED' },
        },
      });
    }
    mountPoints.push({ SourceVolume: volume, ContainerPath: mount.target, ReadOnly: mount.readOnly });
  }
  const namedEphemeral = new Map<string, string>();
  for (const mount of storage.ephemeral) {
    const unnamed = mount.origin === 'tmpfs' || mount.origin === 'anonymous';
    let volume = unnamed ? undefined : namedEphemeral.get(mount.origin);
    if (volume === undefined) {
      volume = unnamed ? volumeName(mount.origin, mount.target, taken) : volumeName('', mount.origin, taken);
      if (!unnamed) namedEphemeral.set(mount.origin, volume);
      volumes.push({ Name: volume });
    }
    mountPoints.push({ SourceVolume: volume, ContainerPath: mount.target, ReadOnly: mount.readOnly });
  }
  const files = storage.roots.map((root) => ({ root, volume: volumeName('files', root.path, taken) }));
  for (const { root, volume } of files) {
    volumes.push({ Name: volume });
    mountPoints.push({ SourceVolume: volume, ContainerPath: root.path, ReadOnly: root.readOnly });
  }
  const mounted = [...dataNames.keys()].map((key) => placement.volumes[key]!);
  const written = [...new Set(storage.data.filter((m) => !m.readOnly).map((m) => m.volume))].map((key) => placement.volumes[key]!);
  const dependsOn: string[] = [];
  if (placement.fileSystem && mounted.some((v) => v.own)) {
    const id = ctx.serviceIds.of(name);
    const rule = ctx.template.add(
      `${id}FileSystemIngress`,
      new SecurityGroupIngress({
        GroupId: GetAtt(placement.fileSystem.securityGroup, 'GroupId'),
        IpProtocol: 'tcp',
        FromPort: NFS_PORT,
        ToPort: NFS_PORT,
        SourceSecurityGroupId: GetAtt(`${id}SecurityGroup`, 'GroupId'),
        Description: `NFS from ${name}`,
      }),
    );
    dependsOn.push(...placement.fileSystem.mountTargets, rule);
  }
  return {
    volumes: volumes.sort((a, b) => (String(a.Name) < String(b.Name) ? -1 : 1)),
    mountPoints: mountPoints.sort((a, b) => (String(a.ContainerPath) < String(b.ContainerPath) ? -1 : 1)),
    files,
    taskStatements: [...efsStatements('ClientMount', mounted), ...efsStatements('ClientWrite', written)],
    dependsOn,
  };
}
