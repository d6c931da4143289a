import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateProject } from '../../bench/generate.js';
import { renderedFiles } from '../../src/render/files.js';
import type { RenderResult } from '../../src/render/index.js';
import { diffRenders } from '../../src/review/rendered-diff/diff.js';
import { REPLACING_PROPERTIES } from '../../src/review/rendered-diff/replacing-properties.js';
import { renderDiffText } from '../../src/review/rendered-diff/text.js';
import type { RenderDiff } from '../../src/review/rendered-diff/types.js';
import { loadSpec, resourceSpec } from '../../src/render/spec-check/spec-database.js';
import { templateYaml } from '../../src/render/template/template.js';
import { compileChecked, renderText } from '../helpers/render-project.js';

const NO_CHANGES: RenderDiff = {
  servicesAdded: [],
  servicesRemoved: [],
  portsOpened: [],
  portsClosed: [],
  permissionsGranted: [],
  permissionsRevoked: [],
  restarts: [],
  replacements: [],
  scaling: [],
  deployments: [],
  otherChanges: { added: 0, removed: 0, modified: 0 },
  otherResources: [],
};

type Declaration = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Resources = Record<string, Declaration>;

const getAtt = (target: string, attribute: string): unknown => ({ 'Fn::GetAtt': [target, attribute] });
const ref = (target: string): unknown => ({ Ref: target });

/** Two services (web, tagged; api, named by its logical ID) sharing a security group, web behind a target group. */
function smallProject(): Resources {
  return {
    WebService: {
      Type: 'AWS::ECS::Service',
      Properties: {
        TaskDefinition: ref('WebTaskDefinition'),
        NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: [getAtt('WebSecurityGroup', 'GroupId'), getAtt('SharedSecurityGroup', 'GroupId')] } },
        LoadBalancers: [{ TargetGroupArn: ref('WebTargetGroup'), ContainerName: 'web', ContainerPort: 80 }],
        Tags: [{ Key: 'compose-x:service', Value: 'web' }],
      },
    },
    WebTaskDefinition: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Cpu: '256',
        ExecutionRoleArn: getAtt('WebExecutionRole', 'Arn'),
        ContainerDefinitions: [
          { Name: 'web', Image: 'nginx:1.27', Environment: [{ Name: 'A', Value: '1' }], LogConfiguration: { Options: { 'awslogs-group': ref('WebLogGroup') } } },
        ],
      },
    },
    WebExecutionRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Policies: [{ PolicyName: 'execution', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: getAtt('WebLogGroup', 'Arn') }] } }],
      },
    },
    WebLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/p/web', RetentionInDays: 30 } },
    WebSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'web',
        VpcId: ref('Vpc'),
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' },
          { IpProtocol: '-1', CidrIp: '10.0.0.0/16' },
        ],
      },
    },
    WebTargetGroup: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: ref('Vpc') } },
    SharedSecurityGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'shared', VpcId: ref('Vpc') } },
    ApiService: {
      Type: 'AWS::ECS::Service',
      Properties: {
        TaskDefinition: ref('ApiTaskDefinition'),
        NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: [getAtt('SharedSecurityGroup', 'GroupId')] } },
      },
    },
    ApiTaskDefinition: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'api', Image: 'api:1' }] } },
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
  };
}

const asFiles = (resources: Resources): Record<string, string> => ({ 'p.json': JSON.stringify({ Resources: resources }) });

const webRole = (r: Resources): { Statement: Record<string, unknown>[] } =>
  (r['WebExecutionRole']!.Properties['Policies'] as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]!.PolicyDocument;
const webContainers = (r: Resources): Record<string, unknown>[] => r['WebTaskDefinition']!.Properties['ContainerDefinitions'] as Record<string, unknown>[];
const webRules = (r: Resources): Record<string, unknown>[] => r['WebSecurityGroup']!.Properties['SecurityGroupIngress'] as Record<string, unknown>[];

describe('diffRenders on small templates', () => {
  const cases: [string, (r: Resources) => void, Partial<RenderDiff>][] = [
    [
      'a port opened to the world over IPv6, on the service whose own group it is',
      (r) => webRules(r).push({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0' }),
      { portsOpened: [{ service: 'web', port: '443', protocol: 'tcp', from: 'world' }] },
    ],
    [
      'a port range from a group, as a standalone rule on a group two services share',
      (r) => {
        r['SharedFromWeb'] = {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: { GroupId: getAtt('SharedSecurityGroup', 'GroupId'), IpProtocol: 'udp', FromPort: 5000, ToPort: 5010, SourceSecurityGroupId: getAtt('WebSecurityGroup', 'GroupId') },
        };
      },
      { portsOpened: [{ service: 'SharedSecurityGroup', port: '5000-5010', protocol: 'udp', from: 'WebSecurityGroup' }] },
    ],
    [
      'all traffic from a CIDR closed',
      (r) => webRules(r).pop(),
      { portsClosed: [{ service: 'web', port: 'all', protocol: 'all', from: '10.0.0.0/16' }] },
    ],
    [
      'an inline rule that becomes a standalone one: nothing',
      (r) => {
        const rule = webRules(r).shift()!;
        r['WebIngress0'] = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: getAtt('WebSecurityGroup', 'GroupId'), ...rule } };
      },
      {},
    ],
    [
      'a permission granted on a Sub ARN, another swapped for a third',
      (r) => {
        webRole(r).Statement[0]!['Action'] = 'logs:CreateLogStream';
        const parameters = { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/web/*' };
        webRole(r).Statement.push({ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: parameters }, { Effect: 'Deny', Action: 's3:*', Resource: '*' });
      },
      {
        permissionsGranted: [
          { role: 'WebExecutionRole', service: 'web', action: 'logs:CreateLogStream', resource: 'WebLogGroup.Arn' },
          { role: 'WebExecutionRole', service: 'web', action: 'ssm:GetParameters', resource: 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/web/*' },
        ],
        permissionsRevoked: [{ role: 'WebExecutionRole', service: 'web', action: 'logs:PutLogEvents', resource: 'WebLogGroup.Arn' }],
      },
    ],
    [
      'a renamed log group: replaced, and a new revision of the task definition that names it',
      (r) => (r['WebLogGroup']!.Properties['LogGroupName'] = '/p/web2'),
      {
        replacements: [{ resource: 'WebLogGroup', type: 'AWS::Logs::LogGroup', properties: ['LogGroupName'] }],
        restarts: [{ service: 'web', resource: 'WebTaskDefinition', reason: ['WebLogGroup replaced'] }],
      },
    ],
    [
      'a new group description and target group port: both replaced, and the service that uses them restarts',
      (r) => {
        r['WebSecurityGroup']!.Properties['GroupDescription'] = 'the web service';
        Object.assign(r['WebTargetGroup']!.Properties, { Port: 8080, Protocol: 'HTTPS' });
      },
      {
        replacements: [
          { resource: 'WebSecurityGroup', type: 'AWS::EC2::SecurityGroup', properties: ['GroupDescription'] },
          { resource: 'WebTargetGroup', type: 'AWS::ElasticLoadBalancingV2::TargetGroup', properties: ['Port', 'Protocol'] },
        ],
        restarts: [{ service: 'web', resource: 'WebService', reason: ['WebSecurityGroup replaced', 'WebTargetGroup replaced'] }],
      },
    ],
    [
      'task size, a variable and a sidecar: each change named, per container once there are two',
      (r) => {
        r['WebTaskDefinition']!.Properties['Cpu'] = '512';
        webContainers(r)[0]!['Environment'] = [{ Name: 'A', Value: '2' }, { Name: 'B', Value: '1' }];
        webContainers(r).push({ Name: 'envoy', Image: 'envoy:1' });
      },
      { restarts: [{ service: 'web', resource: 'WebTaskDefinition', reason: ['Cpu', 'container envoy added', 'web: Environment A', 'web: Environment B'] }] },
    ],
    [
      'a service added with its own resources, and a resource of no service',
      (r) => {
        const worker = { Key: 'compose-x:service', Value: 'worker' };
        r['WorkerService'] = { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: ref('WorkerTaskDefinition'), Tags: [worker] } };
        const container = { Name: 'worker', Image: 'w:1', LogConfiguration: { Options: { 'awslogs-group': ref('WorkerLogGroup') } } };
        r['WorkerTaskDefinition'] = { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [container] } };
        r['WorkerLogGroup'] = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/p/worker' } };
        r['Bucket'] = { Type: 'AWS::S3::Bucket', Properties: {} };
      },
      {
        servicesAdded: ['worker'],
        otherChanges: { added: 1, removed: 0, modified: 0 },
        otherResources: [{ resource: 'Bucket', type: 'AWS::S3::Bucket', change: 'added' }],
      },
    ],
    [
      'a service removed, named by its logical ID when it has no compose-x:service tag',
      (r) => {
        delete r['ApiService'];
        delete r['ApiTaskDefinition'];
      },
      { servicesRemoved: ['Api'] },
    ],
    ['a change of DependsOn only: nothing', (r) => (r['WebService']!.DependsOn = ['ApiService']), {}],
    [
      'a service that starts to scale: its fixed count becomes a range, its target and policy accounted for',
      (r) => {
        r['WebScalableTarget'] = {
          Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
          Properties: { ResourceId: { 'Fn::Join': ['/', ['service', ref('Cluster'), getAtt('WebService', 'Name')]] }, MinCapacity: 2, MaxCapacity: 10 },
        };
        r['WebCpuScalingPolicy'] = {
          Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
          Properties: { ScalingTargetId: ref('WebScalableTarget'), TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } } },
        };
      },
      { scaling: [{ service: 'web', aspect: 'scaling', before: '1', after: '2-10 on CPU 70%' }] },
    ],
    [
      'a service moved to Spot',
      (r) => (r['WebService']!.Properties['CapacityProviderStrategy'] = [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]),
      { scaling: [{ service: 'web', aspect: 'capacity', before: 'FARGATE', after: 'FARGATE_SPOT' }] },
    ],
    [
      'a change no section reviews',
      (r) => (r['WebLogGroup']!.Properties['RetentionInDays'] = 7),
      {
        otherChanges: { added: 0, removed: 0, modified: 1 },
        otherResources: [{ resource: 'WebLogGroup', type: 'AWS::Logs::LogGroup', change: 'modified', paths: ['Properties.RetentionInDays'] }],
      },
    ],
  ];

  it.each(cases)('%s', (_title, change, expected) => {
    const now = smallProject();
    change(now);
    expect(diffRenders(asFiles(smallProject()), asFiles(now))).toEqual({ ...NO_CHANGES, ...expected });
  });

  it('reads the nested stacks of a split render as the one template they come from', () => {
    const whole = [
      'Resources:',
      '  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}',
      '  WebSecurityGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, VpcId: !Ref Vpc}}',
      '  WebService:',
      '    Type: AWS::ECS::Service',
      '    Properties:',
      '      NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!GetAtt WebSecurityGroup.GroupId]}}',
      '      ServiceName: !Sub "${Vpc}-web"',
    ].join('\n');
    const root = [
      'Parameters: {TemplateBucket: {Type: String}}',
      'Resources:',
      '  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}',
      '  SecurityGroups0Stack: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: !Sub "https://${TemplateBucket}/a.yaml", Parameters: {VpcRef: !Ref Vpc}}}',
      '  Services0Stack:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: !Sub "https://${TemplateBucket}/b.yaml"',
      '      Parameters: {WebSecurityGroupGroupId: !GetAtt SecurityGroups0Stack.Outputs.WebSecurityGroupGroupId, VpcRef: !Ref Vpc}',
    ].join('\n');
    const groups = [
      'Parameters: {VpcRef: {Type: String}}',
      'Resources:',
      '  WebSecurityGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, VpcId: !Ref VpcRef}}',
      'Outputs: {WebSecurityGroupGroupId: {Value: !GetAtt WebSecurityGroup.GroupId}}',
    ].join('\n');
    const services = [
      'Parameters: {VpcRef: {Type: String}, WebSecurityGroupGroupId: {Type: String}}',
      'Resources:',
      '  WebService:',
      '    Type: AWS::ECS::Service',
      '    Properties:',
      '      NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref WebSecurityGroupGroupId]}}',
      '      ServiceName: !Sub "${VpcRef}-web"',
    ].join('\n');
    const split = { 'p.yaml': root, 'p.securitygroups0.yaml': groups, 'p.services0.yaml': services, 'p.params.json': '[]' };
    expect(diffRenders({ 'p.yaml': whole }, split)).toEqual(NO_CHANGES);
    const renamed = { ...split, 'p.services0.yaml': services.replace('"${VpcRef}-web"', '"${VpcRef}-www"') };
    expect(diffRenders({ 'p.yaml': whole }, renamed).replacements).toEqual([{ resource: 'WebService', type: 'AWS::ECS::Service', properties: ['ServiceName'] }]);
  });

  it('ignores parameter files and refuses a file that is not a template', () => {
    const files = asFiles(smallProject());
    expect(diffRenders(files, { ...files, 'p.params.json': '[{"ParameterKey": "A", "ParameterValue": ""}]' })).toEqual(NO_CHANGES);
    expect(() => diffRenders(files, { 'p.yaml': 'Resources: [' })).toThrow(expect.objectContaining({ code: 'E_DIFF_TEMPLATE', message: expect.stringContaining('p.yaml') }));
    expect(() => diffRenders(files, { 'p.yaml': 'Description: none' })).toThrow(/p\.yaml cannot be read as a template: it has no Resources/);
  });
});

describe('renderDiffText', () => {
  const diff: RenderDiff = {
    servicesAdded: ['worker'],
    servicesRemoved: ['api'],
    portsOpened: [{ service: 'web', port: '9000', protocol: 'tcp', from: 'world' }],
    portsClosed: [{ service: 'SharedSecurityGroup', port: 'all', protocol: 'all', from: 'WebSecurityGroup' }],
    permissionsGranted: [{ role: 'WebExecutionRole', service: 'web', action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:x' }],
    permissionsRevoked: [{ role: 'LonelyRole', action: 's3:GetObject', resource: '*' }],
    restarts: [{ service: 'web', resource: 'WebTaskDefinition', reason: ['Image', 'Environment REDIS_URL'] }],
    replacements: [{ resource: 'WebLogGroup', type: 'AWS::Logs::LogGroup', properties: ['LogGroupName'] }],
    scaling: [{ service: 'web', aspect: 'scaling', before: '2-10 on CPU 70%', after: '2-20 on CPU 70%' }],
    deployments: [{ service: 'web', from: 'ROLLING 100-200%', to: 'CANARY 10% 5 min, bake 10 min' }],
    otherChanges: { added: 1, removed: 0, modified: 2 },
    otherResources: [
      { resource: 'Bucket', type: 'AWS::S3::Bucket', change: 'added' },
      { resource: 'ApiLogGroup', type: 'AWS::Logs::LogGroup', change: 'modified', paths: ['Properties.RetentionInDays'] },
      { resource: 'WebService', type: 'AWS::ECS::Service', change: 'modified', paths: ['Properties.DeploymentConfiguration.MaximumPercent', 'Properties.HealthCheckGracePeriodSeconds'] },
    ],
  };

  it('counts the other changes when there are more than ten', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ resource: `Bucket${i}`, type: 'AWS::S3::Bucket', change: 'added' as const }));
    expect(renderDiffText({ ...NO_CHANGES, otherChanges: { added: 11, removed: 0, modified: 0 }, otherResources: many })).toBe('Other changes\n  + 11 resources added\n');
  });

  it('prints one section per kind of change, + - ~ lines, and the rest by logical ID', () => {
    expect(renderDiffText(diff)).toBe(
      [
        'Services',
        '  + worker',
        '  - api',
        'Ports',
        '  + web: 9000/tcp from world',
        '  - SharedSecurityGroup: all traffic from WebSecurityGroup',
        'Permissions',
        '  + web (WebExecutionRole): secretsmanager:GetSecretValue on arn:aws:secretsmanager:x',
        '  - LonelyRole: s3:GetObject on *',
        'Restarts and replacements',
        '  ~ web restarts (WebTaskDefinition): Image, Environment REDIS_URL',
        '  ~ WebLogGroup (AWS::Logs::LogGroup) is replaced: LogGroupName',
        'Scaling and capacity',
        '  ~ web: scaling 2-10 on CPU 70% -> 2-20 on CPU 70%',
        'Deployments',
        '  ~ web: deployment ROLLING 100-200% -> CANARY 10% 5 min, bake 10 min',
        'Other changes',
        '  + Bucket (AWS::S3::Bucket) added',
        '  ~ ApiLogGroup (AWS::Logs::LogGroup): Properties.RetentionInDays',
        '  ~ WebService (AWS::ECS::Service): Properties.DeploymentConfiguration.MaximumPercent, Properties.HealthCheckGracePeriodSeconds',
        '',
      ].join('\n'),
    );
  });

  it('colours additions green, removals red, changes yellow, and leaves titles plain', () => {
    const lines = renderDiffText(diff, (text, colour) => `<${colour}>${text}</${colour}>`).split('\n');
    expect(lines).toContain('Services');
    expect(lines).toContain('<green>  + worker</green>');
    expect(lines).toContain('<red>  - api</red>');
    expect(lines).toContain('<yellow>  ~ ApiLogGroup (AWS::Logs::LogGroup): Properties.RetentionInDays</yellow>');
  });

  it('says "no changes" when the renders do the same', () => {
    expect(renderDiffText(NO_CHANGES, (text) => `<painted>${text}`)).toBe('no changes\n');
  });
});

describe('diffRenders on renders of compose projects', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';
  const compose = (web: string[] = [], extra: string[] = []): string =>
    [
      'x-ingress: public-ip',
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    ports: ["8080:8080"]',
      '    environment: {REDIS_URL: "redis://redis:6379"}',
      ...web.map((line) => `    ${line}`),
      '  api:',
      '    image: ghcr.io/example/api:1.0',
      '    expose: ["8000"]',
      '  redis:',
      '    image: redis:7',
      '    expose: ["6379"]',
      ...extra,
    ].join('\n');
  const filesOf = (text: string): Record<string, string> => renderedFiles('proj', renderText(text, 'proj'), 'yaml');
  const before = filesOf(compose());

  it('(a) a published port: an ingress from the world', () => {
    const diff = diffRenders(before, filesOf(compose().replace('"8080:8080"', '"8080:8080", "9000:9000"')));
    expect(diff.portsOpened).toEqual([{ service: 'web', port: '9000', protocol: 'tcp', from: 'world' }]);
    expect(diff.portsClosed).toEqual([]);
    expect(diff.restarts).toEqual([{ service: 'web', resource: 'WebTaskDefinition', reason: ['PortMappings web-9000'] }]);
    expect(renderDiffText(diff)).toContain('Ports\n  + web: 9000/tcp from world\n');
  });

  it('(b) a secret: its ARN readable by the execution role, and a restart', () => {
    const diff = diffRenders(before, filesOf(compose(['secrets: [db]'], ['secrets:', `  db: {external: true, name: "${arn}"}`])));
    expect(diff.permissionsGranted).toEqual([{ role: 'WebExecutionRole', service: 'web', action: 'secretsmanager:GetSecretValue', resource: arn }]);
    expect(diff.permissionsRevoked).toEqual([]);
    expect(diff.restarts).toEqual([{ service: 'web', resource: 'WebTaskDefinition', reason: ['Secrets DB'] }]);
    expect(renderDiffText(diff)).toContain(`Permissions\n  + web (WebExecutionRole): secretsmanager:GetSecretValue on ${arn}\n`);
  });

  it('(c) a new image: a restart of that service, naming Image, and nothing else', () => {
    const diff = diffRenders(before, filesOf(compose().replace('nginx:1.27', 'nginx:1.28')));
    expect(diff).toEqual({ ...NO_CHANGES, restarts: [{ service: 'web', resource: 'WebTaskDefinition', reason: ['Image'] }] });
    expect(renderDiffText(diff)).toBe('Restarts and replacements\n  ~ web restarts (WebTaskDefinition): Image\n');
  });

  it('(d) a removed service: its ports closed and permissions revoked, its own resources not counted again', () => {
    const diff = diffRenders(before, filesOf(compose().replace(/ {2}api:\n.*\n.*\n/, '')));
    expect(diff.servicesRemoved).toEqual(['api']);
    expect(diff.servicesAdded).toEqual([]);
    expect(diff.portsClosed).toEqual([{ service: 'api', port: '8000', protocol: 'tcp', from: 'DefaultNetworkSecurityGroup' }]);
    expect(diff.permissionsRevoked).toEqual([
      { role: 'ApiExecutionRole', service: 'api', action: 'logs:CreateLogStream', resource: 'ApiLogGroup.Arn' },
      { role: 'ApiExecutionRole', service: 'api', action: 'logs:PutLogEvents', resource: 'ApiLogGroup.Arn' },
    ]);
    expect(diff.restarts).toEqual([]);
    expect(diff.otherChanges.removed).toBe(0);
    const text = renderDiffText(diff);
    expect(text).toContain('Services\n  - api\n');
    expect(text).toContain('  - api: 8000/tcp from DefaultNetworkSecurityGroup\n');
  });

  it('(e) the same project twice: no changes', () => {
    const diff = diffRenders(before, filesOf(compose()));
    expect(diff).toEqual(NO_CHANGES);
    expect(renderDiffText(diff)).toBe('no changes\n');
  });

  it('reads a JSON render like a YAML one', () => {
    const json = renderedFiles('proj', renderText(compose(), 'proj'), 'json');
    expect(diffRenders(before, json)).toEqual(NO_CHANGES);
  });
});

describe('diffRenders on a project split into nested stacks', () => {
  /** Renders a compose file, without the extras of the test helpers (a large project is slow to review). */
  const render = (file: string): RenderResult => {
    return compileChecked({ files: [file], environment: {} }).rendered;
  };
  const file = generateProject(mkdtempSync(path.join(tmpdir(), 'compose-x-review-')), 100);
  const result = render(file);
  const split = renderedFiles('bench-100', result, 'yaml');

  it('sees no change in the split itself', () => {
    expect(Object.keys(split).length).toBeGreaterThan(3);
    expect(diffRenders({ 'bench-100.yaml': templateYaml(result.template) }, split)).toEqual(NO_CHANGES);
  });

  it('sees one restart for one new image', () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(image: \S*svc-0050:)\S+/, '$12.0.0'));
    expect(diffRenders(split, renderedFiles('bench-100', render(file), 'yaml'))).toEqual({
      ...NO_CHANGES,
      restarts: [{ service: 'svc-0050', resource: 'Svc0050TaskDefinition', reason: ['Image'] }],
    });
  });
});

describe('REPLACING_PROPERTIES', () => {
  it('are the properties the AWS resource specification says replace a resource', async () => {
    const db = await loadSpec();
    for (const [type, properties] of Object.entries(REPLACING_PROPERTIES)) {
      const spec = resourceSpec(db, type);
      const replacing = Object.entries(spec?.properties ?? {}).filter(([, property]) => property.causesReplacement === 'yes');
      expect([type, [...properties]]).toEqual([type, replacing.map(([name]) => name).sort()]);
    }
  });
});
