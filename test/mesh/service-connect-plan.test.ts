import { ParseError } from '../../src/parser/diagnostics.js';
import { planText } from '../helpers/plan-project.js';
import { parseErrorOf } from '../helpers/parse-error.js';

function planError(compose: string): ParseError {
  return parseErrorOf(() => planText(compose));
}

const COUNTER = 'services:\n  counter: {image: c, ports: ["8080:8080"]}\n  redis: {image: r, expose: ["6379"]}\n';

describe('Service Connect plan', () => {
  it('is on by default for more than one service, with <project>.local', () => {
    const plan = planText(COUNTER, 'counter').serviceConnect!;
    expect(plan.namespace).toEqual({ kind: 'new', name: 'counter.local' });
    expect(plan.logs).toBe(true);
    expect(plan.members['redis']).toEqual({
      servers: [{ port: 6379, portName: 'redis-6379', discoveryName: 'redis', clientAliases: [{ DnsName: 'redis', Port: 6379 }] }],
    });
    expect(plan.members['counter']!.servers.map((s) => s.clientAliases)).toEqual([[{ DnsName: 'counter', Port: 8080 }]]);
  });

  it('is off for a single service, with x-serviceconnect: false, and with x-appmesh', () => {
    expect(planText('services:\n  web: {image: w, ports: ["80:80"]}\n').serviceConnect).toBeUndefined();
    expect(planText(`x-serviceconnect: false\n${COUNTER}`).serviceConnect).toBeUndefined();
  });

  it('turns on for one service when x-serviceconnect asks', () => {
    expect(planText('x-serviceconnect: {Namespace: shop.local}\nservices:\n  web: {image: w, expose: ["80"]}\n').serviceConnect?.namespace).toEqual({
      kind: 'new',
      name: 'shop.local',
    });
  });

  it('makes a service without target ports client-only', () => {
    const plan = planText('services:\n  nginx: {image: n, ports: ["80:80"]}\n  ubuntu: {image: u, command: sleep infinity}\n').serviceConnect!;
    expect(plan.members['ubuntu']).toEqual({ servers: [] });
  });

  it('names the first port after the service and the next ones after service and port', () => {
    const plan = planText('services:\n  api: {image: a, expose: ["8080", "9090"]}\n  web: {image: w}\n').serviceConnect!;
    expect(plan.members['api']!.servers.map((s) => [s.discoveryName, s.portName])).toEqual([
      ['api', 'api-8080'],
      ['api-9090', 'api-9090'],
    ]);
  });

  it('takes the port name and app protocol of long-syntax ports', () => {
    const plan = planText('services:\n  api: {image: a, ports: [{target: 50051, name: grpc, app_protocol: grpc}]}\n  web: {image: w}\n').serviceConnect!;
    expect(plan.members['api']!.servers[0]).toMatchObject({ portName: 'grpc', appProtocol: 'grpc' });
  });

  it('leaves out a service with Enabled: false', () => {
    const plan = planText('services:\n  a: {image: a, expose: ["80"]}\n  b: {image: b, x-serviceconnect: {Enabled: false}}\n').serviceConnect!;
    expect(Object.keys(plan.members)).toEqual(['a']);
  });

  it('uses an existing namespace by ARN', () => {
    const arn = 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc123';
    expect(planText(`x-serviceconnect: {Namespace: "${arn}"}\n${COUNTER}`).serviceConnect?.namespace).toEqual({ kind: 'existing', arn });
  });

  it('opens the IngressPortOverride to the network instead of the target port', () => {
    const { graph } = planText('services:\n  a: {image: a, expose: ["80"], x-serviceconnect: {Services: [{Port: 80, IngressPortOverride: 15080}]}}\n  b: {image: b}\n');
    expect(graph.ingress).toEqual([{ service: 'a', port: 15080, protocol: 'tcp', source: { kind: 'network', network: 'default' } }]);
  });

  it.each([
    {
      name: 'an alias that two services claim',
      compose:
        'services:\n  a:\n    image: a\n    expose: ["80"]\n  b:\n    image: b\n    expose: ["81"]\n    x-serviceconnect: {Services: [{Port: 81, ClientAliases: [{DnsName: a, Port: 80}]}]}\n',
      code: 'E_SC_ALIAS_CLASH',
      line: 8,
      message: 'the client alias a:80 of "b" is already claimed by "a".',
    },
    {
      name: 'a port the service does not listen on',
      compose: 'services:\n  a:\n    image: a\n    expose: ["80"]\n    x-serviceconnect:\n      Services:\n        - Port: 81\n  b: {image: b}\n',
      code: 'E_SC_PORT_UNKNOWN',
      line: 7,
      message: 'service "a" does not listen on port 81.',
    },
    {
      name: 'a DiscoveryName clash',
      compose:
        'services:\n  a:\n    image: a\n    expose: ["80"]\n  b:\n    image: b\n    expose: ["81"]\n    x-serviceconnect: {Services: [{Port: 81, DiscoveryName: a}]}\n',
      code: 'E_SC_DISCOVERY_CLASH',
      line: 8,
      message: 'the discovery name "a" of "b" is already the one of "a".',
    },
    {
      name: 'a client-only service that declares Services',
      compose: 'services:\n  a: {image: a, expose: ["80"]}\n  b:\n    image: b\n    x-serviceconnect: {Services: [{Port: 80}]}\n',
      code: 'E_SC_CLIENT_ONLY',
      line: 5,
      message: 'service "b" has no target port, so it is client-only and cannot declare Services.',
    },
    {
      name: 'a namespace ARN of another service',
      compose: `x-serviceconnect:\n  Namespace: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"\n${COUNTER}`,
      code: 'E_SC_NAMESPACE_ARN',
      line: 2,
      message: '"arn:aws:ecs:eu-west-1:123456789012:cluster/prod" is not the ARN of a Cloud Map namespace.',
    },
    {
      name: 'Tls without a certificate authority',
      compose: 'services:\n  a:\n    image: a\n    expose: ["80"]\n    x-serviceconnect:\n      Services:\n        - Port: 80\n          Tls: {IssuerCertificateAuthority: {}}\n  b: {image: b}\n',
      code: 'E_SC_TLS_CA',
      line: 8,
      message: 'Tls needs the certificate authority that issues the certificates.',
    },
  ])('refuses $name at its place', ({ compose, code, line, message }) => {
    const error = planError(compose);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.position?.line).toBe(line);
    expect(error.hint).toMatch(/\w/);
  });
});

describe('Cloud Map plan', () => {
  it('registers the services that ask, in <project>.local by default', () => {
    const plan = planText('x-serviceconnect: false\nservices:\n  nginx: {image: n, ports: ["80:80"], x-cloudmap: {Name: nginx, Port: 80}}\n  ubuntu: {image: u}\n', 'dns');
    expect(plan.cloudMap).toEqual({ namespace: { kind: 'new', name: 'dns.local' }, services: { nginx: { name: 'nginx', port: 80 } } });
  });

  it('refuses a namespace that Service Connect also creates', () => {
    const error = planError('services:\n  nginx: {image: n, ports: ["80:80"], x-cloudmap: {Name: nginx}}\n  ubuntu: {image: u}\n');
    expect(error.code).toBe('E_NAMESPACE_CLASH');
  });
});
