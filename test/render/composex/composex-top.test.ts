import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Compilation } from '../../../src/pipeline/index.js';
import { checkTemplate } from '../../../src/render/spec-check/index.js';
import { snapRetention } from '../../../src/support/extensions/log-retention.js';
import { cfnLintAvailable, runCfnLint } from '../../helpers/cfn-lint.js';
import { compileChecked, renderText } from '../../helpers/render-project.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** A fixture of test/fixtures/composex/, copied to a temporary directory (with a lookup file when given). */
function compileFixture(name: string, lookup?: Record<string, string>): { compiled: Compilation; template: Json; codes: string[]; dir: string } {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), name);
  cpSync(path.join('test', 'fixtures', 'composex', name), dir, { recursive: true });
  if (lookup) writeFileSync(path.join(dir, 'compose-x.lookup.json'), JSON.stringify({ parameters: lookup }));
  const compiled = compileChecked({ files: [path.join(dir, 'docker-compose.yml')], environment: {} });
  return { compiled, template: compiled.rendered.template.toJSON(), codes: compiled.warnings.map((w) => `${w.code} ${(w.path ?? []).join('.')}`), dir };
}

const lint = (compiled: Compilation, name: string): string[] => {
  const out = mkdtempSync(path.join(tmpdir(), 'compose-x-lint-'));
  writeFileSync(path.join(out, `${name}.yaml`), compiled.templateFiles('yaml')[`${name}.yaml`]!);
  return runCfnLint([path.join(out, `${name}.yaml`)]).errors;
};

describe('ECS ComposeX top level: x-vpc and x-cluster Lookup, x-cloudmap namespaces, x-logging', () => {
  const { compiled, template, codes } = compileFixture('top');

  it('makes the looked-up VPC, subnets and cluster parameters without defaults, and says compose-x lookup fills them', () => {
    expect(template.Parameters.VpcId).toEqual({ Type: 'AWS::EC2::VPC::Id', Description: 'The VPC the services run in (x-vpc.Lookup).' });
    expect(template.Parameters.SubnetIds.Default).toBeUndefined();
    expect(template.Parameters.PublicSubnetIds.Type).toBe('List<AWS::EC2::Subnet::Id>');
    expect(template.Parameters.ClusterName).toEqual({ Type: 'String', Description: 'The existing ECS cluster the services run in (x-cluster.Lookup).' });
    expect(template.Resources.Cluster).toBeUndefined();
    expect(codes).toEqual(
      expect.arrayContaining([
        'W_LOOKUP_PENDING x-vpc.Lookup.VpcId',
        'W_LOOKUP_PENDING x-vpc.Lookup.AppSubnets',
        'W_LOOKUP_PENDING x-vpc.Lookup.PublicSubnets',
        'W_LOOKUP_PENDING x-cluster.Lookup',
      ]),
    );
    expect(compiled.rendered.lookups.map((r) => `${r.kind} ${r.parameter}`)).toEqual(['vpc VpcId', 'subnets SubnetIds', 'subnets PublicSubnetIds', 'cluster ClusterName']);
  });

  it('puts the load balancer in the PublicSubnets and the tasks in the AppSubnets', () => {
    const balancer = Object.values(template.Resources).find((r: Json) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') as Json;
    expect(balancer.Properties.Subnets).toEqual({ Ref: 'PublicSubnetIds' });
    expect(template.Resources.App01Service.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets).toEqual({ Ref: 'SubnetIds' });
  });

  it('registers app01 in the namespace of ZoneName its x-cloudmap names', () => {
    expect(template.Resources.CloudMapNamespace.Properties.Name).toBe('blog.internal');
    expect(template.Resources.App01CloudMapService.Properties.Name).toBe('app01');
  });

  it('keeps logs as x-logging says, snapped to a value CloudWatch allows, and warns of what is not carried', () => {
    expect(template.Resources.App01LogGroup.Properties.RetentionInDays).toBe(14);
    expect(template.Resources.RproxyLogGroup.Properties.RetentionInDays).toBe(30);
    expect(codes).toEqual(
      expect.arrayContaining([
        'W_LOG_RETENTION services.rproxy.x-logging.RetentionInDays',
        'W_COMPOSEX_EXTENSION x-logging.FireLens',
        'W_COMPOSEX_EXTENSION x-vpc.Lookup.StorageSubnets',
        'W_COMPOSEX_EXTENSION x-cluster.MacroParameters',
      ]),
    );
    expect([snapRetention(42), snapRetention(10), snapRetention(4000), snapRetention(14)]).toEqual([30, 7, 3653, 14]);
  });

  it('takes the values compose-x lookup wrote as the parameters\' defaults', () => {
    const looked = compileFixture('top', { VpcId: 'vpc-0abc', SubnetIds: 'subnet-1,subnet-2,subnet-3', PublicSubnetIds: 'subnet-4,subnet-5', ClusterName: 'blog' });
    expect(looked.template.Parameters.VpcId.Default).toBe('vpc-0abc');
    expect(looked.template.Parameters.SubnetIds.Default).toBe('subnet-1,subnet-2,subnet-3');
    expect(looked.template.Parameters.ClusterName.Default).toBe('blog');
    expect(looked.codes.filter((c) => c.startsWith('W_LOOKUP_PENDING'))).toEqual([]);
  });

  it('runs the X-Ray daemon beside app01 (x-xray), with its task-role permissions and room in the task', () => {
    const containers = template.Resources.App01TaskDefinition.Properties.ContainerDefinitions;
    expect(containers.map((c: Json) => c.Name)).toEqual(['app01', 'xray-daemon']);
    expect(containers[1]).toMatchObject({ Image: { Ref: 'XRayDaemonImage' }, Essential: false, PortMappings: [{ ContainerPort: 2000, Protocol: 'udp' }] });
    const statements = template.Resources.App01TaskRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Sid: 'XRayDaemon', Action: expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) }));
    expect(template.Resources.RproxyTaskDefinition.Properties.ContainerDefinitions).toHaveLength(1);
    expect(template.Parameters.XRayDaemonImage.Default).toBe('public.ecr.aws/xray/aws-xray-daemon:latest');
  });

  it('passes the offline specification check', async () => {
    expect(await checkTemplate(template)).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint', () => {
    expect(lint(compiled, 'top')).toEqual([]);
  }, 300_000);
});

describe('ECS ComposeX top level: x-vpc and x-cluster Properties, x-cloudmap Lookup', () => {
  const { compiled, template, codes } = compileFixture('top-create');

  it('makes the VPC with private subnets behind one NAT gateway (SingleNat) and the endpoints compose-x makes', () => {
    expect(Object.values(template.Resources).filter((r: Json) => r.Type === 'AWS::EC2::NatGateway')).toHaveLength(1);
    const endpoints = Object.values(template.Resources).filter((r: Json) => r.Type === 'AWS::EC2::VPCEndpoint').map((r: Json) => JSON.stringify(r.Properties.ServiceName));
    expect(endpoints.some((e) => e.includes('ecr.api'))).toBe(true);
    expect(endpoints.some((e) => e.includes('s3'))).toBe(true);
    expect(codes).toEqual(expect.arrayContaining(['W_COMPOSEX_EXTENSION x-vpc.Properties.VpcCidr', 'W_COMPOSEX_EXTENSION x-vpc.Properties.Endpoints.AwsServices.3']));
  });

  it('makes the cluster of x-cluster.Properties: its name, capacity providers, strategy and settings', () => {
    expect(template.Resources.Cluster.Properties).toMatchObject({
      ClusterName: 'ANewCluster',
      CapacityProviders: ['FARGATE_SPOT', 'FARGATE'],
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
      DefaultCapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE_SPOT', Weight: 2, Base: 2 },
        { CapacityProvider: 'FARGATE', Weight: 1 },
      ],
    });
    expect(codes).toContain('W_COMPOSEX_EXTENSION x-cluster.Properties.Configuration');
  });

  it('registers in an existing namespace (Lookup: true): its ID a parameter left to compose-x lookup', () => {
    expect(template.Parameters.CloudMapNamespaceId.Default).toBeUndefined();
    expect(template.Resources.CloudMapNamespace).toBeUndefined();
    expect(template.Resources.App03CloudMapService.Properties.NamespaceId).toEqual({ Ref: 'CloudMapNamespaceId' });
    expect(codes).toContain('W_LOOKUP_PENDING x-cloudmap');
  });

  it('passes the offline specification check', async () => {
    expect(await checkTemplate(template)).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint', () => {
    expect(lint(compiled, 'top-create')).toEqual([]);
  }, 300_000);
});

describe("Docker's ECS integration: x-aws-cluster, x-aws-vpc, x-aws-pull_credentials, x-aws-logs_retention, x-aws-loadbalancer", () => {
  const { compiled, template, codes } = compileFixture('docker-ecs', { SubnetIds: 'subnet-a,subnet-b', LoadBalancerSecurityGroup: 'sg-0lb1234' });

  it('runs in the existing cluster and VPC, in the subnets compose-x lookup listed, with public IPs', () => {
    expect(template.Parameters.ClusterName).toMatchObject({ Default: 'my-existing-cluster', Description: 'The existing ECS cluster the services run in (x-aws-cluster).' });
    expect(template.Parameters.VpcId.Default).toBe('vpc-0123456789abcdef0');
    expect(template.Parameters.SubnetIds.Default).toBe('subnet-a,subnet-b');
    expect(template.Resources.FrontendService.Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('ENABLED');
    expect(compiled.rendered.lookups).toEqual([
      { kind: 'subnets', parameter: 'SubnetIds', from: 'x-aws-vpc', vpc: { id: 'vpc-0123456789abcdef0' }, tags: {} },
      { kind: 'load-balancer', parameter: 'LoadBalancerSecurityGroup', from: 'x-aws-loadbalancer', balancer: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-lb/1234567890abcdef', type: 'application', field: 'securityGroup' },
    ]);
  });

  it('pulls the image with the credentials of x-aws-pull_credentials, which the execution role may read', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pullcred-AbCdEf';
    const container = template.Resources.FrontendTaskDefinition.Properties.ContainerDefinitions.find((c: Json) => c.Name === 'frontend');
    expect(container.RepositoryCredentials).toEqual({ CredentialsParameter: arn });
    const statements = template.Resources.FrontendExecutionRole.Properties.Policies.flatMap((p: Json) => p.PolicyDocument.Statement);
    expect(statements).toContainEqual({ Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [arn] });
    expect(template.Resources.BackendTaskDefinition.Properties.ContainerDefinitions[0].RepositoryCredentials).toBeUndefined();
  });

  it('keeps every log group x-aws-logs_retention days, snapped', () => {
    expect(template.Resources.FrontendLogGroup.Properties.RetentionInDays).toBe(7);
    expect(template.Resources.BackendLogGroup.Properties.RetentionInDays).toBe(7);
    expect(codes).toContain('W_LOG_RETENTION x-aws-logs_retention');
  });

  it('adds the listener of port 80 to the load balancer of x-aws-loadbalancer, whose security group the frontend admits', () => {
    expect(template.Resources.ApplicationLoadBalancer).toBeUndefined();
    expect(template.Resources.ApplicationLoadBalancerHttp80Listener.Properties).toMatchObject({ LoadBalancerArn: { Ref: 'LoadBalancerArn' }, Port: 80, Protocol: 'HTTP' });
    expect(template.Parameters.LoadBalancerArn.Default).toBe('arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-lb/1234567890abcdef');
    expect(template.Parameters.LoadBalancerSecurityGroup.Default).toBe('sg-0lb1234');
    expect(JSON.stringify(template.Resources)).toContain('"SourceSecurityGroupId":{"Ref":"LoadBalancerSecurityGroup"}');
    expect(codes.filter((c) => c.endsWith('x-aws-loadbalancer'))).toEqual([]);
  });

  it('passes the offline specification check', async () => {
    expect(await checkTemplate(template)).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint', () => {
    expect(lint(compiled, 'docker-ecs')).toEqual([]);
  }, 300_000);
});

describe("ECS ComposeX's x-appmesh.Settings.Services[].x-cloudmap", () => {
  /** examples/appmesh-time with its virtual services registered in ComposeX namespaces. */
  const withNamespaces = (time: string, cache: string, namespaces = 'x-cloudmap:\n  mesh-ns:\n    ZoneName: time.internal\n  other-ns:\n    ZoneName: other.internal\n'): string => {
    const text = readFileSync(path.join('examples', 'appmesh-time', 'docker-compose.yml'), 'utf8')
      .replace('      - Name: time\n        Router: time\n', `      - Name: time\n        Router: time\n        x-cloudmap: ${time}\n`)
      .replace('      - Name: cache\n        Router: cache\n', `      - Name: cache\n        Router: cache\n        x-cloudmap: ${cache}\n`);
    return `${text}\n${namespaces}`;
  };

  it('registers the mesh in the namespace the virtual services name, and warns of a second one', () => {
    const { template, warnings } = renderText(withNamespaces('mesh-ns', 'other-ns'), 'appmesh-time');
    const resources: Json = template.toJSON()['Resources'];
    expect(resources.CloudMapNamespace.Properties.Name).toBe('time.internal');
    expect(warnings.map((w) => `${w.code} ${(w.path ?? []).join('.')}`)).toContain('W_COMPOSEX_EXTENSION x-appmesh.Settings.Services.1.x-cloudmap');
  });

  it('refuses a namespace the top-level x-cloudmap does not declare', () => {
    expect(() => renderText(withNamespaces('missing-ns', 'mesh-ns'), 'appmesh-time')).toThrow(/virtual service time is registered in the namespace missing-ns, which the top-level x-cloudmap does not declare/);
  });
});

describe('ECS ComposeX x-vpc.Lookup refused', () => {
  const lookupVpc = (lookup: string): string => `services:\n  web: {image: nginx}\nx-vpc:\n  Lookup:\n${lookup}`;

  it('without AppSubnets (E_XVPC_INCOMPLETE)', () => {
    expect(() => renderText(lookupVpc('    VpcId: vpc-0abc\n'))).toThrow(/x-vpc.Lookup sets no AppSubnets: the services run in the AppSubnets of the VPC of VpcId\./);
  });

  it('with a VpcId that is neither an ID nor an ARN (E_XVPC_LOOKUP)', () => {
    expect(() => renderText(lookupVpc('    VpcId: my-vpc\n    AppSubnets: [subnet-1]\n'))).toThrow(/x-vpc.Lookup.VpcId "my-vpc" is neither a VPC ID nor a VPC ARN\./);
  });

  it('takes a VPC ARN and subnet IDs as written, with nothing to look up', () => {
    const { template, lookups } = renderText(lookupVpc('    VpcId: arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc\n    AppSubnets: [subnet-1, subnet-2]\n'));
    const parameters: Json = template.toJSON()['Parameters'];
    expect([parameters.VpcId.Default, parameters.SubnetIds.Default]).toEqual(['vpc-0abc', 'subnet-1,subnet-2']);
    expect(lookups).toEqual([]);
  });
});
