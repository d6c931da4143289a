import { project as projectOf, service as serviceOf } from '../helpers/model.js';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { AppMeshPlan, MeshGateway, MeshNode, MeshProtocol, MeshRoute, MeshRouter, VirtualService } from '../../src/mesh/app-mesh/plan.js';
import {
  migrateComposeText,
  projectWithServiceConnect,
  translateAppMesh,
  translationReportMarkdown,
  type Translation,
  type TranslationItem,
} from '../../src/translate/translation.js';
import { buildServiceGraph } from '../../src/mesh/graph.js';
import { planServiceConnect, type ServiceConnectPlan } from '../../src/mesh/service-connect.js';
import type { Project, Service } from '../../src/parser/model.js';

function service(name: string, ports: string[], extensions: Record<string, unknown> = {}): Service {
  return serviceOf({ name, expose: ports, extensions });
}

function project(services: Service[]): Project {
  return projectOf('shop', services, { extensions: { 'x-appmesh': { MeshName: 'shop' }, 'x-cloudmap': { Namespace: 'shop.local' } } });
}

function node(name: string, port: number, backends: string[] = [], protocol: MeshProtocol = 'http'): MeshNode {
  return { name, protocol, port, backends };
}

function route(name: string, targets: Record<string, number>, extra: Partial<MeshRoute> = {}): MeshRoute {
  return { name, protocol: 'http', match: { Prefix: '/' }, targets: Object.entries(targets).map(([n, weight]) => ({ node: n, weight })), ...extra };
}

function router(name: string, port: number, routes: MeshRoute[]): MeshRouter {
  return { name, listener: { port, protocol: 'http' }, routes };
}

function byRouter(name: string, routerName = name, placeholder = true): VirtualService {
  return { name, provider: { kind: 'router', router: routerName }, placeholder };
}

function byNode(name: string, nodeName: string): VirtualService {
  return { name, provider: { kind: 'node', node: nodeName }, placeholder: name !== nodeName };
}

function plan(parts: { nodes: MeshNode[]; routers?: MeshRouter[]; services: VirtualService[]; gateways?: MeshGateway[] } & Partial<Pick<AppMeshPlan, 'mesh' | 'namespace' | 'envoy'>>): AppMeshPlan {
  const keyed = <T extends { name: string }>(list: T[] = []): Record<string, T> => Object.fromEntries(list.map((x) => [x.name, x]));
  return {
    mesh: parts.mesh ?? { name: 'shop', egress: 'DROP_ALL' },
    namespace: parts.namespace ?? { kind: 'new', name: 'shop.local' },
    nodes: keyed(parts.nodes),
    routers: keyed(parts.routers),
    services: keyed(parts.services),
    gateways: keyed(parts.gateways),
    envoy: parts.envoy ?? { environment: {} },
    reach: [],
  };
}

/** The clock/watch/time mesh of the ECS ComposeX documentation: `time` splits 50:50. */
function timeMesh(): { project: Project; plan: AppMeshPlan } {
  return {
    project: project([service('app01', ['5000']), service('clock', ['5000']), service('watch', ['5000'])]),
    plan: plan({
      nodes: [node('app01', 5000, ['time']), node('clock', 5000), node('watch', 5000)],
      routers: [router('time', 5000, [route('http-0', { clock: 1, watch: 1 })])],
      services: [byRouter('time')],
    }),
  };
}

/** The blue/green study: a gateway with /blue, /green and /split (50:50 between blue and green). */
function blueGreen(): { project: Project; plan: AppMeshPlan } {
  const gateway: MeshGateway = {
    name: 'front',
    listener: { port: 80, protocol: 'http' },
    loadBalancer: { type: 'network', public: true },
    routes: [
      { name: 'route-0', match: { Prefix: '/blue' }, service: 'blue' },
      { name: 'route-1', match: { Prefix: '/green' }, service: 'green' },
      { name: 'route-2', match: { Prefix: '/split' }, service: 'split' },
    ],
  };
  return {
    project: project([service('blue', ['3000']), service('green', ['3000'])]),
    plan: plan({
      nodes: [node('blue', 3000), node('green', 3000)],
      routers: [router('split', 3000, [route('http-0', { blue: 1, green: 1 })])],
      services: [byNode('blue', 'blue'), byNode('green', 'green'), byRouter('split')],
      gateways: [gateway],
    }),
  };
}

/** The blue/green study with its tasks on public IPs (x-ingress: public-ip): no load balancer takes the gateway's place. */
function blueGreenOnPublicIps(): { project: Project; plan: AppMeshPlan } {
  const { project: p, plan: mesh } = blueGreen();
  return { project: { ...p, extensions: { ...p.extensions, 'x-ingress': 'public-ip' } }, plan: mesh };
}

function item(translation: Translation, subject: string): TranslationItem {
  const found = translation.report.find((i) => i.subject === subject);
  if (!found) throw new Error(`no report item "${subject}" in ${translation.report.map((i) => i.subject).join(', ')}`);
  return found;
}

/** Service Connect as the parser would plan the translated project: proof that it holds together. */
function serviceConnectOf(p: Project, translation: Translation): ServiceConnectPlan {
  const migrated = projectWithServiceConnect(p, translation);
  const planned = planServiceConnect(migrated, buildServiceGraph(migrated), () => undefined);
  if (!planned) throw new Error('Service Connect is off');
  return planned;
}

function validators(): { project: ValidateFunction; service: ValidateFunction } {
  const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
  const dir = path.join(process.cwd(), 'schemas');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>);
  }
  const ref = (definition: string): ValidateFunction => ajv.compile({ $ref: `https://schemas.compose-x.dev/x-serviceconnect.json#/definitions/${definition}` });
  return { project: ref('project'), service: ref('service') };
}

describe('x-appmesh translated to Service Connect', () => {
  it('gives a split virtual service to one node, with the weights and the deployment advice', () => {
    const { project: p, plan: mesh } = timeMesh();
    const translation = translateAppMesh(p, mesh);
    expect(translation.serviceConnect).toEqual({ Namespace: 'shop.local' });
    expect(translation.services['clock']).toEqual({
      Services: [
        { Port: 5000, AppProtocol: 'http' },
        { Port: 5000, DiscoveryName: 'time', ClientAliases: [{ DnsName: 'time', Port: 5000 }], AppProtocol: 'http' },
      ],
    });
    expect(translation.services['watch']).toEqual({ Services: [{ Port: 5000, AppProtocol: 'http' }] });
    const time = item(translation, 'Services.time');
    expect(time.outcome).toBe('partial');
    expect(time.detail).toContain('clock (weight 1, 50%) and watch (weight 1, 50%)');
    expect(time.detail).toContain('time:5000 now reaches clock only');
    expect(time.instead).toContain('DeploymentConfiguration Strategy CANARY or LINEAR with BakeTimeInMinutes');
    expect(time.instead).toContain('BLUE_GREEN with Service Connect TestTrafficRules');
    const planned = serviceConnectOf(p, translation);
    expect(planned.members['clock']?.servers).toEqual([
      { port: 5000, portName: 'clock-5000', discoveryName: 'clock', clientAliases: [{ DnsName: 'clock', Port: 5000 }], appProtocol: 'http' },
      { port: 5000, portName: 'clock-5000', discoveryName: 'time', clientAliases: [{ DnsName: 'time', Port: 5000 }], appProtocol: 'http' },
    ]);
  });

  it('puts a node-provided virtual service with another name on the node beside its own, and adds nothing for its own name', () => {
    const p = project([service('app02', ['5000']), service('app03', ['5000'])]);
    const mesh = plan({
      nodes: [node('app02', 5000, ['dateteller'], 'tcp'), node('app03', 5000, [], 'tcp')],
      services: [byNode('dateteller', 'app03'), byNode('app02', 'app02')],
    });
    const translation = translateAppMesh(p, mesh);
    expect(translation.services).toEqual({ app03: { Services: [{ Port: 5000 }, { Port: 5000, DiscoveryName: 'dateteller', ClientAliases: [{ DnsName: 'dateteller', Port: 5000 }] }] } });
    expect(item(translation, 'Services.dateteller')).toMatchObject({ outcome: 'translated', detail: expect.stringContaining('dateteller:5000 on app03') });
    expect(item(translation, 'Services.dateteller').detail).toContain('placeholder');
    expect(item(translation, 'Services.app02')).toMatchObject({ outcome: 'translated', detail: expect.stringContaining('default Service Connect alias of app02') });
    expect(item(translation, 'Nodes.app02.Backends')).toMatchObject({ outcome: 'translated', detail: expect.stringContaining('dateteller:5000 (on app03)') });
  });

  it('gives each alias of a node its own server entry on the same port', () => {
    const { project: p, plan: mesh } = blueGreen();
    const translation = translateAppMesh(p, mesh);
    expect(translation.services['blue']).toEqual({
      Services: [
        { Port: 3000, AppProtocol: 'http' },
        { Port: 3000, DiscoveryName: 'split', ClientAliases: [{ DnsName: 'split', Port: 3000 }], AppProtocol: 'http' },
      ],
    });
    const aliases = serviceConnectOf(p, translation).members['blue']?.servers.map((s) => [s.discoveryName, s.clientAliases]);
    expect(aliases).toEqual([
      ['blue', [{ DnsName: 'blue', Port: 3000 }]],
      ['split', [{ DnsName: 'split', Port: 3000 }]],
    ]);
  });

  it('reports a gateway and each of its routes as not translated, with the ALB rule to use, when the tasks stay on public IPs', () => {
    const translation = translateAppMesh(blueGreenOnPublicIps().project, blueGreenOnPublicIps().plan);
    expect(translation.ingressRoutes).toEqual([]);
    const gateway = item(translation, 'Gateways.front');
    expect(gateway.outcome).toBe('not-translated');
    expect(gateway.instead).toContain('Application Load Balancer listening on port 80, with a listener rule per gateway route (path or host condition) forwarding to the ECS service of the target');
    expect(gateway.instead).toContain('internet-facing');
    const routes = ['route-0', 'route-1', 'route-2'].map((name) => item(translation, `Gateways.front.${name}`));
    expect(routes.map((r) => r.outcome)).toEqual(['not-translated', 'not-translated', 'not-translated']);
    expect(routes.map((r) => r.detail)).toEqual([
      expect.stringContaining('calls matching Prefix /blue to the virtual service blue'),
      expect.stringContaining('calls matching Prefix /green to the virtual service green'),
      expect.stringContaining('calls matching Prefix /split to the virtual service split (served by blue (weight 1, 50%) and green (weight 1, 50%))'),
    ]);
    expect(routes.map((r) => r.instead?.split(' An ALB rule forwards')[0])).toEqual([
      'An ALB listener rule with path-pattern /blue*, forward to the ECS service blue.',
      'An ALB listener rule with path-pattern /green*, forward to the ECS service green.',
      'An ALB listener rule with path-pattern /split*, forward to the target groups of the ECS services blue (weight 1) and green (weight 1).',
    ]);
  });

  it('reports route matches and retry policies as not translated, naming the route', () => {
    const p = project([service('caller', []), service('v1', ['8080']), service('v2', ['8080'])]);
    const retryPolicy = { MaxRetries: 3, PerRetryTimeout: { Unit: 'ms', Value: 500 }, HttpRetryEvents: ['server-error', 'gateway-error'] };
    const mesh = plan({
      nodes: [node('v1', 8080), node('v2', 8080)],
      routers: [
        router('api', 8080, [
          route('http-0', { v2: 1 }, { match: { Prefix: '/', Headers: [{ Name: 'x-canary', Match: { Exact: '1' } }], Method: 'GET' } }),
          route('http-1', { v1: 1 }, { retryPolicy }),
        ]),
      ],
      services: [byRouter('api')],
    });
    const translation = translateAppMesh(p, mesh);
    const match = item(translation, 'Routers.api.http-0');
    expect(match.outcome).toBe('not-translated');
    expect(match.detail).toContain('Headers x-canary Exact 1; Method GET');
    expect(match.instead).toContain('Application Load Balancer');
    expect(item(translation, 'Routers.api.http-1')).toMatchObject({ outcome: 'translated' });
    const retry = item(translation, 'Routers.api.http-1.RetryPolicy');
    expect(retry.outcome).toBe('not-translated');
    expect(retry.detail).toContain('up to 3 times (500 ms per try) on server-error, gateway-error');
    expect(retry.instead).toBeDefined();
    expect(item(translation, 'Services.api')).toMatchObject({ outcome: 'partial', detail: expect.stringContaining('api:8080 now reaches v1 only') });
  });

  it('maps route timeouts to the server Timeout, the largest where routes disagree, none per request on TCP', () => {
    const p = project([service('clock', ['5000']), service('sock', ['7000'])]);
    const mesh = plan({
      nodes: [node('clock', 5000), node('sock', 7000, [], 'tcp')],
      routers: [
        router('time', 5000, [
          route('http-0', { clock: 1 }, { timeout: { Idle: { Unit: 's', Value: 30 }, PerRequest: { Unit: 'ms', Value: 1500 } } }),
          route('http-1', { clock: 1 }, { match: { Prefix: '/slow' }, timeout: { PerRequest: { Unit: 's', Value: 5 } } }),
        ]),
        router('raw', 7000, [route('tcp-0', { sock: 1 }, { protocol: 'tcp', match: {}, timeout: { Idle: { Unit: 'ms', Value: 60000 }, PerRequest: { Unit: 's', Value: 9 } } })]),
      ],
      services: [byRouter('time'), byRouter('raw')],
    });
    const translation = translateAppMesh(p, mesh);
    const timeout = { IdleTimeoutSeconds: 30, PerRequestTimeoutSeconds: 5 };
    expect(translation.services['clock']?.['Services']).toEqual([
      { Port: 5000, AppProtocol: 'http', Timeout: timeout },
      { Port: 5000, DiscoveryName: 'time', ClientAliases: [{ DnsName: 'time', Port: 5000 }], AppProtocol: 'http', Timeout: timeout },
    ]);
    expect(translation.services['sock']?.['Services']).toEqual([
      { Port: 7000, Timeout: { IdleTimeoutSeconds: 60 } },
      { Port: 7000, DiscoveryName: 'raw', ClientAliases: [{ DnsName: 'raw', Port: 7000 }], Timeout: { IdleTimeoutSeconds: 60 } },
    ]);
    const first = item(translation, 'Routers.time.http-0.Timeout');
    expect(first.outcome).toBe('partial');
    expect(first.detail).toContain('Idle 30 s, PerRequest 1500 ms');
    expect(first.detail).toContain('clock gets IdleTimeoutSeconds 30, PerRequestTimeoutSeconds 5');
    expect(first.detail).toContain('rounded up');
    expect(first.detail).toContain('Routes to clock disagree (PerRequestTimeoutSeconds 2, 5): the largest is kept.');
    expect(first.instead).toContain('IdleTimeoutSeconds, PerRequestTimeoutSeconds');
    expect(item(translation, 'Routers.raw.tcp-0.Timeout').detail).toContain('sock is TCP, where Service Connect has no per-request timeout.');
  });

  it('says once that calls are no longer limited to declared backends', () => {
    const translation = translateAppMesh(timeMesh().project, timeMesh().plan);
    const egress = item(translation, 'Mesh egress DROP_ALL');
    expect(translation.report.map((i) => i.subject)).not.toContain('Mesh namespace names');
    expect(egress.outcome).toBe('partial');
    expect(egress.detail).toContain('app01 -> time');
    expect(egress.detail).toContain('no longer limited to declared backends');
    expect(egress.instead).toBe('Put the services on separate compose networks to keep them apart (security groups follow networks).');
    expect(translation.report.filter((i) => i.subject.startsWith('Mesh egress'))).toHaveLength(1);
  });

  it('reports every part of the mesh, mesh first and gateways last, in a stable order', () => {
    const { project: p, plan: mesh } = blueGreen();
    mesh.mesh = { name: 'shop', egress: 'DROP_ALL', owner: '123456789012', tags: [{ Key: 'team', Value: 'web' }] };
    mesh.envoy = { image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1', environment: { ENVOY_LOG_LEVEL: 'debug', ENABLE_ENVOY_XRAY_TRACING: '1' } };
    const translation = translateAppMesh(p, mesh);
    expect(translation.report.map((i) => i.subject)).toEqual([
      'Mesh shop',
      'Mesh owner',
      'Mesh tags',
      'Mesh namespace shop.local',
      'Mesh egress DROP_ALL',
      'Envoy sidecar',
      'Envoy image',
      'Envoy ENABLE_ENVOY_XRAY_TRACING',
      'Envoy ENVOY_LOG_LEVEL',
      'Nodes.blue',
      'Nodes.green',
      'Node health checks',
      'Services.blue',
      'Services.green',
      'Services.split',
      'Routers.split',
      'Routers.split.http-0',
      'Gateways.front',
      'Gateways.front.route-0',
      'Gateways.front.route-1',
      'Gateways.front.route-2',
    ]);
    expect(item(translation, 'Envoy ENABLE_ENVOY_XRAY_TRACING').instead).toContain('AWS Distro for OpenTelemetry');
    expect(item(translation, 'Envoy ENVOY_LOG_LEVEL').instead).toContain('LogConfiguration');
    expect(translation.report.filter((i) => i.outcome !== 'translated').every((i) => i.instead !== undefined)).toBe(true);
    expect(translateAppMesh(p, mesh)).toEqual(translation);
  });

  it('keeps the names under the namespace that callers use, and says which ones name nothing', () => {
    const { project: p, plan: mesh } = timeMesh();
    p.services['app01']!.environment = { TIME_URL: 'http://time.shop.local:5000', DB: 'db.shop.local:5432', MODE: 'fast' };
    const translation = translateAppMesh(p, mesh);
    const names = item(translation, 'Mesh namespace names');
    expect(names.outcome).toBe('partial');
    expect(names.detail).toContain('(app01 DB: db.shop.local, app01 TIME_URL: time.shop.local)');
    expect(names.detail).toContain('time.shop.local is kept as a client alias');
    expect(names.detail).toContain('db.shop.local names no node or virtual service that Service Connect serves, so it no longer resolves');
    expect(names.instead).toContain('ClientAliases DnsName');
    expect(translation.services['clock']?.['Services']).toContainEqual({ Port: 5000, DiscoveryName: 'time-shop-local', ClientAliases: [{ DnsName: 'time.shop.local', Port: 5000 }], AppProtocol: 'http' });
  });

  it('keeps an existing namespace out, and renames a default alias that a virtual service takes', () => {
    const p = project([service('app01', []), service('clock', ['5000']), service('time', ['5000'])]);
    const mesh = plan({
      namespace: { kind: 'existing', id: 'ns-abc123' },
      nodes: [node('clock', 5000)],
      routers: [router('time', 5000, [route('http-0', { clock: 1 })])],
      services: [byRouter('time', 'time', false)],
    });
    const translation = translateAppMesh(p, mesh);
    expect(translation.serviceConnect).toEqual({});
    expect(item(translation, 'Mesh namespace ns-abc123')).toMatchObject({ outcome: 'partial', instead: expect.stringContaining('ARN') });
    expect(translation.services['time']).toEqual({ Services: [{ Port: 5000, ClientAliases: [{ DnsName: 'time-5000', Port: 5000 }] }] });
    expect(item(translation, 'Services.time').detail).toContain('The compose service time keeps port 5000 as time-5000:5000');
    const planned = serviceConnectOf(p, translation);
    expect(planned.members['clock']?.servers.map((s) => s.clientAliases)).toEqual([[{ DnsName: 'clock', Port: 5000 }], [{ DnsName: 'time', Port: 5000 }]]);
  });

  it('keeps a name callers wrote under the namespace as a second alias (one client alias per entry, as ECS allows)', () => {
    const { project: p, plan: mesh } = blueGreen();
    p.services['green']!.environment = { DOWNSTREAM_BLUE: 'http://blue.shop.local:3000', SPLIT: 'split.shop.local:3000' };
    const translation = translateAppMesh(p, mesh);
    expect(translation.services['blue']).toEqual({
      Services: [
        { Port: 3000, AppProtocol: 'http' },
        { Port: 3000, DiscoveryName: 'blue-shop-local', ClientAliases: [{ DnsName: 'blue.shop.local', Port: 3000 }], AppProtocol: 'http' },
        { Port: 3000, DiscoveryName: 'split', ClientAliases: [{ DnsName: 'split', Port: 3000 }], AppProtocol: 'http' },
        { Port: 3000, DiscoveryName: 'split-shop-local', ClientAliases: [{ DnsName: 'split.shop.local', Port: 3000 }], AppProtocol: 'http' },
      ],
    });
    const aliases = serviceConnectOf(p, translation).members['blue']?.servers.flatMap((s) => s.clientAliases.map((a) => `${a.DnsName}:${a.Port}`));
    expect(aliases).toEqual(['blue:3000', 'blue.shop.local:3000', 'split:3000', 'split.shop.local:3000']);
    const names = item(translation, 'Mesh namespace names');
    expect(names.outcome).toBe('translated');
    expect(names.detail).toContain('green DOWNSTREAM_BLUE: blue.shop.local, green SPLIT: split.shop.local');
    expect(names.detail).toContain('kept as client aliases');
    expect(item(translation, 'Services.green').detail).toContain('green.shop.local, its App Mesh name, is no longer resolved');
  });

  it("keeps a node's own compose name when it also carries a virtual service (redis still reaches redis beside cache)", () => {
    const p = project([service('app01', []), service('redis', ['6379'])]);
    p.services['app01']!.environment = { CACHE: 'cache.shop.local:6379', DIRECT: 'redis://redis:6379' };
    const mesh = plan({
      nodes: [node('app01', 5000, ['cache']), node('redis', 6379, [], 'tcp')],
      routers: [{ name: 'cache', listener: { port: 6379, protocol: 'tcp' }, routes: [route('tcp-0', { redis: 1 }, { protocol: 'tcp', match: {} })] }],
      services: [byRouter('cache')],
    });
    const translation = translateAppMesh(p, mesh);
    expect(translation.services['redis']).toEqual({
      Services: [
        { Port: 6379 },
        { Port: 6379, DiscoveryName: 'cache', ClientAliases: [{ DnsName: 'cache', Port: 6379 }] },
        { Port: 6379, DiscoveryName: 'cache-shop-local', ClientAliases: [{ DnsName: 'cache.shop.local', Port: 6379 }] },
      ],
    });
    expect(item(translation, 'Nodes.redis').detail).toContain('callers keep the name redis:6379');
    expect(item(translation, 'Services.cache').detail).toContain('cache.shop.local:6379 too, as the environment calls it');
  });

  it('counts a weighted route as partial: the weights are what is lost', () => {
    const translation = translateAppMesh(timeMesh().project, timeMesh().plan);
    const weighted = item(translation, 'Routers.time.http-0');
    expect(weighted.outcome).toBe('partial');
    expect(weighted.detail).toContain('clock (weight 1), watch (weight 1)');
    expect(weighted.detail).toContain('so the weights are lost: time:5000 reaches clock only');
    expect(weighted.instead).toContain('CANARY or LINEAR');
    const single = translateAppMesh(timeMesh().project, plan({ nodes: [node('app01', 5000, ['time']), node('clock', 5000)], routers: [router('time', 5000, [route('http-0', { clock: 1 })])], services: [byRouter('time')] }));
    expect(item(single, 'Routers.time.http-0').outcome).toBe('translated');
  });

  it("reports the virtual nodes' health checks, which Service Connect does not take, citing AWS for what it does instead", () => {
    const translation = translateAppMesh(blueGreen().project, blueGreen().plan);
    const checks = item(translation, 'Node health checks');
    expect(checks.outcome).toBe('partial');
    expect(checks.detail).toContain('blue (http GET / on 3000), green (http GET / on 3000)');
    expect(checks.detail).toContain('https://aws.amazon.com/blogs/containers/migrating-from-aws-app-mesh-to-amazon-ecs-service-connect/');
    expect(checks.instead).toContain('healthcheck');
  });

  it('cites AWS for what it says of retries', () => {
    const p = project([service('v1', ['8080'])]);
    const mesh = plan({ nodes: [node('v1', 8080)], routers: [router('api', 8080, [route('http-0', { v1: 1 }, { retryPolicy: { MaxRetries: 3 } })])], services: [byRouter('api')] });
    expect(item(translateAppMesh(p, mesh), 'Routers.api.http-0.RetryPolicy').instead).toContain('https://aws.amazon.com/blogs/containers/migrating-from-aws-app-mesh-to-amazon-ecs-service-connect/');
  });

  it("tells a gateway route's path rewrite, which an ALB rule does only with a url-rewrite transform", () => {
    const translation = translateAppMesh(blueGreenOnPublicIps().project, blueGreenOnPublicIps().plan);
    const blue = item(translation, 'Gateways.front.route-0');
    expect(blue.detail).toContain('App Mesh rewrote the prefix /blue to / before the call reached blue');
    expect(blue.detail).toContain('https://docs.aws.amazon.com/app-mesh/latest/userguide/virtual_gateways.html');
    expect(blue.instead).toContain('url-rewrite transform (Regex ^/blue/?(.*)$, Replace /$1');
    expect(blue.instead).toContain('https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-transforms.html');
  });

  it('writes extensions that the x-serviceconnect schema accepts', () => {
    const { project: projectSchema, service: serviceSchema } = validators();
    for (const { project: p, plan: mesh } of [timeMesh(), blueGreen()]) {
      const translation = translateAppMesh(p, mesh);
      expect(projectSchema(translation.serviceConnect)).toBe(true);
      for (const ext of Object.values(translation.services)) expect([serviceSchema(ext), serviceSchema.errors]).toEqual([true, null]);
    }
  });

  it('renders the report as a Markdown table, one row per item', () => {
    const translation = translateAppMesh(blueGreen().project, blueGreen().plan);
    const markdown = translationReportMarkdown('shop', translation);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# shop: from App Mesh to Service Connect');
    const header = lines.indexOf('| Subject | Outcome | What changes | Nearest ECS feature |');
    expect(header).toBeGreaterThan(1);
    expect(lines[header + 1]).toBe('| --- | --- | --- | --- |');
    const rows = lines.slice(header + 2).filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(translation.report.length);
    expect(rows[0]).toBe('| Mesh shop | translated | The mesh shop grouped the nodes; Service Connect has no mesh resource: its namespace groups the services. |  |');
    expect(rows.find((r) => r.startsWith('| Gateways.front.route-0 |'))).toContain('| partial |');
    expect(lines.slice(2, header).join(' ')).toContain('discontinued on 2026-09-30');
    expect(translationReportMarkdown('shop', translateAppMesh(blueGreen().project, blueGreen().plan))).toBe(markdown);
  });

  it('rewrites the compose text: x-appmesh out, x-serviceconnect in, comments and services kept', () => {
    const text = [
      '# Clock and watch tell the time.',
      'x-appmesh:',
      '  MeshName: shop',
      '  Settings:',
      '    Nodes: [{Name: clock}, {Name: watch}, {Name: app01, Backends: [time]}]',
      'services:',
      '  app01:',
      '    image: example/app01  # calls time',
      '    expose: ["5000"]',
      '  clock:',
      '    image: example/clock',
      '    expose: ["5000"]',
      '  watch: {image: example/watch, expose: ["5000"]}',
      '',
    ].join('\n');
    const translation = translateAppMesh(timeMesh().project, timeMesh().plan);
    const migrated = migrateComposeText(text, translation);
    expect(migrated).toContain('# Clock and watch tell the time.');
    expect(migrated).toContain('image: example/app01 # calls time');
    expect(migrated).not.toContain('x-appmesh');
    expect(migrated.startsWith('# Clock and watch tell the time.\nx-serviceconnect:')).toBe(true);
    const doc = parse(migrated) as { 'x-serviceconnect': unknown; services: Record<string, Record<string, unknown>> };
    expect(doc['x-serviceconnect']).toEqual({ Namespace: 'shop.local' });
    expect(Object.keys(doc.services)).toEqual(['app01', 'clock', 'watch']);
    expect(doc.services['clock']).toEqual({ image: 'example/clock', expose: ['5000'], 'x-serviceconnect': translation.services['clock'] });
    expect(doc.services['watch']?.['x-serviceconnect']).toEqual(translation.services['watch']);
  });

  it('writes equal settings of several entries in full, without YAML anchors', () => {
    const { project: p, plan: mesh } = blueGreen();
    mesh.routers['split']!.routes[0]!.timeout = { PerRequest: { Unit: 's', Value: 10 } };
    const translation = translateAppMesh(p, mesh);
    const migrated = migrateComposeText('services:\n  blue: {image: b}\n  green: {image: g}\n', translation);
    expect(migrated).not.toMatch(/[&*]a\d/);
    expect((parse(migrated) as { services: Record<string, unknown> }).services['blue']).toEqual({ image: 'b', 'x-serviceconnect': translation.services['blue'] });
  });

  it('refuses to write x-serviceconnect for a service the text does not define', () => {
    const translation = translateAppMesh(timeMesh().project, timeMesh().plan);
    expect(() => migrateComposeText('services:\n  app01: {image: a}\n', translation)).toThrow(expect.objectContaining({ code: 'E_MIGRATE_SERVICE' }));
  });

  it('builds the project with x-serviceconnect in place of x-appmesh, leaving the input alone', () => {
    const { project: p, plan: mesh } = timeMesh();
    const translation = translateAppMesh(p, mesh);
    const migrated = projectWithServiceConnect(p, translation);
    expect(Object.keys(migrated.extensions).sort()).toEqual(['x-cloudmap', 'x-serviceconnect']);
    expect(migrated.extensions['x-serviceconnect']).toEqual({ Namespace: 'shop.local' });
    expect(migrated.services['clock']?.extensions['x-serviceconnect']).toEqual(translation.services['clock']);
    expect(migrated.services['app01']?.extensions['x-serviceconnect']).toEqual(translation.services['app01']);
    expect(p.extensions['x-appmesh']).toBeDefined();
    expect(p.services['clock']?.extensions).toEqual({});
  });
});
