import path from 'node:path';
import { renderFile, renderText } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function resources(compose: string, name = 'proj'): Resources {
  return renderText(compose, name).template.toJSON()['Resources'] as Resources;
}

function container(r: Resources, id: string): Record<string, unknown> {
  return (r[`${id}TaskDefinition`]!.Properties['ContainerDefinitions'] as Record<string, unknown>[])[0]!;
}

const COUNTER = 'services:\n  counter: {image: c, ports: ["8080:8080"], depends_on: [redis]}\n  redis: {image: r, expose: ["6379"]}\n';
const NAMESPACE = { 'Fn::GetAtt': ['ServiceConnectNamespace', 'Arn'] };

describe('Service Connect rendering', () => {
  it('creates <project>.local, the cluster default and each service configuration', () => {
    const r = resources(COUNTER, 'counter');
    expect(r['ServiceConnectNamespace']).toEqual({
      Type: 'AWS::ServiceDiscovery::HttpNamespace',
      Properties: { Name: 'counter.local', Description: expect.any(String) as unknown },
    });
    expect(r['Cluster']!.Properties['ServiceConnectDefaults']).toEqual({ Namespace: NAMESPACE });
    expect(r['RedisService']!.Properties['ServiceConnectConfiguration']).toEqual({
      Enabled: true,
      Namespace: NAMESPACE,
      Services: [{ PortName: 'redis-6379', DiscoveryName: 'redis', ClientAliases: [{ DnsName: 'redis', Port: 6379 }] }],
      LogConfiguration: {
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': { Ref: 'RedisLogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'redis-service-connect' },
      },
    });
    expect(container(r, 'Redis')['PortMappings']).toEqual([{ ContainerPort: 6379, Protocol: 'tcp', Name: 'redis-6379' }]);
  });

  it('makes a service without ports a client-only member', () => {
    const r = resources('services:\n  nginx: {image: n, expose: ["80"]}\n  ubuntu: {image: u}\n');
    const config = r['UbuntuService']!.Properties['ServiceConnectConfiguration'] as Record<string, unknown>;
    expect(config['Enabled']).toBe(true);
    expect(config['Services']).toBeUndefined();
  });

  it('is absent with x-serviceconnect: false', () => {
    const r = resources(`x-serviceconnect: false\n${COUNTER}`);
    expect(r['ServiceConnectNamespace']).toBeUndefined();
    expect(r['RedisService']!.Properties['ServiceConnectConfiguration']).toBeUndefined();
    expect(r['Cluster']!.Properties['ServiceConnectDefaults']).toBeUndefined();
  });

  it('uses an existing namespace ARN as a parameter', () => {
    const arn = 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc123';
    const result = renderText(`x-serviceconnect: {Namespace: "${arn}", Logs: false}\n${COUNTER}`);
    const r = result.template.toJSON()['Resources'] as Resources;
    expect(result.parameters).toEqual({ ServiceConnectNamespaceArn: arn });
    expect(r['ServiceConnectNamespace']).toBeUndefined();
    expect(r['RedisService']!.Properties['ServiceConnectConfiguration']).toMatchObject({ Namespace: { Ref: 'ServiceConnectNamespaceArn' } });
    expect(r['RedisService']!.Properties['ServiceConnectConfiguration']).not.toHaveProperty('LogConfiguration');
  });

  it('renders app protocol, timeouts, TLS, ingress port override and access logs', () => {
    const compose = [
      'x-serviceconnect: {AccessLogs: {Format: TEXT, IncludeQueryParameters: true}}',
      'services:',
      '  api:',
      '    image: a',
      '    ports: [{target: 50051, name: grpc, app_protocol: grpc}]',
      '    x-serviceconnect:',
      '      Services:',
      '        - PortName: grpc',
      '          IngressPortOverride: 15051',
      '          Timeout: {IdleTimeoutSeconds: 60, PerRequestTimeoutSeconds: 5}',
      '          Tls: {IssuerCertificateAuthority: {AwsPcaAuthorityArn: "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/x"}}',
      '  client: {image: c}',
    ].join('\n');
    const r = resources(compose);
    const config = r['ApiService']!.Properties['ServiceConnectConfiguration'] as Record<string, unknown>;
    expect(config['Services']).toEqual([
      {
        PortName: 'grpc',
        DiscoveryName: 'api',
        ClientAliases: [{ DnsName: 'api', Port: 50051 }],
        IngressPortOverride: 15051,
        Timeout: { IdleTimeoutSeconds: 60, PerRequestTimeoutSeconds: 5 },
        Tls: { IssuerCertificateAuthority: { AwsPcaAuthorityArn: 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/x' } },
      },
    ]);
    expect(config['AccessLogConfiguration']).toEqual({ Format: 'TEXT', IncludeQueryParameters: 'ENABLED' });
    expect(container(r, 'Api')['PortMappings']).toEqual([{ ContainerPort: 50051, Protocol: 'tcp', Name: 'grpc', AppProtocol: 'grpc' }]);
    const ingress = r['ApiSecurityGroup']!.Properties['SecurityGroupIngress'] as { FromPort: number }[];
    expect(ingress.map((i) => i.FromPort)).toEqual([15051]);
  });

  it('keeps the proxy log configuration that access logs need under Logs: false, and says so', () => {
    const result = renderText(`x-serviceconnect:\n  Logs: false\n  AccessLogs: {Format: JSON}\n${COUNTER}`);
    const r = result.template.toJSON()['Resources'] as Resources;
    const config = r['RedisService']!.Properties['ServiceConnectConfiguration'] as Record<string, unknown>;
    expect(config['AccessLogConfiguration']).toEqual({ Format: 'JSON', IncludeQueryParameters: 'DISABLED' });
    expect(config['LogConfiguration']).toEqual({
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': { Ref: 'RedisLogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'redis-service-connect' },
    });
    const warnings = result.warnings.filter((w) => w.code === 'W_SC_ACCESS_LOGS');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ path: ['x-serviceconnect', 'Logs'], position: { line: 2 } });
  });

  it('gives access logs the service log group when the service logs with driver none (CloudWatch Logs anyway)', () => {
    const compose = 'x-serviceconnect: {AccessLogs: {Format: TEXT}}\nservices:\n  api: {image: a, expose: ["80"], logging: {driver: none}}\n  client: {image: c}\n';
    const config = resources(compose)['ApiService']!.Properties['ServiceConnectConfiguration'] as Record<string, unknown>;
    expect(config['AccessLogConfiguration']).toBeDefined();
    expect(config['LogConfiguration']).toMatchObject({ LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'ApiLogGroup' } } });
  });

  it('opens no proxy port to the world: only the load balancer\'s listener, and target ports to it and to the network', () => {
    const r = resources(COUNTER);
    const groups = Object.entries(r).filter(([, x]) => x.Type === 'AWS::EC2::SecurityGroup');
    const rules = groups.flatMap(([id, x]) => ((x.Properties['SecurityGroupIngress'] as { FromPort: number; CidrIp?: string }[] | undefined) ?? []).map((rule) => ({ id, ...rule })));
    expect(rules.filter((x) => x.CidrIp).map((x) => [x.id, x.FromPort])).toEqual([['ApplicationLoadBalancerSecurityGroup', 8080]]);
    // redis's 6379 from the network; counter's 8080 from its load balancer and from the network; the balancer's listener.
    expect(rules.map((x) => x.FromPort).sort()).toEqual([6379, 8080, 8080, 8080]);
  });

  it('lets members reach each other only across the networks they share', () => {
    const r = resources(
      [
        'services:',
        '  gateway: {image: g, ports: ["80:80"], networks: [front]}',
        '  api: {image: a, expose: ["8080"], networks: [front, back]}',
        '  db: {image: d, expose: ["5432"], networks: [back]}',
        'networks: {front: {}, back: {}}',
      ].join('\n'),
    );
    const sources = (id: string): string[] =>
      ((r[id]!.Properties['SecurityGroupIngress'] as { SourceSecurityGroupId?: { 'Fn::GetAtt': [string] } }[]) ?? []).map(
        (rule) => rule.SourceSecurityGroupId?.['Fn::GetAtt'][0] ?? 'world',
      );
    const wears = (id: string): string[] =>
      ((r[`${id}Service`]!.Properties['NetworkConfiguration'] as { AwsvpcConfiguration: { SecurityGroups: { 'Fn::GetAtt': [string] }[] } })
        .AwsvpcConfiguration.SecurityGroups).map((g) => g['Fn::GetAtt'][0]);
    expect(Object.keys(r).filter((id) => id.endsWith('Service') && r[id]!.Type === 'AWS::ECS::Service').every((id) => r[id]!.Properties['ServiceConnectConfiguration'])).toBe(true);
    expect(sources('DbSecurityGroup')).toEqual(['BackNetworkSecurityGroup']);
    expect(wears('Gateway')).not.toContain('BackNetworkSecurityGroup');
    expect(wears('Api')).toContain('BackNetworkSecurityGroup');
    expect(sources('ApiSecurityGroup')).toEqual(['BackNetworkSecurityGroup', 'FrontNetworkSecurityGroup']);
    expect(sources('GatewaySecurityGroup')).toEqual(['ApplicationLoadBalancerSecurityGroup', 'FrontNetworkSecurityGroup']);
  });

  it('adds the proxy budget to the task size below 1 vCPU, where it would take half the task', () => {
    const r = resources('services:\n  a: {image: a, expose: ["80"], deploy: {resources: {limits: {cpus: "0.25", memory: 512M}}}}\n  b: {image: b}\n');
    expect(r['ATaskDefinition']!.Properties).toMatchObject({ Cpu: '512', Memory: '1024' });
    expect(container(r, 'A')).toMatchObject({ Cpu: 256, Memory: 512 });
  });

  it('fits the proxy inside the Fargate size an app of 1 vCPU or more sits on (shop: search keeps 2 vCPU, 4 GiB)', () => {
    const r = renderFile(path.join('examples', 'shop', 'docker-compose.yml')).template.toJSON()['Resources'] as Resources;
    expect(r['SearchTaskDefinition']!.Properties).toMatchObject({ Cpu: '2048', Memory: '4096' });
    expect(container(r, 'Search')).toMatchObject({ Cpu: 2048 - 256, Memory: 4096 - 64 });
    expect(r['CheckoutTaskDefinition']!.Properties).toMatchObject({ Cpu: '1024', Memory: '2048' });
    expect(container(r, 'Checkout')).toMatchObject({ Cpu: 1024 - 256, Memory: 2048 - 64 });
  });

  it('keeps a size with room for the proxy as it is, and the app container as compose says', () => {
    const r = resources('services:\n  a: {image: a, expose: ["80"], deploy: {resources: {limits: {cpus: "1.5", memory: 3G}}}}\n  b: {image: b}\n');
    expect(r['ATaskDefinition']!.Properties).toMatchObject({ Cpu: '2048', Memory: '4096' });
    expect(container(r, 'A')).toMatchObject({ Cpu: 1536, Memory: 3072 });
  });

  it('grows the task when the app reserves more than the size leaves beside the proxy', () => {
    const compose = 'services:\n  a: {image: a, expose: ["80"], deploy: {resources: {limits: {cpus: "1", memory: 2G}, reservations: {memory: 2G}}}}\n  b: {image: b}\n';
    const r = resources(compose);
    expect(r['ATaskDefinition']!.Properties).toMatchObject({ Cpu: '2048', Memory: '4096' });
    expect(container(r, 'A')).toMatchObject({ Cpu: 1024, Memory: 2048, MemoryReservation: 2048 });
  });

  it('lowers a reservation that sets the size itself to leave the proxy its memory', () => {
    const r = resources('services:\n  a: {image: a, expose: ["80"], deploy: {resources: {reservations: {cpus: "1", memory: 2G}}}}\n  b: {image: b}\n');
    expect(r['ATaskDefinition']!.Properties).toMatchObject({ Cpu: '1024', Memory: '2048' });
    expect(container(r, 'A')).toMatchObject({ MemoryReservation: 2048 - 64 });
    expect(container(r, 'A')).not.toHaveProperty('Cpu');
  });
});

describe('Cloud Map DNS rendering', () => {
  const compose = [
    'x-serviceconnect: false',
    'x-cloudmap: {Namespace: nginx.internal}',
    'services:',
    '  nginx: {image: n, expose: ["80"], x-cloudmap: {Name: nginx, Port: 80}}',
    '  ubuntu: {image: u}',
  ].join('\n');

  it('creates a private DNS namespace in the VPC and A records the ECS service registers in', () => {
    const r = resources(compose);
    expect(r['CloudMapNamespace']).toMatchObject({
      Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace',
      Properties: { Name: 'nginx.internal', Vpc: { Ref: 'Vpc' } },
    });
    expect(r['NginxCloudMapService']!.Properties).toMatchObject({
      Name: 'nginx',
      NamespaceId: { 'Fn::GetAtt': ['CloudMapNamespace', 'Id'] },
      DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 15 }] },
    });
    expect(r['NginxService']!.Properties['ServiceRegistries']).toEqual([{ RegistryArn: { 'Fn::GetAtt': ['NginxCloudMapService', 'Arn'] } }]);
    expect(r['UbuntuService']!.Properties['ServiceRegistries']).toBeUndefined();
  });
});
