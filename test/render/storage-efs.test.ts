import path from 'node:path';
import { ParseError } from '../../src/parser/diagnostics.js';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate, parseTemplate } from '../../src/render/spec-check/index.js';
import { LIMITS } from '../../src/render/split/limits.js';
import { renderFile, renderText } from '../helpers/render-project.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * Point 3 of issue 14: data that survives. A named volume (and a writable bind of a directory)
 * is an access point of the project's Amazon EFS file system, which the stack never deletes.
 */
const FIXTURES = path.resolve('test/fixtures/storage');

interface Declaration {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
type Resources = Record<string, Declaration>;
interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const resourcesOf = (result: { template: { toJSON(): Record<string, unknown> } }): Resources => result.template.toJSON()['Resources'] as Resources;
const ofType = (r: Resources, type: string): [string, Declaration][] => Object.entries(r).filter(([, d]) => d.Type === type);

function taskStatements(r: Resources, service: string): Statement[] {
  const policies = (r[`${service}TaskRole`]!.Properties['Policies'] as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? [];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

const fixture = renderFile(path.join(FIXTURES, 'nginx-golang-postgres', 'compose.yaml'));
const r = resourcesOf(fixture);

describe('the file system of a project with a named volume (postgres data)', () => {
  it('is encrypted, backed up, denies clients without TLS, and is kept when the stack is deleted or the resource replaced', () => {
    const fs = r['FileSystem']!;
    expect(fs.Type).toBe('AWS::EFS::FileSystem');
    expect(fs.DeletionPolicy).toBe('Retain');
    expect(fs.UpdateReplacePolicy).toBe('Retain');
    expect(fs.Properties).toMatchObject({
      Encrypted: true,
      BackupPolicy: { Status: 'ENABLED' },
      FileSystemPolicy: { Statement: [{ Effect: 'Deny', Action: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
    expect(ofType(r, 'AWS::EFS::FileSystem')).toHaveLength(1);
  });

  it('has a mount target in each subnet of the tasks, in its own security group', () => {
    expect(ofType(r, 'AWS::EFS::MountTarget').map(([id, d]) => [id, d.Properties['SubnetId'], d.Properties['SecurityGroups']])).toEqual([
      ['FileSystemMountTargetSubnet1', { Ref: 'PublicSubnet1' }, [{ 'Fn::GetAtt': ['FileSystemSecurityGroup', 'GroupId'] }]],
      ['FileSystemMountTargetSubnet2', { Ref: 'PublicSubnet2' }, [{ 'Fn::GetAtt': ['FileSystemSecurityGroup', 'GroupId'] }]],
    ]);
  });

  it('admits NFS only from the security group of the service that mounts it: no other service, no CIDR', () => {
    expect(r['FileSystemSecurityGroup']!.Properties['SecurityGroupIngress']).toBeUndefined();
    const rules = ofType(r, 'AWS::EC2::SecurityGroupIngress').filter(([, d]) => JSON.stringify(d.Properties['GroupId']).includes('FileSystemSecurityGroup'));
    expect(rules.map(([id, d]) => [id, d.Properties])).toEqual([
      [
        'DbFileSystemIngress',
        {
          GroupId: { 'Fn::GetAtt': ['FileSystemSecurityGroup', 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 2049,
          ToPort: 2049,
          SourceSecurityGroupId: { 'Fn::GetAtt': ['DbSecurityGroup', 'GroupId'] },
          Description: 'NFS from db',
        },
      ],
    ]);
    const everyRule = JSON.stringify(Object.values(r).map((d) => d.Properties));
    expect(everyRule).not.toMatch(/2049[^}]*CidrIp|CidrIp[^}]*2049/);
  });

  it('has one access point for the volume, with its own root directory and the default POSIX user for a named user:', () => {
    expect(ofType(r, 'AWS::EFS::AccessPoint').map(([id, d]) => [id, d.Properties['PosixUser'], d.Properties['RootDirectory']])).toEqual([
      ['DbDataAccessPoint', { Uid: '999', Gid: '999' }, { Path: '/volumes/db-data', CreationInfo: { OwnerUid: '999', OwnerGid: '999', Permissions: '0755' } }],
    ]);
    expect(fixture.warnings.find((w) => w.code === 'W_VOLUME_USER_NAME')?.path).toEqual(['services', 'db', 'volumes', 0]);
  });

  it('mounts it with transit encryption and IAM authorization through the access point', () => {
    const task = r['DbTaskDefinition']!.Properties;
    expect(task['Volumes']).toContainEqual({
      Name: 'db-data',
      EFSVolumeConfiguration: {
        FilesystemId: { Ref: 'FileSystem' },
        TransitEncryption: 'ENABLED',
        AuthorizationConfig: { AccessPointId: { Ref: 'DbDataAccessPoint' }, IAM: 'ENABLED' },
      },
    });
    const [app] = task['ContainerDefinitions'] as { MountPoints: unknown[] }[];
    expect(app!.MountPoints).toContainEqual({ SourceVolume: 'db-data', ContainerPath: '/var/lib/postgresql/data', ReadOnly: false });
  });

  it('lets only the task role of the service mount and write, on that file system, through its access point', () => {
    const through = { StringEquals: { 'elasticfilesystem:AccessPointArn': { 'Fn::GetAtt': ['DbDataAccessPoint', 'Arn'] } } };
    expect(taskStatements(r, 'Db')).toEqual([
      { Sid: 'MountVolumes', Effect: 'Allow', Action: 'elasticfilesystem:ClientMount', Resource: { 'Fn::GetAtt': ['FileSystem', 'Arn'] }, Condition: through },
      { Sid: 'WriteVolumes', Effect: 'Allow', Action: 'elasticfilesystem:ClientWrite', Resource: { 'Fn::GetAtt': ['FileSystem', 'Arn'] }, Condition: through },
    ]);
    expect(taskStatements(r, 'Proxy')).toEqual([]);
    expect(taskStatements(r, 'Backend')).toEqual([]);
  });

  it('starts the service after the mount targets and its NFS rule, on the default platform version (LATEST, 1.4.0)', () => {
    expect(r['DbService']!.DependsOn).toEqual(expect.arrayContaining(['FileSystemMountTargetSubnet1', 'FileSystemMountTargetSubnet2', 'DbFileSystemIngress']));
    expect(r['DbService']!.Properties['PlatformVersion']).toBeUndefined();
    expect(r['ProxyService']!.DependsOn ?? []).not.toContain('FileSystemMountTargetSubnet1');
  });

  it('outputs the file system ID', () => {
    expect(fixture.template.toJSON()['Outputs']).toMatchObject({ FileSystemId: { Value: { Ref: 'FileSystem' } } });
  });

  it('passes the offline CloudFormation specification check', async () => {
    expect(await checkTemplate(fixture.template.toJSON())).toEqual([]);
  });
});

describe('volumes in other shapes', () => {
  it('puts a mount target in each subnet of an existing VPC', async () => {
    const result = renderText(
      'x-vpc:\n  VpcId: vpc-0abc1234\n  Subnets: [subnet-1a2b3c4d, subnet-5e6f7a8b, subnet-9c0d1e2f]\nservices:\n  db:\n    image: postgres\n    volumes: [data:/var/lib/postgresql/data]\nvolumes:\n  data: {}\n',
    );
    const x = resourcesOf(result);
    expect(ofType(x, 'AWS::EFS::MountTarget').map(([id, d]) => [id, d.Properties['SubnetId']])).toEqual([
      ['FileSystemMountTargetSubnet1', { 'Fn::Select': [0, { Ref: 'SubnetIds' }] }],
      ['FileSystemMountTargetSubnet2', { 'Fn::Select': [1, { Ref: 'SubnetIds' }] }],
      ['FileSystemMountTargetSubnet3', { 'Fn::Select': [2, { Ref: 'SubnetIds' }] }],
    ]);
    expect(x['FileSystemSecurityGroup']!.Properties['VpcId']).toEqual({ Ref: 'VpcId' });
    expect(await checkTemplate(result.template.toJSON())).toEqual([]);
  });

  it('shares one access point between services, with the numeric user:, and lets a read-only mount only mount', () => {
    const x = resourcesOf(
      renderText('services:\n  app:\n    image: gitea/gitea\n    user: "1000:1000"\n    volumes: [shared:/data]\n  backup:\n    image: alpine\n    volumes: [shared:/backup:ro]\nvolumes:\n  shared: {}\n'),
    );
    expect(ofType(x, 'AWS::EFS::AccessPoint').map(([, d]) => d.Properties['PosixUser'])).toEqual([{ Uid: '1000', Gid: '1000' }]);
    expect(taskStatements(x, 'Backup').map((s) => s.Action)).toEqual(['elasticfilesystem:ClientMount']);
    expect(taskStatements(x, 'App').map((s) => s.Action)).toEqual(['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']);
    expect(ofType(x, 'AWS::EC2::SecurityGroupIngress').map(([id]) => id)).toEqual(['AppFileSystemIngress', 'BackupFileSystemIngress']);
  });

  it('keeps a writable bind of a directory on EFS, with a warning that its content is not copied', () => {
    const result = renderFile(path.join(FIXTURES, 'self-hosted', 'compose.yaml'));
    const x = resourcesOf(result);
    expect(ofType(x, 'AWS::EFS::AccessPoint').map(([id, d]) => [id, (d.Properties['RootDirectory'] as { Path: string }).Path, d.Properties['PosixUser']])).toEqual([
      ['DataAccessPoint', '/bind-mounts/data', { Uid: '1000', Gid: '1000' }],
    ]);
    expect(result.warnings.find((w) => w.code === 'W_BIND_DATA')?.message).toMatch(/^the host directory \.\/data becomes an Amazon EFS volume, kept across deployments; what it holds now is not copied/);
  });

  it('keeps a volume of the local driver with type: tmpfs as task storage, by choice, with the ephemeral warning', () => {
    const result = renderFile(path.join(FIXTURES, 'self-hosted', 'compose.yaml'));
    const task = resourcesOf(result)['CacheTaskDefinition']!.Properties;
    expect(task['Volumes']).toEqual([{ Name: 'cache' }]);
    expect(taskStatements(resourcesOf(result), 'Cache')).toEqual([]);
    expect(result.warnings.find((w) => w.code === 'W_NAMED_VOLUME_EPHEMERAL')?.path).toEqual(['services', 'cache', 'volumes', 0]);
  });

  it('mounts an external volume from the file system (and access point) its name gives, and creates none', async () => {
    const result = renderText(
      'services:\n  web:\n    image: nginx\n    volumes: [media:/srv/media, archive:/srv/archive:ro]\nvolumes:\n  media:\n    external: true\n    name: fs-0123456789abcdef0/fsap-0fedcba9876543210\n  archive:\n    external: true\n    name: fs-00000000aaaaaaaa1\n',
    );
    const x = resourcesOf(result);
    expect(ofType(x, 'AWS::EFS::FileSystem')).toEqual([]);
    expect(ofType(x, 'AWS::EFS::AccessPoint')).toEqual([]);
    expect(x['WebTaskDefinition']!.Properties['Volumes']).toEqual([
      { Name: 'archive', EFSVolumeConfiguration: { FilesystemId: 'fs-00000000aaaaaaaa1', TransitEncryption: 'ENABLED', AuthorizationConfig: { IAM: 'ENABLED' } } },
      { Name: 'media', EFSVolumeConfiguration: { FilesystemId: 'fs-0123456789abcdef0', TransitEncryption: 'ENABLED', AuthorizationConfig: { AccessPointId: 'fsap-0fedcba9876543210', IAM: 'ENABLED' } } },
    ]);
    const mount = taskStatements(x, 'Web').filter((s) => s.Action === 'elasticfilesystem:ClientMount');
    expect(mount.map((s) => [s.Resource, s.Condition])).toEqual([
      [{ 'Fn::Sub': 'arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/fs-0123456789abcdef0' }, { StringEquals: { 'elasticfilesystem:AccessPointArn': { 'Fn::Sub': 'arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/fsap-0fedcba9876543210' } } }],
      [{ 'Fn::Sub': 'arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/fs-00000000aaaaaaaa1' }, undefined],
    ]);
    expect(taskStatements(x, 'Web').filter((s) => s.Action === 'elasticfilesystem:ClientWrite')).toHaveLength(1);
    expect(await checkTemplate(result.template.toJSON())).toEqual([]);
  });

  it('refuses two services that share a volume with different users', () => {
    expect(() => renderText('services:\n  a:\n    image: x\n    user: "1000"\n    volumes: [d:/d]\n  b:\n    image: y\n    user: "33:33"\n    volumes: [d:/d]\nvolumes:\n  d: {}\n')).toThrow(
      expect.objectContaining({ code: 'E_VOLUME_USERS', path: ['services', 'b', 'volumes', 0] }) as ParseError,
    );
  });
});

describe('a large project with volumes and files', () => {
  const services = Array.from({ length: 40 }, (_, i) => `  svc${i}:\n    image: nginx\n    volumes: [./conf/${i}.conf:/etc/app/app.conf:ro, data${i}:/data]\n`).join('');
  const volumes = Array.from({ length: 40 }, (_, i) => `  data${i}: {}\n`).join('');
  const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`conf/${i}.conf`, `${i}`.repeat(30_000).slice(0, 30_000)]));
  const result = renderFile(path.join(tmpProject({ 'docker-compose.yml': `services:\n${services}volumes:\n${volumes}`, ...files }, 'big'), 'docker-compose.yml'));
  const written = renderedFiles(result.name, result, 'yaml');
  const templates = Object.entries(written).filter(([name]) => name.endsWith('.yaml'));

  it('is split into nested stacks that each stay under 1 MB, the file system in the root', () => {
    expect(templates.length).toBeGreaterThan(2);
    for (const [name, text] of templates) expect([name, Buffer.byteLength(text) <= LIMITS.bodyBytes]).toEqual([name, true]);
    const root = parseTemplate(written['big.yaml']!).template as { Resources: Record<string, { Type: string }> };
    expect(root.Resources['FileSystem']?.Type).toBe('AWS::EFS::FileSystem');
  });

  it('passes the offline CloudFormation specification check, every template', async () => {
    for (const [, text] of templates) expect(await checkTemplate(parseTemplate(text).template as Record<string, unknown>)).toEqual([]);
  });
});
