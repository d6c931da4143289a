import { createHash } from 'node:crypto';
import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, type Task } from '@aws-sdk/client-ecs';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  NotFound,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ps } from '../../src/deploy/ps.js';
import { uploadTemplates } from '../../src/deploy/stack/s3-upload.js';
import { templateKey } from '../../src/render/template/template-key.js';
import { deployedTemplate, diffTemplates } from '../../src/deploy/template-diff.js';
import type { DeployIo, DeployMessage, DeployTemplates } from '../../src/deploy/types.js';

const s3Mock = mockClient(S3Client);
const stsMock = mockClient(STSClient);
const cfnMock = mockClient(CloudFormationClient);
const ecsMock = mockClient(ECSClient);
const ec2Mock = mockClient(EC2Client);

beforeEach(() => {
  for (const mock of [s3Mock, stsMock, cfnMock, ecsMock, ec2Mock]) mock.reset();
});

function recordingIo(): { io: DeployIo; messages: DeployMessage[] } {
  const messages: DeployMessage[] = [];
  return { io: { emit: (message) => messages.push(message), confirm: async () => false }, messages };
}

const notFound = (): NotFound => new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });

const ROOT = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';

describe('uploadTemplates', () => {
  const templates: DeployTemplates = { stackName: 'demo', body: ROOT, parameters: {} };

  it('keys a body by its content hash and extension', () => {
    expect(templateKey('demo', ROOT)).toMatch(/^compose-x\/demo\/[0-9a-f]{16}\.yaml$/);
    expect(templateKey('demo', '{"Resources": {}}')).toMatch(/^compose-x\/demo\/[0-9a-f]{16}\.json$/);
    expect(templateKey('demo', ROOT)).toBe(templateKey('demo', ROOT));
    expect(templateKey('demo', ROOT)).not.toBe(templateKey('demo', `${ROOT}\n`));
  });

  const ACCOUNT = '123456789012';
  const checksum = (body: string): string => createHash('sha256').update(body).digest('base64');
  /** The caller's account, and its own buckets. */
  const ownBuckets = (...names: string[]): void => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    s3Mock.on(HeadBucketCommand).resolves({}).on(ListBucketsCommand).resolves({ Buckets: names.map((Name) => ({ Name })) });
  };

  it('skips the upload when an object with the body\'s checksum is at the key', async () => {
    ownBuckets('my-bucket');
    s3Mock.on(HeadObjectCommand).resolves({ ChecksumSHA256: checksum(ROOT) });
    const { io, messages } = recordingIo();
    const { templateUrl } = await uploadTemplates({ region: 'eu-west-1' }, templates, 'my-bucket', io);
    const url = `https://my-bucket.s3.eu-west-1.amazonaws.com/${templateKey('demo', ROOT)}`;
    expect(templateUrl).toBe(url);
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'my-bucket',
      Key: templateKey('demo', ROOT),
      ExpectedBucketOwner: ACCOUNT,
      ChecksumMode: 'ENABLED',
    });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(messages).toEqual([{ kind: 'uploaded', url, reused: true }]);
  });

  it.each([
    ['other content', { ChecksumSHA256: checksum('Resources:\n  Admin:\n    Type: AWS::IAM::Role\n') }],
    ['no checksum to check', {}],
  ])('uploads again over an object at the key with %s', async (_, found) => {
    ownBuckets('my-bucket');
    s3Mock.on(HeadObjectCommand).resolves(found);
    const { io, messages } = recordingIo();
    await uploadTemplates({ region: 'eu-west-1' }, templates, 'my-bucket', io);
    expect(s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'my-bucket', Key: templateKey('demo', ROOT), Body: ROOT, ContentType: 'application/yaml', ChecksumSHA256: checksum(ROOT), ExpectedBucketOwner: ACCOUNT },
    ]);
    expect(messages).toEqual([expect.objectContaining({ reused: false })]);
  });

  it('uses the default bucket as it is when it exists and is the account\'s', async () => {
    ownBuckets('compose-x-123456789012-eu-west-1');
    s3Mock.on(HeadObjectCommand).resolves({ ChecksumSHA256: checksum(ROOT) });
    await uploadTemplates({ region: 'eu-west-1' }, templates, undefined, recordingIo().io);
    expect(s3Mock.commandCalls(CreateBucketCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(HeadBucketCommand)[0]?.args[0].input).toEqual({ Bucket: 'compose-x-123456789012-eu-west-1', ExpectedBucketOwner: ACCOUNT });
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]?.args[0].input.Bucket).toBe('compose-x-123456789012-eu-west-1');
  });

  it.each([
    ['S3 answers 403 to its expected owner', () => s3Mock.on(HeadBucketCommand).rejects(new S3ServiceException({ name: 'Forbidden', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Forbidden' })), /S3 answered 403/],
    ['it is not among the account\'s buckets', () => s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'something-else' }] }), /it is not among the buckets of account 123456789012/],
  ])('refuses the default bucket when %s', async (_, arrange, why) => {
    ownBuckets();
    arrange();
    const upload = uploadTemplates({ region: 'eu-west-1' }, templates, undefined, recordingIo().io);
    await expect(upload).rejects.toThrow(why);
    await expect(upload).rejects.toMatchObject({ code: 'E_BUCKET_NOT_YOURS', message: expect.stringContaining('Pass --bucket') });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses the default bucket name when another account created it first', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    s3Mock
      .on(HeadBucketCommand)
      .rejects(notFound())
      .on(CreateBucketCommand)
      .rejects(new S3ServiceException({ name: 'BucketAlreadyExists', $fault: 'client', $metadata: { httpStatusCode: 409 }, message: 'taken' }));
    await expect(uploadTemplates({ region: 'eu-west-1' }, templates, undefined, recordingIo().io)).rejects.toMatchObject({
      code: 'E_BUCKET_NOT_YOURS',
      message: expect.stringContaining('another AWS account created it'),
    });
  });

  it('says so when the bucket given with --bucket does not exist', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    s3Mock.on(HeadBucketCommand).rejects(notFound());
    await expect(uploadTemplates({ region: 'eu-west-1' }, templates, 'mine', recordingIo().io)).rejects.toMatchObject({ code: 'E_BUCKET_MISSING' });
    expect(s3Mock.commandCalls(CreateBucketCommand)).toHaveLength(0);
  });

  it.each([
    { region: 'eu-west-1', configuration: { CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } } },
    { region: 'us-east-1', configuration: {} },
  ])('creates the default bucket in $region, encrypted, private, TLS only, templates expiring, when missing', async ({ region, configuration }) => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    s3Mock.on(HeadBucketCommand).rejects(notFound()).on(HeadObjectCommand).rejects(notFound());
    const { io, messages } = recordingIo();
    const { templateUrl } = await uploadTemplates({ region }, templates, undefined, io);
    const bucket = `compose-x-123456789012-${region}`;
    const owned = { Bucket: bucket, ExpectedBucketOwner: ACCOUNT };
    expect(s3Mock.commandCalls(CreateBucketCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: bucket, ObjectOwnership: 'BucketOwnerEnforced', ...configuration },
    ]);
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)[0]?.args[0].input).toEqual({
      ...owned,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    expect(s3Mock.commandCalls(PutPublicAccessBlockCommand)[0]?.args[0].input).toEqual({
      ...owned,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
    const policy = JSON.parse(s3Mock.commandCalls(PutBucketPolicyCommand)[0]?.args[0].input.Policy ?? '{}');
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }),
    ]);
    expect(s3Mock.commandCalls(PutBucketLifecycleConfigurationCommand)[0]?.args[0].input).toEqual({
      ...owned,
      LifecycleConfiguration: { Rules: [{ ID: 'expire-compose-x-templates', Status: 'Enabled', Filter: { Prefix: 'compose-x/' }, Expiration: { Days: 30 } }] },
    });
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({ ...owned, Key: templateKey('demo', ROOT), Body: ROOT });
    expect(templateUrl).toBe(`https://${bucket}.s3.${region}.amazonaws.com/${templateKey('demo', ROOT)}`);
    expect(messages).toEqual([{ kind: 'uploaded', url: templateUrl, reused: false }]);
  });

  it('uploads nested templates first, under their hash keys, path-style under an endpoint', async () => {
    const nested = { 'web.yaml': 'Resources:\n  Web:\n    Type: AWS::ECS::Service\n', 'db.json': '{"Resources": {}}' };
    ownBuckets('bucket');
    s3Mock
      .on(HeadObjectCommand)
      .rejects(notFound())
      .on(HeadObjectCommand, { Key: templateKey('demo', nested['db.json']) })
      .resolves({ ChecksumSHA256: checksum(nested['db.json']) });
    const { io, messages } = recordingIo();
    const target = { region: 'eu-west-1', endpoint: 'http://127.0.0.1:5000/' };
    const { templateUrl } = await uploadTemplates(target, { ...templates, nested }, 'bucket', io);
    const url = (body: string): string => `http://localhost:5000/bucket/${templateKey('demo', body)}`;
    expect(messages).toEqual([
      { kind: 'uploaded', url: url(nested['db.json']), reused: true },
      { kind: 'uploaded', url: url(nested['web.yaml']), reused: false },
      { kind: 'uploaded', url: url(ROOT), reused: false },
    ]);
    const put = (body: string, type: string) => ({ Bucket: 'bucket', Key: templateKey('demo', body), Body: body, ContentType: type, ChecksumSHA256: checksum(body), ExpectedBucketOwner: ACCOUNT });
    expect(s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toEqual([put(nested['web.yaml'], 'application/yaml'), put(ROOT, 'application/yaml')]);
    expect(templateUrl).toBe(url(ROOT));
  });
});

describe('diffTemplates', () => {
  const deployed = [
    'Resources:',
    '  Topic:',
    '    Type: AWS::SNS::Topic',
    '    Properties:',
    "      TopicName: !Sub '${AWS::StackName}-events'",
    '  Bucket:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      Tags: [{ Key: region, Value: !Ref AWS::Region }, { Key: arn, Value: !GetAtt Topic.TopicArn }]',
    '',
  ].join('\n');
  const bucket = {
    Type: 'AWS::S3::Bucket',
    Properties: { Tags: [{ Key: 'region', Value: { Ref: 'AWS::Region' } }, { Key: 'arn', Value: { 'Fn::GetAtt': ['Topic', 'TopicArn'] } }] },
  };
  const topic = (name: string): object => ({ Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': name } } });

  it('finds nothing between short forms and the same template in JSON long forms', () => {
    const rendered = JSON.stringify({ Resources: { Topic: topic('${AWS::StackName}-events'), Bucket: bucket } });
    expect(diffTemplates(deployed, rendered, false)).toEqual({ changed: false, text: expect.any(String), resources: [] });
  });

  it('shows an added resource and a changed property, without colours', () => {
    const rendered = JSON.stringify({ Resources: { Topic: topic('${AWS::StackName}-alerts'), Bucket: bucket, Queue: { Type: 'AWS::SQS::Queue' } } });
    const { changed, text } = diffTemplates(deployed, rendered, false);
    expect(changed).toBe(true);
    expect(text).toContain('[+] AWS::SQS::Queue Queue');
    expect(text).toMatch(/\[~\] AWS::SNS::Topic Topic/);
    expect(text).toContain('[-] ${AWS::StackName}-events');
    expect(text).toContain('[+] ${AWS::StackName}-alerts');
    expect(text).not.toContain('Bucket');
    expect(text).not.toContain('\u001b[');
  });

  it('shows everything as added when nothing is deployed', () => {
    const { changed, text } = diffTemplates(undefined, deployed, false);
    expect(changed).toBe(true);
    expect(text).toContain('[+] AWS::S3::Bucket Bucket');
    expect(text).toContain('[+] AWS::SNS::Topic Topic');
  });
});

describe('deployedTemplate', () => {
  it('reads the original template', async () => {
    cfnMock.on(GetTemplateCommand, { StackName: 'demo', TemplateStage: 'Original' }).resolves({ TemplateBody: ROOT });
    await expect(deployedTemplate({ region: 'eu-west-1' }, 'demo')).resolves.toBe(ROOT);
  });

  it('is undefined when the stack does not exist', async () => {
    const missing = new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: 'Stack with id demo does not exist' });
    cfnMock.on(GetTemplateCommand).rejects(missing);
    await expect(deployedTemplate({ region: 'eu-west-1' }, 'demo')).resolves.toBeUndefined();
  });
});

describe('ps', () => {
  const arn = (resource: string): string => `arn:aws:ecs:eu-west-1:123456789012:${resource}`;
  const nestedStack = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/demo-Workers-1/abc';

  function task(id: string, eni: string, status = 'RUNNING'): Task {
    return {
      taskArn: arn(`task/demo/${id}`),
      lastStatus: status,
      attachments: [
        {
          type: 'ElasticNetworkInterface',
          details: [
            { name: 'subnetId', value: 'subnet-1' },
            { name: 'networkInterfaceId', value: eni },
            { name: 'privateIPv4Address', value: `10.0.0.${id.length}` },
          ],
        },
      ],
    };
  }

  beforeEach(() => {
    cfnMock
      .on(ListStackResourcesCommand, { StackName: 'demo' })
      .resolves({
        StackResourceSummaries: [
          { LogicalResourceId: 'Cluster', ResourceType: 'AWS::ECS::Cluster', PhysicalResourceId: 'demo', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
          { LogicalResourceId: 'WebService', ResourceType: 'AWS::ECS::Service', PhysicalResourceId: arn('service/demo/demo-web'), ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
          { LogicalResourceId: 'Workers', ResourceType: 'AWS::CloudFormation::Stack', PhysicalResourceId: nestedStack, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
        ],
      })
      .on(ListStackResourcesCommand, { StackName: nestedStack })
      .resolves({
        StackResourceSummaries: [
          { LogicalResourceId: 'RedisService', ResourceType: 'AWS::ECS::Service', PhysicalResourceId: arn('service/demo/demo-redis'), ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
        ],
      });
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({
        services: [
          { serviceArn: arn('service/demo/demo-web'), serviceName: 'demo-web', desiredCount: 2, runningCount: 1, pendingCount: 1, tags: [{ key: 'compose-x:service', value: 'web' }] },
          { serviceArn: arn('service/demo/demo-redis'), serviceName: 'demo-redis', desiredCount: 1, runningCount: 1, pendingCount: 0 },
        ],
      })
      .on(ListTasksCommand, { serviceName: 'demo-web' })
      .resolves({ taskArns: [arn('task/demo/web2'), arn('task/demo/web1')] })
      .on(ListTasksCommand, { serviceName: 'demo-redis' })
      .resolves({ taskArns: [arn('task/demo/redis1')] })
      .on(DescribeTasksCommand)
      .resolves({ tasks: [task('web1', 'eni-1'), task('web2', 'eni-2', 'PROVISIONING'), task('redis1', 'eni-3')] });
    ec2Mock.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        { NetworkInterfaceId: 'eni-1', PrivateIpAddress: '10.0.0.11', Association: { PublicIp: '54.1.2.3' } },
        { NetworkInterfaceId: 'eni-3', PrivateIpAddress: '10.0.0.13' },
      ],
    });
  });

  it('maps services, counts and addresses', async () => {
    await expect(ps({ region: 'eu-west-1' }, 'demo')).resolves.toEqual([
      { service: 'Redis', serviceName: 'demo-redis', desired: 1, running: 1, pending: 0, tasks: [{ taskId: 'redis1', lastStatus: 'RUNNING', privateIp: '10.0.0.13' }] },
      {
        service: 'web',
        serviceName: 'demo-web',
        desired: 2,
        running: 1,
        pending: 1,
        tasks: [
          { taskId: 'web1', lastStatus: 'RUNNING', privateIp: '10.0.0.11', publicIp: '54.1.2.3' },
          { taskId: 'web2', lastStatus: 'PROVISIONING', privateIp: '10.0.0.4' },
        ],
      },
    ]);
  });

  it("gives each service the addresses of its load balancers, from the root stack's <Service>Url outputs", async () => {
    cfnMock.on(DescribeStacksCommand, { StackName: 'demo' }).resolves({
      Stacks: [
        {
          StackName: 'demo',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [
            { OutputKey: 'WebUrl', OutputValue: 'https://app.example.com/' },
            { OutputKey: 'WebTcp1883Url', OutputValue: 'tcp://nlb.example.com:1883' },
            { OutputKey: 'WebServiceName', OutputValue: 'demo-web' },
            { OutputKey: 'WebAdminUrl', OutputValue: 'http://not-web.example.com/' },
          ],
        },
      ],
    });
    const services = await ps({ region: 'eu-west-1' }, 'demo');
    expect(services.map((s) => [s.service, s.urls])).toEqual([
      ['Redis', undefined],
      ['web', ['tcp://nlb.example.com:1883', 'https://app.example.com/']],
    ]);
  });

  it("gives each service its most recent stopped task, and why it stopped", async () => {
    const stopped = (id: string, stoppedAt: Date, stoppedReason: string): Task => ({
      taskArn: arn(`task/demo/${id}`),
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stoppedAt,
      stoppedReason,
      stopCode: 'TaskFailedToStart',
      containers: [{ name: 'web', lastStatus: 'STOPPED', reason: stoppedReason }],
    });
    const older = stopped('old', new Date('2026-12-01T10:00:00Z'), 'ResourceInitializationError: unable to pull secrets');
    const newer = stopped('new', new Date('2026-12-01T10:05:00Z'), 'CannotPullContainerError: not found');
    ecsMock
      .on(ListTasksCommand, { serviceName: 'demo-web', desiredStatus: 'STOPPED' })
      .resolves({ taskArns: [newer.taskArn ?? '', older.taskArn ?? ''] })
      .on(ListTasksCommand, { serviceName: 'demo-redis', desiredStatus: 'STOPPED' })
      .resolves({ taskArns: [] })
      .on(DescribeTasksCommand)
      .resolves({ tasks: [task('web1', 'eni-1'), task('web2', 'eni-2', 'PROVISIONING'), task('redis1', 'eni-3'), older, newer] });
    const services = await ps({ region: 'eu-west-1' }, 'demo');
    expect(services.map((s) => [s.service, s.lastStopped])).toEqual([
      ['Redis', undefined],
      ['web', { service: 'web', logicalId: 'WebService', taskId: 'new', stoppedAt: newer.stoppedAt, stoppedReason: 'CannotPullContainerError: not found', stopCode: 'TaskFailedToStart', containers: [{ name: 'web', reason: 'CannotPullContainerError: not found' }] }],
    ]);
    expect(services.find((s) => s.service === 'web')?.tasks.map((t) => t.taskId)).toEqual(['web1', 'web2']);
  });

  it('batches the lookups', async () => {
    await ps({ region: 'eu-west-1' }, 'demo');
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: 'demo', services: [arn('service/demo/demo-web'), arn('service/demo/demo-redis')], include: ['TAGS'] },
    ]);
    const described = ecsMock.commandCalls(DescribeTasksCommand).map((call) => call.args[0].input);
    expect(described).toEqual([{ cluster: 'demo', tasks: [arn('task/demo/web2'), arn('task/demo/web1'), arn('task/demo/redis1')] }]);
    const enis = ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((call) => call.args[0].input.Filters);
    expect(enis).toEqual([[{ Name: 'network-interface-id', Values: ['eni-2', 'eni-1', 'eni-3'] }]]);
  });
});
