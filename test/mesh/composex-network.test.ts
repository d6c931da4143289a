import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { parseErrorOf } from '../helpers/parse-error.js';
import { renderFile, renderText } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const FIXTURE = 'test/fixtures/composex/services/docker-compose.yml';
const result = renderFile(FIXTURE);
const resources = result.template.toJSON()['Resources'] as Resources;

function inlineOf(r: { template: { toJSON(): Record<string, unknown> } }, group: string): unknown[] {
  const all = r.template.toJSON()['Resources'] as Resources;
  return (all[group]!.Properties['SecurityGroupIngress'] as unknown[] | undefined) ?? [];
}

function inline(group: string): unknown[] {
  return (resources[group]!.Properties['SecurityGroupIngress'] as unknown[] | undefined) ?? [];
}

describe('ECS ComposeX x-network Ingress', () => {
  it('admits each ExtSources CIDR on the service ports only, an address as its /32', () => {
    expect(inline('YelbUiSecurityGroup')).toEqual(
      expect.arrayContaining([
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.0.0.0/8', Description: 'from corporate (x-network Ingress)' },
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '1.1.1.1/32', Description: 'from CloudFlareDNS (x-network Ingress)' },
      ]),
    );
    expect(inline('YelbUiSecurityGroup')).toHaveLength(4);
  });

  it('admits AwsSources: a security group of another account and a prefix list, by Id', () => {
    expect(inline('YelbAppserverSecurityGroup')).toEqual([
      { IpProtocol: 'tcp', FromPort: 4567, ToPort: 4567, SourceSecurityGroupId: { 'Fn::GetAtt': ['DefaultNetworkSecurityGroup', 'GroupId'] }, Description: 'from network default' },
      {
        IpProtocol: 'tcp',
        FromPort: 4567,
        ToPort: 4567,
        SourceSecurityGroupId: 'sg-0123456789abcdef0',
        SourceSecurityGroupOwnerId: '123456789012',
        Description: 'from sg-0123456789abcdef0 (x-network Ingress)',
      },
      { IpProtocol: 'tcp', FromPort: 4567, ToPort: 4567, SourcePrefixListId: 'pl-0a1b2c3d', Description: 'from office (x-network Ingress)' },
    ]);
  });

  it('admits Services and Myself with rules of their own (no cycle between groups), on the ports only', () => {
    const rules = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroupIngress' && String(r.Properties['Description']).includes('x-network'));
    expect(Object.fromEntries(rules.map(([id, r]) => [id, r.Properties]))).toEqual({
      YelbAppserverFromYelbUi4567Ingress: {
        GroupId: { 'Fn::GetAtt': ['YelbAppserverSecurityGroup', 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 4567,
        ToPort: 4567,
        SourceSecurityGroupId: { 'Fn::GetAtt': ['YelbUiSecurityGroup', 'GroupId'] },
        Description: 'from yelb-ui (x-network Ingress)',
      },
      RedisServerFromYelbAppserver6379Ingress: {
        GroupId: { 'Fn::GetAtt': ['RedisServerSecurityGroup', 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
        SourceSecurityGroupId: { 'Fn::GetAtt': ['YelbAppserverSecurityGroup', 'GroupId'] },
        Description: 'from yelb-appserver (x-network Ingress)',
      },
      RedisServerFromRedisServer6379Ingress: {
        GroupId: { 'Fn::GetAtt': ['RedisServerSecurityGroup', 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
        SourceSecurityGroupId: { 'Fn::GetAtt': ['RedisServerSecurityGroup', 'GroupId'] },
        Description: 'from redis-server (x-network Ingress)',
      },
    });
  });

  it('shows the sources in the review', () => {
    expect(result.review).toMatch(/10\.0\.0\.0\/8 \(corporate\)/);
    expect(result.review).toMatch(/pl-0a1b2c3d \(office\)/);
  });

  it('refuses a service it does not know, at its line', () => {
    const error = parseErrorOf(() =>
      renderText('services:\n  a:\n    image: a\n    expose: ["80"]\n    x-network:\n      Ingress:\n        Services:\n          - Name: nope\n'),
    );
    expect(error).toMatchObject({ code: 'E_INGRESS_SERVICE_UNKNOWN', position: { line: 8 } });
  });

  it('warns of a port the service does not listen on, and opens nothing there', () => {
    const r = renderText('services:\n  a:\n    image: a\n    expose: ["80"]\n    x-network:\n      Ingress:\n        ExtSources:\n          - IPv4: 10.0.0.0/8\n            Ports: [81]\n');
    expect(r.warnings.map((w) => [w.code, w.path])).toContainEqual(['W_INGRESS_PORT_UNKNOWN', ['services', 'a', 'x-network', 'Ingress', 'ExtSources', 0, 'Ports']]);
    expect(JSON.stringify(r.template.toJSON())).not.toContain('10.0.0.0/8');
  });
});

describe('ECS ComposeX x-network x-ecs_connect and x-cloudmap', () => {
  const connect = (id: string): Record<string, unknown> => resources[id]!.Properties['ServiceConnectConfiguration'] as Record<string, unknown>;

  it('puts the services in the Service Connect namespace MacroParameters names', () => {
    expect(resources['ServiceConnectNamespace']!.Properties).toMatchObject({ Name: 'yelb.internal' });
  });

  it('reads MacroParameters service_ports: DnsName is the alias, CloudMapServiceName the discovery name', () => {
    expect(connect('YelbAppserverService')['Services']).toEqual([{ PortName: 'tcp_4567', DiscoveryName: 'yelb-appserver', ClientAliases: [{ DnsName: 'yelb-appserver', Port: 4567 }] }]);
    const container = (resources['YelbAppserverTaskDefinition']!.Properties['ContainerDefinitions'] as { PortMappings: unknown[] }[])[0]!;
    expect(container.PortMappings).toEqual([expect.objectContaining({ ContainerPort: 4567, Name: 'tcp_4567' })]);
  });

  it('reads Properties as a ServiceConnectConfiguration', () => {
    expect(connect('RedisServerService')['Services']).toEqual([{ PortName: 'tcp_6379', DiscoveryName: 'redis', ClientAliases: [{ DnsName: 'redis-server', Port: 6379 }] }]);
  });

  it('makes a service without service_ports client-only', () => {
    expect(connect('YelbUiService')['Services']).toBeUndefined();
    expect(connect('YelbUiService')['Enabled']).toBe(true);
  });

  it('registers a service with x-network.x-cloudmap in Cloud Map DNS, in the namespace it names', () => {
    expect(resources['CloudMapNamespace']).toMatchObject({ Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace', Properties: { Name: 'dns.internal' } });
    expect(resources['RedisServerCloudMapService']!.Properties).toMatchObject({ Name: 'redis-server' });
    expect(resources['RedisServerService']!.Properties['ServiceRegistries']).toEqual([{ RegistryArn: { 'Fn::GetAtt': ['RedisServerCloudMapService', 'Arn'] } }]);
  });

  it('refuses a service port it does not have', () => {
    const text = 'services:\n  a:\n    image: a\n    expose: ["80"]\n    x-network:\n      x-ecs_connect:\n        MacroParameters:\n          service_ports:\n            tcp_81: {DnsName: a}\n';
    expect(parseErrorOf(() => renderText(text))).toMatchObject({ code: 'E_ECS_CONNECT_PORT', path: ['services', 'a', 'x-network', 'x-ecs_connect', 'MacroParameters', 'service_ports', 'tcp_81'] });
  });
});

describe('ECS ComposeX x-network: what is not carried, and the whole project', () => {
  it('warns, naming them, of AssignPublicIp and Ingress Services DependsOn', () => {
    expect(result.warnings.filter((w) => w.code === 'W_COMPOSEX_EXTENSION').map((w) => w.path)).toEqual([
      ['services', 'redis-server', 'x-network', 'Ingress', 'Services', 0, 'DependsOn'],
      ['services', 'yelb-ui', 'x-network', 'AssignPublicIp'],
    ]);
  });

  it('warns of an AwsSources Lookup (the source is not admitted) and of the Service Connect LogConfiguration', () => {
    const text = [
      'services:',
      '  a:',
      '    image: a',
      '    expose: ["80"]',
      '    x-network:',
      '      Ingress:',
      '        AwsSources:',
      '          - Type: SecurityGroup',
      '            Lookup: {Tags: [{Name: shared}]}',
      '      x-ecs_connect:',
      '        Properties:',
      '          LogConfiguration: {LogDriver: awslogs}',
      '          Services: [{PortName: tcp_80}]',
      '',
    ].join('\n');
    const r = renderText(text);
    expect(r.warnings.filter((w) => w.code === 'W_COMPOSEX_EXTENSION').map((w) => [w.path, w.position?.line])).toEqual([
      [['services', 'a', 'x-network', 'Ingress', 'AwsSources', 0, 'Lookup'], 9],
      [['services', 'a', 'x-network', 'x-ecs_connect', 'Properties', 'LogConfiguration'], 12],
    ]);
    expect(inlineOf(r, 'ASecurityGroup').filter((rule) => JSON.stringify(rule).includes('x-network'))).toEqual([]);
  });

  it('renders a template that passes the offline specification check and cfn-lint', async () => {
    expect(await checkTemplate(result.template.toJSON())).toEqual([]);
    if (!cfnLintAvailable()) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'x-network-'));
    const files = Object.entries(renderedFiles(result.name, result, 'yaml')).filter(([name]) => name.endsWith('.yaml'));
    for (const [name, content] of files) writeFileSync(path.join(dir, name), content);
    expect(runCfnLint(files.map(([name]) => path.join(dir, name))).errors).toEqual([]);
  });
});
