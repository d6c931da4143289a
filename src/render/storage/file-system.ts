/**
 * The project's Amazon EFS file system: encrypted at rest, backed up by AWS Backup, kept when
 * the stack is deleted or the resource replaced (DeletionPolicy and UpdateReplacePolicy
 * Retain: `down` lists it among the resources it kept), reachable only over TLS and only by
 * the clients IAM allows (its policy lets no one in by itself), through a mount target in
 * each subnet of the tasks, whose security group admits NFS from the services that mount it.
 */
import { GetAtt, FileSystem, MountTarget, Ref, SecurityGroup, type Value } from '../template/cfn.js';
import type { NetworkPlacement, RenderContext } from '../context.js';

/** The file system as the services use it. */
export interface RenderedFileSystem {
  id: Value<string>;
  arn: Value<string>;
  /** The logical ID of the security group of its mount targets. */
  securityGroup: string;
  /** The logical IDs of its mount targets, which the services wait for. */
  mountTargets: string[];
}

/** Without it, EFS's default policy lets any client that reaches a mount target in; with it, only TLS clients that IAM allows. */
const FILE_SYSTEM_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyWithoutTls',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};

/** The NFS port of the mount targets. */
export const NFS_PORT = 2049;

export function renderFileSystem(ctx: RenderContext, network: NetworkPlacement): RenderedFileSystem {
  const t = ctx.template;
  const project = ctx.project.name;
  const fileSystem = new FileSystem({
    Encrypted: true,
    BackupPolicy: { Status: 'ENABLED' },
    FileSystemPolicy: FILE_SYSTEM_POLICY,
    FileSystemTags: [
      { Key: 'Name', Value: `${project}-data` },
      { Key: 'compose-x:project', Value: project },
    ],
  });
  t.add('FileSystem', Object.assign(fileSystem, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }));
  t.add(
    'FileSystemSecurityGroup',
    new SecurityGroup({ GroupDescription: `NFS of the file system of ${project}, from the services that mount it`, VpcId: network.vpcId }),
  );
  const mountTargets = network.eachSubnet.map(({ id, subnet }) =>
    t.add(
      `FileSystemMountTarget${id.replace(/^PublicSubnet/, 'Subnet')}`,
      new MountTarget({ FileSystemId: Ref('FileSystem'), SubnetId: subnet, SecurityGroups: [GetAtt('FileSystemSecurityGroup', 'GroupId')] }),
    ),
  );
  t.output('FileSystemId', { Description: `The Amazon EFS file system of ${project}'s volumes (kept when the stack is deleted).`, Value: Ref('FileSystem') });
  return { id: Ref('FileSystem'), arn: GetAtt('FileSystem', 'Arn'), securityGroup: 'FileSystemSecurityGroup', mountTargets };
}
