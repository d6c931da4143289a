import { ParseError } from '../../src/parser/diagnostics.js';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate, parseTemplate } from '../../src/render/spec-check/index.js';
import type { RenderContext } from '../../src/render/context.js';
import { addListenerRule } from '../../src/render/load-balancer/listener-rule.js';
import { Template } from '../../src/render/template/template.js';
import { rulePriorities } from '../../src/mesh/ingress/rule-priority.js';
import { renderText } from '../helpers/render-project.js';
import { parseErrorOf } from '../helpers/parse-error.js';

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DependsOn?: string[] };
type Resources = Record<string, Resource>;

function render(compose: string): { resources: Resources; outputs: Record<string, { Value: unknown }>; warnings: { code: string; path?: readonly (string | number)[] }[] } {
  const result = renderText(compose);
  const json = result.template.toJSON();
  return { resources: json['Resources'] as Resources, outputs: (json['Outputs'] ?? {}) as Record<string, { Value: unknown }>, warnings: result.warnings };
}

function renderError(compose: string): ParseError {
  return parseErrorOf(() => renderText(compose));
}

const ofType = (r: Resources, type: string): string[] => Object.keys(r).filter((id) => r[id]!.Type === type);
const props = (r: Resources, id: string): Json => r[id]?.Properties ?? {};
const rulesOf = (r: Resources, id: string): Json[] => (props(r, id)['SecurityGroupIngress'] as Json[] | undefined) ?? [];
const priorityOf = (r: Resources, service: string): unknown => props(r, `${service}ListenerRule`)['Priority'];

describe('which load balancer a published port goes behind', () => {
  it('HTTP ports (the usual web ports, app_protocol http, x-ingress.Protocol) go behind the ALB; other TCP and UDP ports behind the NLB', () => {
    const { resources: r, warnings } = render(
      [
        'services:',
        '  web: {image: w, ports: ["8080:8080"]}',
        '  admin: {image: a, ports: [{target: 9000, published: "9000", app_protocol: http}]}',
        '  metrics: {image: m, ports: ["9100:9100"], x-ingress: {Protocol: http}}',
        '  mqtt: {image: q, ports: ["1883:1883"]}',
        '  tls: {image: t, ports: ["443:443"]}',
        '  db: {image: p, ports: [{target: 8000, published: "8000", app_protocol: postgresql}]}',
        '  dns: {image: d, ports: ["53:53/udp"], x-ingress: {HealthCheck: {Port: 8053}}}',
      ].join('\n'),
    );
    const groups = ofType(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').map((id) => [id, props(r, id)['Protocol'], props(r, id)['Port']]);
    expect(groups).toEqual([
      ['AdminTargetGroup', 'HTTP', 9000],
      ['DbTcp8000TargetGroup', 'TCP', 8000],
      ['DnsUdp53TargetGroup', 'UDP', 53],
      ['MetricsTargetGroup', 'HTTP', 9100],
      ['MqttTcp1883TargetGroup', 'TCP', 1883],
      ['TlsTcp443TargetGroup', 'TCP', 443],
      ['WebTargetGroup', 'HTTP', 8080],
    ]);
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer').map((id) => [id, props(r, id)['Type'], props(r, id)['Scheme']])).toEqual([
      ['ApplicationLoadBalancer', 'application', 'internet-facing'],
      ['NetworkLoadBalancer', 'network', 'internet-facing'],
    ]);
    expect(props(r, 'DnsUdp53TargetGroup')).toMatchObject({ HealthCheckProtocol: 'TCP', HealthCheckPort: '8053' });
    expect(warnings.map((w) => w.code)).not.toContain('W_INGRESS_UDP_HEALTH_CHECK');
  });

  it('a UDP port without a TCP port to check is a warning at the port', () => {
    const { warnings } = render('services:\n  dns: {image: d, ports: ["53:53/udp"]}\n');
    expect(warnings.filter((w) => w.code === 'W_INGRESS_UDP_HEALTH_CHECK').map((w) => w.path)).toEqual([['services', 'dns', 'ports', 0]]);
  });

  it('each balancer listens on the published port: 8080:80 on the ALB\'s 8080, 1884:1883 on the NLB\'s 1884', () => {
    const { resources: r, outputs } = render('services:\n  web: {image: w, ports: ["8080:80"]}\n  mqtt: {image: q, ports: ["1884:1883"]}\n');
    expect(props(r, 'ApplicationLoadBalancerHttp8080Listener')).toMatchObject({ Port: 8080, Protocol: 'HTTP' });
    expect(props(r, 'WebTargetGroup')).toMatchObject({ Port: 80 });
    expect(props(r, 'NetworkLoadBalancerTcp1884Listener')).toMatchObject({ Port: 1884, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'MqttTcp1884TargetGroup' } }] });
    expect(props(r, 'MqttTcp1884TargetGroup')).toMatchObject({ Port: 1883 });
    expect(outputs['WebUrl']?.Value).toEqual({ 'Fn::Sub': 'http://${ApplicationLoadBalancer.DNSName}:8080/' });
    expect(outputs['MqttTcp1884Url']?.Value).toEqual({ 'Fn::Sub': 'tcp://${NetworkLoadBalancer.DNSName}:1884' });
  });

  it('two HTTP ports of one service are an error at the second', () => {
    const error = renderError('services:\n  web:\n    image: w\n    ports: ["80:80", "8080:8080"]\n');
    expect(error.code).toBe('E_INGRESS_HTTP_PORTS');
    expect(error.path).toEqual(['services', 'web', 'ports', 1]);
  });

  it('gRPC needs an HTTPS listener', () => {
    const error = renderError('services:\n  greeter:\n    image: g\n    ports: [{target: 50051, published: "50051", app_protocol: grpc}]\n');
    expect(error.code).toBe('E_INGRESS_HTTPS_REQUIRED');
    const { resources: r } = render('x-ingress: {Domain: g.example.com, HostedZoneId: Z123}\nservices:\n  greeter: {image: g, ports: [{target: 50051, published: "50051", app_protocol: grpc}]}\n');
    expect(props(r, 'GreeterTargetGroup')).toMatchObject({ ProtocolVersion: 'GRPC', HealthCheckPath: '/AWS.ALB/healthcheck', Matcher: { GrpcCode: '12' } });
  });

  it('two services publishing one TCP port are an error', () => {
    expect(renderError('services:\n  a: {image: a, ports: ["1883:1883"]}\n  b: {image: b, ports: ["1883:1883"]}\n').code).toBe('E_INGRESS_LISTENER_PORT');
  });
});

describe('listener rules', () => {
  const three = ['services:', '  web: {image: w, ports: ["80:80"]}', '  api: {image: a, ports: ["3000:3000"], x-ingress: {Path: /api}}', '  v2: {image: v, ports: ["3001:3001"], x-ingress: {Path: /api/v2/}}'];

  it('host and path conditions; a Path puts the service on port 80 whatever it publishes', () => {
    const { resources: r } = render([...three, '  docs: {image: d, ports: ["4000:4000"], x-ingress: {Host: docs.example.com}}'].join('\n'));
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::Listener')).toEqual(['ApplicationLoadBalancerHttp80Listener']);
    expect(props(r, 'ApiListenerRule')).toMatchObject({
      ListenerArn: { Ref: 'ApplicationLoadBalancerHttp80Listener' },
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api', '/api/*'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'ApiTargetGroup' } }],
    });
    expect(props(r, 'V2ListenerRule')['Conditions']).toEqual([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/v2', '/api/v2/*'] } }]);
    expect(props(r, 'DocsListenerRule')['Conditions']).toEqual([
      { Field: 'host-header', HostHeaderConfig: { Values: ['docs.example.com'] } },
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } },
    ]);
    expect(props(r, 'ApplicationLoadBalancerHttp80Listener')['DefaultActions']).toEqual([
      { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' } },
    ]);
  });

  it('put host rules first, then deeper paths first', () => {
    const { resources: r } = render([...three, '  docs: {image: d, ports: ["4000:4000"], x-ingress: {Host: docs.example.com}}'].join('\n'));
    const order = ['Docs', 'V2', 'Api', 'Web'].map((s) => priorityOf(r, s) as number);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const p of order) expect(p).toBeGreaterThanOrEqual(1);
    expect(Math.max(...order)).toBeLessThanOrEqual(50000);
  });

  it('keep their priorities when a service is added or removed', () => {
    const before = render(three.join('\n')).resources;
    const after = render([...three, '  admin: {image: x, ports: ["9000:9000"], x-ingress: {Path: /admin, Protocol: http}}'].join('\n')).resources;
    const fewer = render(three.filter((line) => !line.includes('v2')).join('\n')).resources;
    for (const s of ['Web', 'Api', 'V2']) expect(priorityOf(after, s)).toBe(priorityOf(before, s));
    for (const s of ['Web', 'Api']) expect(priorityOf(fewer, s)).toBe(priorityOf(before, s));
  });

  it('x-ingress.Priority pins a rule; two pinned to one number are an error', () => {
    const { resources: r } = render('services:\n  web: {image: w, ports: ["80:80"], x-ingress: {Priority: 7}}\n');
    expect(priorityOf(r, 'Web')).toBe(7);
    const error = renderError('services:\n  a: {image: a, ports: ["80:80"], x-ingress: {Priority: 7}}\n  b: {image: b, ports: ["80:80"], x-ingress: {Path: /b, Priority: 7}}\n');
    expect(error.code).toBe('E_INGRESS_PRIORITY');
  });

  it('two services at one host and path of a listener are an error that says how to tell them apart', () => {
    const error = renderError('services:\n  a: {image: a, ports: ["80:80"]}\n  b:\n    image: b\n    ports: ["8080:8080"]\n    x-ingress: {Path: /}\n');
    expect(error.code).toBe('E_INGRESS_RULE_CLASH');
    expect(error.position).toMatchObject({ line: 6 });
    expect(error.hint).toMatch(/x-ingress\.Path/);
  });

  it('a slot taken by another key: the key that sorts first keeps it, the other takes the next one, with a warning', () => {
    const keys = Array.from({ length: 400 }, (_, i) => `proj/s${i}`);
    const { moved } = rulePriorities(keys.map((key) => ({ key, path: '/' })));
    expect(moved.length).toBeGreaterThan(0);
    const [{ key, by } = { key: '', by: '' }] = moved;
    expect(by < key).toBe(true);
    const pair = rulePriorities([{ key, path: '/' }, { key: by, path: '/' }]);
    const alone = rulePriorities([{ key, path: '/' }]);
    expect(pair.priorities.get(key)).toBe((pair.priorities.get(by) ?? 0) + 1);
    expect(rulePriorities([{ key: by, path: '/' }, { key, path: '/' }]).priorities).toEqual(pair.priorities);
    expect(alone.priorities.get(key)).toBe(pair.priorities.get(by));

    const [mover, holder] = [key, by].map((k) => k.slice('proj/'.length));
    const { resources: r, warnings } = render(`services:\n  ${holder}: {image: h, ports: ["80:80"], x-ingress: {Path: /one}}\n  ${mover}: {image: m, ports: ["81:81"], x-ingress: {Path: /two}}\n`);
    const id = (name = ''): string => name.charAt(0).toUpperCase() + name.slice(1);
    expect(priorityOf(r, id(mover))).toBe((priorityOf(r, id(holder)) as number) + 1);
    expect(warnings.filter((w) => w.code === 'W_INGRESS_PRIORITY_MOVED').map((w) => w.path)).toEqual([['services', mover]]);
  });
});

describe('security groups behind a load balancer', () => {
  const compose = ['services:', '  web: {image: w, ports: ["8080:8080"]}', '  mqtt: {image: q, ports: ["1883:1883", "53:53/udp"]}', '  redis: {image: r, expose: ["6379"]}'].join('\n');

  it('no task group admits 0.0.0.0/0; each admits its balancer\'s group on the target port', () => {
    const { resources: r } = render(compose);
    for (const service of ['Web', 'Mqtt', 'Redis']) expect(rulesOf(r, `${service}SecurityGroup`).filter((rule) => rule['CidrIp'] !== undefined)).toEqual([]);
    expect(rulesOf(r, 'WebSecurityGroup')).toContainEqual(expect.objectContaining({ FromPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': ['ApplicationLoadBalancerSecurityGroup', 'GroupId'] } }));
    expect(rulesOf(r, 'MqttSecurityGroup')).toContainEqual(expect.objectContaining({ FromPort: 1883, IpProtocol: 'tcp', SourceSecurityGroupId: { 'Fn::GetAtt': ['NetworkLoadBalancerSecurityGroup', 'GroupId'] } }));
    expect(rulesOf(r, 'MqttSecurityGroup')).toContainEqual(expect.objectContaining({ FromPort: 53, IpProtocol: 'udp', SourceSecurityGroupId: { 'Fn::GetAtt': ['NetworkLoadBalancerSecurityGroup', 'GroupId'] } }));
  });

  it('the balancers\' groups admit the world on their listener ports only', () => {
    const { resources: r } = render(compose);
    const open = (id: string): unknown[] => rulesOf(r, id).map((rule) => [rule['IpProtocol'], rule['FromPort'], rule['ToPort'], rule['CidrIp']]);
    expect(open('ApplicationLoadBalancerSecurityGroup')).toEqual([['tcp', 8080, 8080, '0.0.0.0/0']]);
    expect(open('NetworkLoadBalancerSecurityGroup')).toEqual([
      ['tcp', 1883, 1883, '0.0.0.0/0'],
      ['udp', 53, 53, '0.0.0.0/0'],
    ]);
  });
});

describe('the ECS service behind a load balancer', () => {
  it('registers in its target groups, waits for its rule and listeners, and ignores failed checks for its grace period', () => {
    const { resources: r } = render(
      [
        'services:',
        '  web:',
        '    image: w',
        '    ports: ["80:80", "1883:1883"]',
        '    healthcheck: {test: ["CMD-SHELL", "curl -fsS http://localhost:80/health || exit 1"], interval: 20s, timeout: 4s, retries: 4, start_period: 2m}',
        '    x-ingress: {DeregistrationDelay: 5}',
      ].join('\n'),
    );
    expect(props(r, 'WebService')['LoadBalancers']).toEqual([
      { ContainerName: 'web', ContainerPort: 80, TargetGroupArn: { Ref: 'WebTargetGroup' } },
      { ContainerName: 'web', ContainerPort: 1883, TargetGroupArn: { Ref: 'WebTcp1883TargetGroup' } },
    ]);
    expect(props(r, 'WebService')['HealthCheckGracePeriodSeconds']).toBe(120);
    expect(r['WebService']?.DependsOn).toEqual(expect.arrayContaining(['WebListenerRule', 'NetworkLoadBalancerTcp1883Listener']));
    expect(props(r, 'WebTargetGroup')).toMatchObject({
      TargetType: 'ip',
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200-399' },
      HealthCheckIntervalSeconds: 20,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 4,
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
    });
  });

  it('takes its health check from x-ingress over the compose probe, and 30 s of deregistration delay by default', () => {
    const { resources: r } = render(
      'services:\n  web:\n    image: w\n    ports: ["8080:8080"]\n    healthcheck: {test: ["CMD", "wget", "-q", "http://localhost:8080/ping"]}\n    x-ingress: {HealthCheck: {Path: /ready, Codes: "200", Interval: 30, GracePeriod: 10}}\n',
    );
    expect(props(r, 'WebTargetGroup')).toMatchObject({ HealthCheckPath: '/ready', Matcher: { HttpCode: '200' }, HealthCheckIntervalSeconds: 30 });
    expect(props(r, 'WebTargetGroup')['TargetGroupAttributes']).toEqual([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]);
    expect(props(r, 'WebService')['HealthCheckGracePeriodSeconds']).toBe(10);
  });

  it('a compose probe of another port is not the balancer\'s check: / by default', () => {
    const { resources: r } = render('services:\n  web:\n    image: w\n    ports: ["8080:8080"]\n    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:9999/health"]}\n');
    expect(props(r, 'WebTargetGroup')).toMatchObject({ HealthCheckPath: '/', HealthCheckIntervalSeconds: 15, HealthCheckTimeoutSeconds: 5 });
  });
});

describe('HTTPS', () => {
  const zone = 'x-ingress:\n  Domain: app.example.com\n  HostedZoneId: Z0123456789ABC\n';

  it('with a domain and its hosted zone: a certificate validated by DNS, an HTTPS listener, HTTP redirected, an alias record', () => {
    const { resources: r, outputs } = render(`${zone}services:\n  web: {image: w, ports: ["80:80"]}\n  api: {image: a, ports: ["3000:3000"], x-ingress: {Path: /api, Host: api.example.com}}\n`);
    expect(r['ApplicationLoadBalancerCertificate']).toEqual({
      Type: 'AWS::CertificateManager::Certificate',
      Properties: {
        DomainName: 'app.example.com',
        SubjectAlternativeNames: ['api.example.com'],
        ValidationMethod: 'DNS',
        DomainValidationOptions: [
          { DomainName: 'app.example.com', HostedZoneId: 'Z0123456789ABC' },
          { DomainName: 'api.example.com', HostedZoneId: 'Z0123456789ABC' },
        ],
      },
    });
    expect(props(r, 'ApplicationLoadBalancerHttps443Listener')).toMatchObject({
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
      Certificates: [{ CertificateArn: { Ref: 'ApplicationLoadBalancerCertificate' } }],
    });
    expect(props(r, 'ApplicationLoadBalancerHttp80Listener')).toMatchObject({
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    expect(props(r, 'WebListenerRule')['ListenerArn']).toEqual({ Ref: 'ApplicationLoadBalancerHttps443Listener' });
    expect(props(r, 'AppExampleComAliasRecord')).toEqual({
      HostedZoneId: 'Z0123456789ABC',
      Name: 'app.example.com',
      Type: 'A',
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': ['ApplicationLoadBalancer', 'DNSName'] },
        HostedZoneId: { 'Fn::GetAtt': ['ApplicationLoadBalancer', 'CanonicalHostedZoneID'] },
        EvaluateTargetHealth: true,
      },
    });
    expect(props(r, 'ApiExampleComAliasRecord')['Name']).toBe('api.example.com');
    expect(rulesOf(r, 'ApplicationLoadBalancerSecurityGroup').map((rule) => rule['FromPort'])).toEqual([80, 443]);
    expect(outputs['WebUrl']?.Value).toBe('https://app.example.com/');
    expect(outputs['ApiUrl']?.Value).toBe('https://api.example.com/api');
  });

  it('with an existing certificate: no certificate made, the listener uses the ARN, no record without a zone', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-000000000000';
    const { resources: r, outputs } = render(`x-ingress:\n  CertificateArn: ${arn}\n  SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\nservices:\n  web: {image: w, ports: ["80:80"]}\n`);
    expect(ofType(r, 'AWS::CertificateManager::Certificate')).toEqual([]);
    expect(ofType(r, 'AWS::Route53::RecordSet')).toEqual([]);
    expect(props(r, 'ApplicationLoadBalancerHttps443Listener')).toMatchObject({ Certificates: [{ CertificateArn: arn }], SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(props(r, 'ApplicationLoadBalancerHttp80Listener')['DefaultActions']).toEqual([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]);
    expect(outputs['WebUrl']?.Value).toEqual({ 'Fn::Sub': 'https://${ApplicationLoadBalancer.DNSName}/' });
  });

  it.each([
    ['a domain without a zone or a certificate', 'x-ingress:\n  Domain: app.example.com\n', 2],
    ['a zone without a domain', 'x-ingress:\n  HostedZoneId: Z0123456789ABC\n', 2],
    ['a security policy without HTTPS', 'x-ingress:\n  SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n', 2],
    ['a shared listener without its security group', 'x-ingress:\n  Listener: arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/0123456789abcdef/0123456789abcdef\n', 2],
  ])('%s is an error at its key', (_, top, line) => {
    const error = renderError(`${top}services:\n  web: {image: w, ports: ["80:80"]}\n`);
    expect(error.code).toBe('E_INGRESS_SETTINGS');
    expect(error.position).toMatchObject({ line });
  });
});

describe('a shared listener of an existing load balancer', () => {
  const listener = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shared/0123456789abcdef/0123456789abcdef';
  const compose = `x-ingress:\n  Listener: ${listener}\n  SecurityGroup: sg-0123abcd\n  Domain: shop.example.com\nservices:\n  web: {image: w, ports: ["80:80"]}\n  api: {image: a, ports: ["3000:3000"], x-ingress: {Path: /api}}\n`;

  it('gets the rules (host condition: the domain), and no load balancer, listener, certificate or record is made', () => {
    const result = renderText(compose);
    const r = result.template.toJSON()['Resources'] as Resources;
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::Listener')).toEqual([]);
    expect(result.parameters).toMatchObject({ IngressListenerArn: listener, IngressLoadBalancerSecurityGroupId: 'sg-0123abcd' });
    expect(props(r, 'ApiListenerRule')).toMatchObject({
      ListenerArn: { Ref: 'IngressListenerArn' },
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['shop.example.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/api', '/api/*'] } },
      ],
    });
    expect(rulesOf(r, 'WebSecurityGroup')).toContainEqual(expect.objectContaining({ FromPort: 80, SourceSecurityGroupId: { Ref: 'IngressLoadBalancerSecurityGroupId' } }));
    expect((result.template.toJSON()['Outputs'] as Record<string, { Value: unknown }>)['ApiUrl']?.Value).toBe('https://shop.example.com/api');
  });

  it('with HostedZoneId is an error: the records of a shared balancer are its owner\'s', () => {
    expect(renderError(compose.replace('  Domain:', '  HostedZoneId: Z0123456789ABC\n  Domain:')).code).toBe('E_INGRESS_SETTINGS');
  });
});

describe('x-ingress: public-ip keeps the style of the Service Connect demo', () => {
  it('at the top level: no load balancer, tasks on public IPs, published ports open to the world', () => {
    const { resources: r } = render('x-ingress: public-ip\nservices:\n  web: {image: w, ports: ["8080:8080"]}\n');
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
    expect(rulesOf(r, 'WebSecurityGroup')).toEqual([{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '0.0.0.0/0', Description: 'published port 8080/tcp' }]);
    expect(props(r, 'WebService')).toMatchObject({ NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } } });
    expect(props(r, 'WebService')['LoadBalancers']).toBeUndefined();
  });

  it('on one service: that service on public IPs, the others behind the load balancer', () => {
    const { resources: r } = render('services:\n  web: {image: w, ports: ["8080:8080"]}\n  admin: {image: a, ports: ["9000:9000"], x-ingress: public-ip}\n');
    expect(rulesOf(r, 'AdminSecurityGroup')).toContainEqual(expect.objectContaining({ FromPort: 9000, CidrIp: '0.0.0.0/0' }));
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual(['WebTargetGroup']);
  });

  it('a service may also ask for the load balancer when the project says public-ip', () => {
    const { resources: r } = render('x-ingress: public-ip\nservices:\n  web: {image: w, ports: ["8080:8080"], x-ingress: load-balancer}\n');
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual(['WebTargetGroup']);
  });

  it('is read with file and line errors, and a near miss of the key is a typo warning', () => {
    const error = renderError('x-ingress: public-ips\nservices:\n  web: {image: w, ports: ["8080:8080"]}\n');
    expect(error.position).toMatchObject({ line: 1 });
    const unknown = renderError('services:\n  web:\n    image: w\n    ports: ["8080:8080"]\n    x-ingress: {Paht: /api}\n');
    expect(unknown.position).toMatchObject({ line: 5 });
    expect(unknown.message).toMatch(/Paht/);
    const { warnings } = render('x-ingres: public-ip\nservices:\n  web: {image: w, ports: ["8080:8080"]}\n');
    expect(warnings.find((w) => w.code === 'W_EXTENSION_TYPO')?.path).toEqual(['x-ingres']);
  });

  it('x-ingress settings on a service that publishes nothing are a warning', () => {
    const { warnings } = render('services:\n  worker: {image: w, x-ingress: {Path: /api}}\n');
    expect(warnings.filter((w) => w.code === 'W_INGRESS_UNUSED').map((w) => w.path)).toEqual([['services', 'worker', 'x-ingress']]);
  });
});

describe('a project split into nested stacks', () => {
  it('keeps its load balancers in the root and each target group and rule with its service; every template passes the check', async () => {
    const services = Array.from({ length: 100 }, (_, i) =>
      i % 20 === 0 ? `  s${i}: {image: s, ports: ["${i % 40 === 0 ? 1000 + i : 80}:8080"], x-ingress: {Path: /s${i}}}` : `  s${i}: {image: s, expose: ["8080"]}`,
    );
    services.push('  broker: {image: q, ports: ["1883:1883"]}');
    const result = renderText(`services:\n${services.join('\n')}\n`);
    const files = renderedFiles('proj', result, 'yaml');
    const templates = Object.entries(files)
      .filter(([name]) => name.endsWith('.yaml'))
      .map(([name, text]) => [name, parseTemplate(text).template as Record<string, Record<string, { Type: string }>>] as const);
    expect(templates.length).toBeGreaterThan(2);
    const home = (id: string): string | undefined => templates.find(([, t]) => t['Resources']?.[id] !== undefined)?.[0];
    expect(home('ApplicationLoadBalancer')).toBe('proj.yaml');
    expect(home('NetworkLoadBalancer')).toBe('proj.yaml');
    expect(home('S20TargetGroup')).toBe(home('S20Service'));
    expect(home('S20ListenerRule')).toBe(home('S20Service'));
    expect(home('S20Service')).not.toBe('proj.yaml');
    expect(Object.keys(templates.find(([name]) => name === 'proj.yaml')?.[1]['Outputs'] ?? {})).toEqual(expect.arrayContaining(['S20Url', 'BrokerTcp1883Url']));
    for (const [name, template] of templates) expect([name, await checkTemplate(template)]).toEqual([name, []]);
  });
});

describe('addListenerRule', () => {
  it('forwards to one target group, or weighs a forward across several (what an App Mesh gateway route needs)', () => {
    const template = new Template('t');
    const ctx = { template } as unknown as RenderContext;
    addListenerRule(ctx, 'OneRule', { listener: 'arn:listener', priority: 10, match: { paths: ['/blue'] }, targets: [{ targetGroup: 'arn:blue' }] });
    addListenerRule(ctx, 'SplitRule', {
      listener: 'arn:listener',
      priority: 11,
      match: { hosts: ['front.example.com'], paths: ['/split'] },
      targets: [
        { targetGroup: 'arn:blue', weight: 50 },
        { targetGroup: 'arn:green', weight: 50 },
      ],
    });
    const r = template.toJSON()['Resources'] as Resources;
    expect(props(r, 'OneRule')['Actions']).toEqual([{ Type: 'forward', TargetGroupArn: 'arn:blue' }]);
    expect(props(r, 'SplitRule')).toEqual({
      ListenerArn: 'arn:listener',
      Priority: 11,
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['front.example.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/split', '/split/*'] } },
      ],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'arn:blue', Weight: 50 }, { TargetGroupArn: 'arn:green', Weight: 50 }] } }],
    });
  });
});
