import path from 'node:path';
import { renderFile, renderText } from '../helpers/render-project.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Resources = Record<string, Resource>;

const time = renderFile(path.join('examples', 'appmesh-time', 'docker-compose.yml'));
const blueGreen = renderFile(path.join('examples', 'appmesh-blue-green', 'docker-compose.yml'));
const resourcesOf = (r: typeof time): Resources => r.template.toJSON()['Resources'] as Resources;
const T = resourcesOf(time);
const BG = resourcesOf(blueGreen);

const ofType = (r: Resources, type: string): string[] => Object.keys(r).filter((id) => r[id]!.Type === type).sort();
const executionStatements = (r: Resources, role: string): Record<string, unknown>[] =>
  (r[role]!.Properties['Policies'] as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]!.PolicyDocument.Statement;
const containers = (r: Resources, id: string): Record<string, unknown>[] => r[`${id}TaskDefinition`]!.Properties['ContainerDefinitions'] as Record<string, unknown>[];

describe('App Mesh rendering (appmesh-time, ComposeX syntax)', () => {
  it('creates the mesh with DROP_ALL egress', () => {
    expect(T['Mesh']).toEqual({ Type: 'AWS::AppMesh::Mesh', Properties: { MeshName: 'time-mesh', Spec: { EgressFilter: { Type: 'DROP_ALL' } } } });
  });

  it('gives every node its listener, health check, Cloud Map discovery and backends', () => {
    expect(ofType(T, 'AWS::AppMesh::VirtualNode')).toEqual(['App01VirtualNode', 'ClockVirtualNode', 'RedisVirtualNode', 'WatchVirtualNode']);
    expect(T['App01VirtualNode']!.Properties['Spec']).toEqual({
      Listeners: [
        {
          PortMapping: { Port: 5000, Protocol: 'http' },
          HealthCheck: { Protocol: 'http', Port: 5000, Path: '/', HealthyThreshold: 2, UnhealthyThreshold: 3, TimeoutMillis: 2000, IntervalMillis: 5000 },
        },
      ],
      ServiceDiscovery: { AWSCloudMap: { NamespaceName: 'appmesh-time.local', ServiceName: 'app01' } },
      Backends: [
        { VirtualService: { VirtualServiceName: 'cache.appmesh-time.local' } },
        { VirtualService: { VirtualServiceName: 'time.appmesh-time.local' } },
      ],
    });
    expect((T['RedisVirtualNode']!.Properties['Spec'] as { Listeners: { PortMapping: object }[] }).Listeners[0]!.PortMapping).toEqual({ Port: 6379, Protocol: 'tcp' });
    expect(T['ClockVirtualNode']!.Properties['Spec']).not.toHaveProperty('Backends');
  });

  it('routes time 1:1 between clock and watch, and cache over TCP to redis', () => {
    const http = T['TimeHttp0Route']!.Properties['Spec'] as { HttpRoute: { Match: object; Action: { WeightedTargets: object[] } } };
    expect(http.HttpRoute.Match).toEqual({ Prefix: '/' });
    expect(http.HttpRoute.Action.WeightedTargets).toEqual([
      { VirtualNode: { 'Fn::GetAtt': ['ClockVirtualNode', 'VirtualNodeName'] }, Weight: 1 },
      { VirtualNode: { 'Fn::GetAtt': ['WatchVirtualNode', 'VirtualNodeName'] }, Weight: 1 },
    ]);
    expect(T['CacheTcp0Route']!.Properties['Spec']).toEqual({
      TcpRoute: { Action: { WeightedTargets: [{ VirtualNode: { 'Fn::GetAtt': ['RedisVirtualNode', 'VirtualNodeName'] }, Weight: 1 }] } },
    });
  });

  it('gives a placeholder instance at 169.254.255.254 exactly to the names that are not compose services', () => {
    expect(ofType(T, 'AWS::ServiceDiscovery::Instance')).toEqual(['CacheVirtualServicePlaceholderInstance', 'TimeVirtualServicePlaceholderInstance']);
    expect(T['TimeVirtualServicePlaceholderInstance']!.Properties).toEqual({
      ServiceId: { 'Fn::GetAtt': ['TimeVirtualServicePlaceholderService', 'Id'] },
      InstanceAttributes: { AWS_INSTANCE_IPV4: '169.254.255.254' },
    });
    expect(ofType(BG, 'AWS::ServiceDiscovery::Instance')).toEqual(['SplitVirtualServicePlaceholderInstance']);
  });

  it('adds the Envoy sidecar, the proxy configuration and a HEALTHY dependency', () => {
    const [app, envoy] = containers(T, 'App01');
    expect(app!['DependsOn']).toEqual([{ ContainerName: 'envoy', Condition: 'HEALTHY' }]);
    expect(envoy).toMatchObject({
      Name: 'envoy',
      Image: { Ref: 'EnvoyImage' },
      Essential: true,
      User: '1337',
      Environment: [{ Name: 'APPMESH_RESOURCE_ARN', Value: { Ref: 'App01VirtualNode' } }],
      Ulimits: [{ Name: 'nofile', SoftLimit: 15000, HardLimit: 15000 }],
      HealthCheck: { Command: ['CMD-SHELL', 'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE'] },
    });
    expect(T['App01TaskDefinition']!.Properties['ProxyConfiguration']).toEqual({
      Type: 'APPMESH',
      ContainerName: 'envoy',
      ProxyConfigurationProperties: [
        { Name: 'AppPorts', Value: '5000' },
        { Name: 'EgressIgnoredIPs', Value: '169.254.170.2,169.254.169.254' },
        { Name: 'IgnoredUID', Value: '1337' },
        { Name: 'ProxyEgressPort', Value: '15001' },
        { Name: 'ProxyIngressPort', Value: '15000' },
      ],
    });
  });

  it("takes the Envoy image from the region's public SSM parameter, which the execution role may pull from AWS's repository", () => {
    const parameters = time.template.toJSON()['Parameters'] as Record<string, object>;
    expect(parameters['EnvoyImage']).toMatchObject({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/aws/service/appmesh/envoy' });
    expect(time.parameters['EnvoyImage']).toBe('/aws/service/appmesh/envoy');
    const repository = {
      'Fn::Sub': [
        'arn:${AWS::Partition}:ecr:${AWS::Region}:${Account}:repository/aws-appmesh-envoy',
        { Account: { 'Fn::Select': [0, { 'Fn::Split': ['.', { Ref: 'EnvoyImage' }] }] } },
      ],
    };
    for (const [resources, role] of [[T, 'App01ExecutionRole'], [BG, 'BlueExecutionRole'], [BG, 'FrontGatewayExecutionRole']] as const) {
      expect([role, executionStatements(resources, role)]).toEqual([
        role,
        expect.arrayContaining([
          { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
          { Sid: 'PullImages', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: [repository] },
        ]),
      ]);
    }
  });

  it.each([
    ['a private ECR image, pulled from its repository', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/envoy:v1.29.12.1-prod', [{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/mirror/envoy' }]],
    ['a public image, with no pull grant', 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.12.1-prod', undefined],
  ])('keeps x-appmesh.Envoy.Image as the default of a String parameter: %s', (_name, image, pulled) => {
    const r = renderText(`services:\n  a: {image: nginx, ports: ["80:80"]}\nx-appmesh:\n  Envoy: {Image: "${image}"}\n  Settings:\n    Nodes: [{Name: a}]\n`);
    const resources = resourcesOf(r);
    expect((r.template.toJSON()['Parameters'] as Record<string, object>)['EnvoyImage']).toMatchObject({ Type: 'String', Default: image });
    const pull = executionStatements(resources, 'AExecutionRole').find((s) => s['Sid'] === 'PullImages');
    expect(pull?.['Resource']).toEqual(pulled);
  });

  it('sizes the task with the Envoy budget', () => {
    expect(T['App01TaskDefinition']!.Properties).toMatchObject({ Cpu: '512', Memory: '1024' });
  });

  it('lets the task role stream its own node configuration, and nothing else', () => {
    const policies = T['ClockTaskRole']!.Properties['Policies'] as { PolicyDocument: { Statement: object[] } }[];
    expect(policies).toHaveLength(1);
    expect(policies[0]!.PolicyDocument.Statement).toEqual([
      { Sid: 'AppMeshEnvoy', Effect: 'Allow', Action: 'appmesh:StreamAggregatedResources', Resource: { Ref: 'ClockVirtualNode' } },
    ]);
  });

  it('opens each node only to the nodes whose backends lead to it, on its listener port', () => {
    const sources = (id: string): string[] =>
      ((T[id]!.Properties['SecurityGroupIngress'] as { FromPort: number; CidrIp?: string; SourceSecurityGroupId?: { 'Fn::GetAtt': [string] } }[]) ?? []).map(
        (r) => `${r.SourceSecurityGroupId?.['Fn::GetAtt'][0] ?? r.CidrIp}:${r.FromPort}`,
      );
    expect(sources('ClockSecurityGroup')).toEqual(['App01SecurityGroup:5000']);
    expect(sources('WatchSecurityGroup')).toEqual(['App01SecurityGroup:5000']);
    expect(sources('RedisSecurityGroup')).toEqual(['App01SecurityGroup:6379']);
    expect(sources('App01SecurityGroup')).toEqual(['ApplicationLoadBalancerSecurityGroup:5000']);
    expect(ofType(T, 'AWS::EC2::SecurityGroup')).not.toContain('DefaultNetworkSecurityGroup');
  });

  it('registers every node in the Cloud Map namespace and turns Service Connect off', () => {
    expect(T['App01Service']!.Properties['ServiceRegistries']).toEqual([{ RegistryArn: { 'Fn::GetAtt': ['App01CloudMapService', 'Arn'] } }]);
    expect(T['App01Service']!.Properties['ServiceConnectConfiguration']).toBeUndefined();
  });

  it('warns once that App Mesh is discontinued, with the way out', () => {
    const said = time.warnings.filter((w) => w.code === 'W_APPMESH_DISCONTINUED');
    expect(said).toHaveLength(1);
    expect(said[0]!.message).toContain('2026-09-30');
    expect(said[0]!.message).toContain('compose-x render --mesh serviceconnect');
  });
});

describe('App Mesh gateway (appmesh-blue-green)', () => {
  it('routes /blue, /green and /split to their virtual services', () => {
    const routes = ofType(BG, 'AWS::AppMesh::GatewayRoute').map((id) => BG[id]!.Properties['Spec']);
    expect(routes).toEqual(
      ['blue', 'green', 'split'].map((name) => ({
        HttpRoute: {
          Action: { Target: { VirtualService: { VirtualServiceName: { 'Fn::GetAtt': [`${name[0]!.toUpperCase()}${name.slice(1)}VirtualService`, 'VirtualServiceName'] } } } },
          Match: { Prefix: `/${name}` },
        },
      })),
    );
  });

  it('keeps 50:50 as 50:50, with the retry policy and timeout', () => {
    const spec = BG['SplitHttp0Route']!.Properties['Spec'] as { HttpRoute: { Action: { WeightedTargets: { Weight: number }[] }; RetryPolicy: object; Timeout: object } };
    expect(spec.HttpRoute.Action.WeightedTargets.map((t) => t.Weight)).toEqual([50, 50]);
    expect(spec.HttpRoute.RetryPolicy).toEqual({ MaxRetries: 2, PerRetryTimeout: { Unit: 's', Value: 2 }, HttpRetryEvents: ['server-error', 'gateway-error'] });
    expect(spec.HttpRoute.Timeout).toEqual({ PerRequest: { Unit: 's', Value: 10 } });
  });

  it('runs the gateway as an Envoy-only service behind a public network load balancer', () => {
    expect(BG['FrontLoadBalancer']!.Properties).toMatchObject({ Type: 'network', Scheme: 'internet-facing' });
    expect(BG['FrontTargetGroup']!.Properties).toMatchObject({ TargetType: 'ip', Port: 80, Protocol: 'TCP' });
    expect(BG['FrontListener']!.Properties).toMatchObject({
      LoadBalancerArn: { Ref: 'FrontLoadBalancer' },
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'FrontTargetGroup' } }],
    });
    expect(BG['FrontGatewayService']!.Properties['LoadBalancers']).toEqual([{ ContainerName: 'envoy', ContainerPort: 80, TargetGroupArn: { Ref: 'FrontTargetGroup' } }]);
    const gatewayContainers = BG['FrontGatewayTaskDefinition']!.Properties['ContainerDefinitions'] as { Name: string; Environment: { Name: string; Value: unknown }[] }[];
    expect(gatewayContainers.map((c) => c.Name)).toEqual(['envoy', 'xray-daemon']);
    expect(gatewayContainers[0]!.Environment[0]).toEqual({ Name: 'APPMESH_RESOURCE_ARN', Value: { Ref: 'FrontVirtualGateway' } });
  });

  it('runs the gateway Envoy as the image user, which may bind the listener port 80 (no proxy configuration, so no uid 1337)', () => {
    const gateway = BG['FrontGatewayTaskDefinition']!.Properties;
    const [envoy] = gateway['ContainerDefinitions'] as Record<string, unknown>[];
    expect(envoy).not.toHaveProperty('User');
    expect(gateway).not.toHaveProperty('ProxyConfiguration');
    expect(envoy!['PortMappings']).toEqual([{ ContainerPort: 80, Protocol: 'tcp' }]);
    const listener = (BG['FrontVirtualGateway']!.Properties['Spec'] as { Listeners: { PortMapping: { Port: number }; HealthCheck: { Port: number } }[] }).Listeners[0]!;
    expect([listener.PortMapping.Port, listener.HealthCheck.Port]).toEqual([80, 80]);
    expect(containers(BG, 'Blue')[1]).toMatchObject({ Name: 'envoy', User: '1337' });
  });

  it('drains a stopping gateway task for 30 s, not the 300 s default, and gives a new one time to fetch its configuration', () => {
    expect(BG['FrontTargetGroup']!.Properties['TargetGroupAttributes']).toEqual([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]);
    expect(BG['FrontGatewayService']!.Properties['HealthCheckGracePeriodSeconds']).toBe(60);
  });

  it('wires the world -> load balancer -> gateway -> services, nothing else', () => {
    const from = (id: string): string[] =>
      ((BG[id]!.Properties['SecurityGroupIngress'] as { FromPort: number; CidrIp?: string; SourceSecurityGroupId?: { 'Fn::GetAtt': [string] } }[]) ?? []).map(
        (r) => `${r.SourceSecurityGroupId?.['Fn::GetAtt'][0] ?? r.CidrIp}:${r.FromPort}`,
      );
    expect(from('FrontLoadBalancerSecurityGroup')).toEqual(['0.0.0.0/0:80']);
    expect(from('FrontGatewaySecurityGroup')).toEqual(['FrontLoadBalancerSecurityGroup:80']);
    expect(from('BlueSecurityGroup')).toEqual(['FrontGatewaySecurityGroup:3000', 'GreenSecurityGroup:3000']);
    expect(from('GreenSecurityGroup')).toEqual(['FrontGatewaySecurityGroup:3000']);
  });

  it('runs the X-Ray daemon Envoy traces to beside every Envoy, with the permission to send the traces', () => {
    const xray = {
      Sid: 'XRayDaemon',
      Effect: 'Allow',
      Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
      Resource: '*',
    };
    const daemon = {
      Name: 'xray-daemon',
      Image: { Ref: 'XRayDaemonImage' },
      Essential: false,
      Cpu: 32,
      MemoryReservation: 256,
      PortMappings: [{ ContainerPort: 2000, Protocol: 'udp' }],
    };
    const [app, , blueDaemon] = containers(BG, 'Blue');
    expect(blueDaemon).toMatchObject({ ...daemon, User: '1337' });
    expect(app!['DependsOn']).toEqual([
      { ContainerName: 'envoy', Condition: 'HEALTHY' },
      { ContainerName: 'xray-daemon', Condition: 'START' },
    ]);
    const [, gatewayDaemon] = containers(BG, 'FrontGateway');
    expect(gatewayDaemon).toMatchObject(daemon);
    expect(gatewayDaemon).not.toHaveProperty('User');
    for (const role of ['BlueTaskRole', 'GreenTaskRole', 'FrontGatewayTaskRole']) {
      expect([role, (BG[role]!.Properties['Policies'] as { PolicyDocument: { Statement: object[] } }[])[0]!.PolicyDocument.Statement]).toEqual([role, expect.arrayContaining([xray])]);
    }
    expect((blueGreen.template.toJSON()['Parameters'] as Record<string, object>)['XRayDaemonImage']).toMatchObject({ Type: 'String', Default: 'public.ecr.aws/xray/aws-xray-daemon:latest' });
    expect(BG['BlueTaskDefinition']!.Properties).toMatchObject({ Cpu: '1024', Memory: '2048' });
    expect(containers(T, 'App01').map((c) => c['Name'])).toEqual(['app01', 'envoy']);
    expect(time.template.toJSON()['Parameters']).not.toHaveProperty('XRayDaemonImage');
  });

  it.each([
    ['another local port, which the daemon binds', '{Type: xray, Port: 2001}', ['--bind', '0.0.0.0:2001']],
    ['the default port', '{Type: xray}', undefined],
  ])('binds the X-Ray daemon to the port Envoy sends to: %s', (_name, tracing, command) => {
    const r = renderText(`services:\n  a: {image: nginx, ports: ["80:80"]}\nx-appmesh:\n  Envoy: {Tracing: ${tracing}}\n  Settings:\n    Nodes: [{Name: a}]\n`);
    expect(containers(resourcesOf(r), 'A')[2]?.['Command']).toEqual(command);
  });

  it('runs no daemon when Envoy sends its traces to one on another host', () => {
    const r = renderText('services:\n  a: {image: nginx, ports: ["80:80"]}\nx-appmesh:\n  Envoy: {Tracing: {Type: xray, Address: 10.0.0.5}}\n  Settings:\n    Nodes: [{Name: a}]\n');
    expect(containers(resourcesOf(r), 'A').map((c) => c['Name'])).toEqual(['a', 'envoy']);
  });

  it('passes the Envoy settings as the agent variables', () => {
    const envoy = containers(BG, 'Blue')[1] as { Environment: { Name: string; Value: unknown }[] };
    expect(envoy.Environment.map((e) => e.Name)).toEqual(['APPMESH_RESOURCE_ARN', 'ENABLE_ENVOY_XRAY_TRACING', 'ENVOY_LOG_LEVEL']);
  });
});
