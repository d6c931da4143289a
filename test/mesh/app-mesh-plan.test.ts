import path from 'node:path';
import { planAppMesh } from '../../src/mesh/app-mesh/app-mesh.js';
import type { AppMeshPlan } from '../../src/mesh/app-mesh/plan.js';
import { buildServiceGraph } from '../../src/mesh/graph.js';
import { ParseError, type Warning } from '../../src/parser/diagnostics.js';
import { loadProject } from '../../src/parser/index.js';
import { tmpProject } from '../helpers/tmp-project.js';
import { parseErrorOf } from '../helpers/parse-error.js';

/** Parses compose YAML text in a temporary project and plans its App Mesh, collecting warnings. */
function plan(compose: string, name = 'proj'): { plan: AppMeshPlan | undefined; warnings: Warning[] } {
  const dir = tmpProject({ 'docker-compose.yml': compose }, name);
  const { project, locate } = loadProject({ files: [path.join(dir, 'docker-compose.yml')], environment: {} });
  const warnings: Warning[] = [];
  return { plan: planAppMesh(project, buildServiceGraph(project), locate, (w) => warnings.push(w)), warnings };
}

function planError(compose: string): ParseError {
  return parseErrorOf(() => plan(compose));
}

/** The 1-based line of the compose text marked `# <-`. */
function markedLine(compose: string): number {
  const index = compose.split('\n').findIndex((line) => line.includes('# <-'));
  if (index < 0) throw new Error('no line is marked # <-');
  return index + 1;
}

// The ECS ComposeX example (seed 003): clock and watch behind the virtual service time, in
// the Properties form, with a TCP router whose virtual service is named like its service.
const CLOCK = `
services:
  app01:
    image: example/app01
    ports: ["80:5000"]
    environment:
      TIME_URL: http://time:5000/
      TICKER_ADDR: ticker:7000
  clock: {image: example/clock, expose: ["5000"]}
  watch: {image: example/watch, expose: ["5000"]}
  ticker: {image: example/ticker, expose: ["7000"]}
x-appmesh:
  Properties:
    MeshName: clock-mesh
    EgressPolicy: DROP_ALL
  Settings:
    Nodes:
      - {Name: app01, Protocol: Http, Backends: [ticker, time]}
      - {Name: watch, Protocol: HTTP, Port: 5000}
      - {Name: clock, Protocol: http}
      - {Name: ticker, Protocol: Tcp}
    Routers:
      - Name: time
        Listener: {Port: 5000, Protocol: Http}
        Routes:
          Http:
            - Match: {Prefix: /, Scheme: HTTP}
              Nodes: [{Name: clock, Weight: 50}, {Name: watch, Weight: 50}]
              RetryPolicy: {MaxRetries: 2, PerRetryTimeout: {Unit: ms, Value: 500}, HttpRetryEvents: [server-error]}
              Timeout: {PerRequest: {Unit: s, Value: 5}}
      - Name: ticks
        Listener: {Port: 7000, Protocol: Tcp}
        Routes:
          Tcp:
            - Nodes: [{Name: ticker}]
              Timeout: {Idle: {Unit: s, Value: 600}}
    Services:
      - {Name: time, Router: time}
      - {Name: ticker, Router: ticks}
`;

// Blue/green behind a gateway (seed 002): /blue, /green, and /split at 50:50.
const BLUE_GREEN = `
services:
  blue: {image: example/express, expose: ["3000"], environment: {SERVICE_NAME: blue}}
  green: {image: example/express, expose: ["3000"], environment: {SERVICE_NAME: green}}
x-appmesh:
  MeshName: bluegreen
  Settings:
    Nodes:
      - {Name: blue, Protocol: http}
      - {Name: green, Protocol: http}
    Routers:
      - Name: split
        Listener: {Port: 3000, Protocol: http}
        Routes:
          Http:
            - Match: {Prefix: /}
              Nodes: [{Name: blue, Weight: 1}, {Name: green, Weight: 1}]
    Services:
      - {Name: blue, Node: blue}
      - {Name: green, Node: green}
      - {Name: split, Router: split}
    Gateways:
      - Name: front
        Listener: {Port: 80, Protocol: http}
        Routes:
          - {Match: {Prefix: /blue}, Service: blue}
          - {Match: {Prefix: /green}, Service: green}
          - {Match: {Prefix: /split}, Service: split}
`;

describe('App Mesh plan', () => {
  it('plans the ECS ComposeX example: nodes, routers, placeholder for time only, reach, DROP_ALL', () => {
    const { plan: mesh, warnings } = plan(CLOCK, 'clock');
    expect(mesh).toEqual<AppMeshPlan>({
      mesh: { name: 'clock-mesh', egress: 'DROP_ALL' },
      namespace: { kind: 'new', name: 'clock.local' },
      nodes: {
        app01: { name: 'app01', protocol: 'http', port: 5000, backends: ['ticker', 'time'] },
        clock: { name: 'clock', protocol: 'http', port: 5000, backends: [] },
        ticker: { name: 'ticker', protocol: 'tcp', port: 7000, backends: [] },
        watch: { name: 'watch', protocol: 'http', port: 5000, backends: [] },
      },
      routers: {
        ticks: {
          name: 'ticks',
          listener: { port: 7000, protocol: 'tcp' },
          routes: [{ name: 'tcp-0', protocol: 'tcp', match: {}, targets: [{ node: 'ticker', weight: 1 }], timeout: { Idle: { Unit: 's', Value: 600 } } }],
        },
        time: {
          name: 'time',
          listener: { port: 5000, protocol: 'http' },
          routes: [
            {
              name: 'http-0',
              protocol: 'http',
              match: { Prefix: '/', Scheme: 'http' },
              targets: [
                { node: 'clock', weight: 50 },
                { node: 'watch', weight: 50 },
              ],
              retryPolicy: { MaxRetries: 2, PerRetryTimeout: { Unit: 'ms', Value: 500 }, HttpRetryEvents: ['server-error'] },
              timeout: { PerRequest: { Unit: 's', Value: 5 } },
            },
          ],
        },
      },
      services: {
        ticker: { name: 'ticker', provider: { kind: 'router', router: 'ticks' }, placeholder: false },
        time: { name: 'time', provider: { kind: 'router', router: 'time' }, placeholder: true },
      },
      gateways: {},
      envoy: { environment: {} },
      reach: [
        { from: 'app01', to: 'clock', port: 5000 },
        { from: 'app01', to: 'ticker', port: 7000 },
        { from: 'app01', to: 'watch', port: 5000 },
      ],
    });
    expect(Object.keys(mesh!.nodes)).toEqual(['app01', 'clock', 'ticker', 'watch']);
    expect(warnings.map((w) => [w.code, w.path?.at(-1), w.position?.line])).toEqual([
      ['W_MESH_BARE_NAME', 'TIME_URL', 7],
      ['W_MESH_BARE_NAME', 'TICKER_ADDR', 8],
    ]);
  });

  it('plans blue/green behind a gateway: the gateway reaches blue and green once each', () => {
    const { plan: mesh, warnings } = plan(BLUE_GREEN);
    expect(mesh!.gateways).toEqual({
      front: {
        name: 'front',
        listener: { port: 80, protocol: 'http' },
        loadBalancer: { type: 'network', public: true },
        routes: [
          { name: 'route-0', match: { Prefix: '/blue' }, service: 'blue' },
          { name: 'route-1', match: { Prefix: '/green' }, service: 'green' },
          { name: 'route-2', match: { Prefix: '/split' }, service: 'split' },
        ],
      },
    });
    expect(mesh!.routers['split']!.routes[0]!.targets).toEqual([
      { node: 'blue', weight: 1 },
      { node: 'green', weight: 1 },
    ]);
    expect(mesh!.reach).toEqual([
      { from: 'front', to: 'blue', port: 3000 },
      { from: 'front', to: 'green', port: 3000 },
    ]);
    expect(Object.values(mesh!.services).map((s) => [s.name, s.placeholder])).toEqual([
      ['blue', false],
      ['green', false],
      ['split', true],
    ]);
    expect(warnings).toEqual([]);
  });

  it('is undefined without x-appmesh, and all defaults with an empty one', () => {
    expect(plan('services:\n  web: {image: w}\n').plan).toBeUndefined();
    expect(plan('x-appmesh: {}\nservices:\n  web: {image: w}\n', 'shop').plan).toEqual<AppMeshPlan>({
      mesh: { name: 'shop', egress: 'DROP_ALL' },
      namespace: { kind: 'new', name: 'shop.local' },
      nodes: {},
      routers: {},
      services: {},
      gateways: {},
      envoy: { environment: {} },
      reach: [],
    });
  });

  it.each<[string, string, Partial<AppMeshPlan['mesh']>]>([
    ['the short form', 'MeshName: shop\n  MeshOwner: "123456789012"\n  EgressPolicy: ALLOW_ALL', { name: 'shop', owner: '123456789012', egress: 'ALLOW_ALL' }],
    ['Properties with the ComposeX keys', 'Properties: {MeshName: shop, MeshOwner: "123456789012", EgressPolicy: ALLOW_ALL}', { name: 'shop', owner: '123456789012', egress: 'ALLOW_ALL' }],
    [
      'Properties as AWS::AppMesh::Mesh',
      'Properties:\n    MeshName: shop\n    Spec: {EgressFilter: {Type: ALLOW_ALL}, ServiceDiscovery: {IpPreference: IPv4_ONLY}}\n    Tags: [{Key: team, Value: shop}]',
      { name: 'shop', egress: 'ALLOW_ALL', serviceDiscovery: { IpPreference: 'IPv4_ONLY' }, tags: [{ Key: 'team', Value: 'shop' }] },
    ],
    ['the same name in both forms', 'MeshName: shop\n  Properties: {MeshName: shop}', { name: 'shop', egress: 'DROP_ALL' }],
  ])('reads the mesh from %s', (_name, extension, mesh) => {
    expect(plan(`x-appmesh:\n  ${extension}\n`).plan!.mesh).toEqual(mesh);
  });

  it.each<[string, string, AppMeshPlan['namespace']]>([
    ['a namespace to create', 'x-cloudmap: {Namespace: mesh.internal}\n', { kind: 'new', name: 'mesh.internal' }],
    ['an existing namespace', 'x-cloudmap: {Namespace: ns-0abc123}\n', { kind: 'existing', id: 'ns-0abc123' }],
  ])('takes x-cloudmap.Namespace: %s', (_name, cloudMap, namespace) => {
    expect(plan(`${cloudMap}x-appmesh: {}\n`).plan!.namespace).toEqual(namespace);
  });

  it.each<[string, string, string, Pick<AppMeshPlan['nodes'][string], 'protocol' | 'port'>]>([
    ['the first target port, tcp without app_protocol', 'expose: ["9000", "8000"]', '{Name: api}', { protocol: 'tcp', port: 8000 }],
    ['the port app_protocol', 'ports: [{target: 50051, app_protocol: gRPC}]', '{Name: api}', { protocol: 'grpc', port: 50051 }],
    ['tcp for an app_protocol App Mesh does not know', 'ports: [{target: 443, app_protocol: https}]', '{Name: api}', { protocol: 'tcp', port: 443 }],
    ['the app_protocol of the port given', 'ports: [{target: 80}, {target: 8080, app_protocol: http2}]', '{Name: api, Port: 8080}', { protocol: 'http2', port: 8080 }],
    ['Protocol in any case', 'expose: ["8080"]', '{Name: api, Protocol: GRPC}', { protocol: 'grpc', port: 8080 }],
  ])('gives a node %s', (_name, ports, node, want) => {
    const compose = `services:\n  api: {image: a, ${ports}}\nx-appmesh:\n  Settings:\n    Nodes: [${node}]\n`;
    expect(plan(compose).plan!.nodes['api']).toMatchObject(want);
  });

  it('keeps the order of routes and names them by protocol and index', () => {
    const compose = `
services:
  v1: {image: a, expose: ["50051"]}
  v2: {image: a, expose: ["50051"]}
x-appmesh:
  Settings:
    Nodes: [{Name: v1, Protocol: grpc}, {Name: v2, Protocol: grpc}]
    Routers:
      - Name: api
        Listener: {Port: 50051, Protocol: GRPC}
        Routes:
          Grpc:
            - Match: {ServiceName: shop.Catalog, MethodName: List}
              Nodes: [{Name: v2, Weight: 100, Port: 50051}]
            - Match: {ServiceName: shop.Catalog}
              Nodes: [{Name: v1}]
    Services: [{Name: api, Router: api}]
`;
    const routes = plan(compose).plan!.routers['api']!.routes;
    expect(routes.map((r) => [r.name, r.protocol, r.match, r.targets])).toEqual([
      ['grpc-0', 'grpc', { ServiceName: 'shop.Catalog', MethodName: 'List' }, [{ node: 'v2', weight: 100, port: 50051 }]],
      ['grpc-1', 'grpc', { ServiceName: 'shop.Catalog' }, [{ node: 'v1', weight: 1 }]],
    ]);
  });
});

const APPS = `
services:
  app01: {image: a, ports: ["80:5000"]}
  app02: {image: b, expose: ["5000"]}
  app03: {image: c, expose: ["5000"]}
  front: {image: d, expose: ["80"]}
`;

describe('App Mesh cross-reference errors', () => {
  it.each<{ name: string; extension: string; code: string; path: (string | number)[] }>([
    {
      name: 'a node that is not a compose service',
      extension: `
  Settings:
    Nodes:
      - {Name: app01}
      - {Name: app04} # <-`,
      code: 'E_MESH_NODE_UNKNOWN',
      path: ['x-appmesh', 'Settings', 'Nodes', 1, 'Name'],
    },
    {
      name: 'a backend that is not a virtual service',
      extension: `
  Settings:
    Nodes:
      - Name: app01
        Backends:
          - app02 # <-
      - {Name: app02}`,
      code: 'E_MESH_BACKEND_UNKNOWN',
      path: ['x-appmesh', 'Settings', 'Nodes', 0, 'Backends', 0],
    },
    {
      name: 'a route target that is not a node',
      extension: `
  Settings:
    Nodes: [{Name: app02}]
    Routers:
      - Name: r
        Listener: {Port: 5000, Protocol: tcp}
        Routes:
          Tcp:
            - Nodes:
                - {Name: app02}
                - {Name: app03} # <-`,
      code: 'E_MESH_ROUTE_TARGET_UNKNOWN',
      path: ['x-appmesh', 'Settings', 'Routers', 0, 'Routes', 'Tcp', 0, 'Nodes', 1, 'Name'],
    },
    {
      name: 'routes of two protocols in one router',
      extension: `
  Settings:
    Nodes: [{Name: app02}]
    Routers:
      - Name: r
        Listener: {Port: 5000, Protocol: http}
        Routes:
          Http: [{Match: {Prefix: /}, Nodes: [{Name: app02}]}]
          Tcp: [{Nodes: [{Name: app02}]}] # <-`,
      code: 'E_MESH_ROUTER_PROTOCOLS',
      path: ['x-appmesh', 'Settings', 'Routers', 0, 'Routes', 'Tcp'],
    },
    {
      name: 'routes of another protocol than the listener',
      extension: `
  Settings:
    Nodes: [{Name: app02}]
    Routers:
      - Name: r
        Listener: {Port: 5000, Protocol: Http}
        Routes:
          Http2: [{Match: {Prefix: /}, Nodes: [{Name: app02}]}] # <-`,
      code: 'E_MESH_ROUTER_PROTOCOLS',
      path: ['x-appmesh', 'Settings', 'Routers', 0, 'Routes', 'Http2'],
    },
    {
      name: 'a weight of 0',
      extension: `
  Settings:
    Nodes: [{Name: app02}, {Name: app03}]
    Routers:
      - Name: r
        Listener: {Port: 5000, Protocol: http}
        Routes:
          Http:
            - Match: {Prefix: /}
              Nodes:
                - {Name: app02, Weight: 1}
                - Name: app03
                  Weight: 0 # <-`,
      code: 'E_MESH_WEIGHT',
      path: ['x-appmesh', 'Settings', 'Routers', 0, 'Routes', 'Http', 0, 'Nodes', 1, 'Weight'],
    },
    {
      name: 'a node port the service does not expose',
      extension: `
  Settings:
    Nodes:
      - Name: app02
        Port: 6000 # <-`,
      code: 'E_MESH_PORT',
      path: ['x-appmesh', 'Settings', 'Nodes', 0, 'Port'],
    },
    {
      name: 'a node whose service has no target port',
      extension: `
  Settings:
    Nodes:
      - {Name: app02}
      - {Name: worker} # <-`,
      code: 'E_MESH_PORT',
      path: ['x-appmesh', 'Settings', 'Nodes', 1],
    },
    {
      name: 'a route target port that is not the node listener port',
      extension: `
  Settings:
    Nodes: [{Name: app02}]
    Routers:
      - Name: r
        Listener: {Port: 5000, Protocol: tcp}
        Routes:
          Tcp:
            - Nodes:
                - Name: app02
                  Port: 5001 # <-`,
      code: 'E_MESH_PORT',
      path: ['x-appmesh', 'Settings', 'Routers', 0, 'Routes', 'Tcp', 0, 'Nodes', 0, 'Port'],
    },
    {
      name: 'a virtual service with both Node and Router',
      extension: `
  Settings:
    Nodes: [{Name: app02}]
    Services:
      - {Name: s, Node: app02, Router: r} # <-`,
      code: 'E_MESH_SERVICE_PROVIDER',
      path: ['x-appmesh', 'Settings', 'Services', 0],
    },
    {
      name: 'a virtual service with neither Node nor Router',
      extension: `
  Settings:
    Services:
      - {Name: s} # <-`,
      code: 'E_MESH_SERVICE_PROVIDER',
      path: ['x-appmesh', 'Settings', 'Services', 0],
    },
    {
      name: 'a virtual service provided by an unknown node',
      extension: `
  Settings:
    Nodes: [{Name: app02}]
    Services:
      - Name: s
        Node: app03 # <-`,
      code: 'E_MESH_PROVIDER_UNKNOWN',
      path: ['x-appmesh', 'Settings', 'Services', 0, 'Node'],
    },
    {
      name: 'a virtual service provided by an unknown router',
      extension: `
  Settings:
    Services:
      - Name: s
        Router: r # <-`,
      code: 'E_MESH_PROVIDER_UNKNOWN',
      path: ['x-appmesh', 'Settings', 'Services', 0, 'Router'],
    },
    {
      name: 'two nodes of one name',
      extension: `
  Settings:
    Nodes:
      - {Name: app02}
      - {Name: app02} # <-`,
      code: 'E_MESH_DUPLICATE',
      path: ['x-appmesh', 'Settings', 'Nodes', 1, 'Name'],
    },
    {
      name: 'two virtual services of one name',
      extension: `
  Settings:
    Nodes: [{Name: app02}, {Name: app03}]
    Services:
      - {Name: s, Node: app02}
      - {Name: s, Node: app03} # <-`,
      code: 'E_MESH_DUPLICATE',
      path: ['x-appmesh', 'Settings', 'Services', 1, 'Name'],
    },
    {
      name: 'a gateway named like a compose service',
      extension: `
  Settings:
    Gateways:
      - Name: front # <-
        Listener: {Port: 80, Protocol: http}`,
      code: 'E_MESH_DUPLICATE',
      path: ['x-appmesh', 'Settings', 'Gateways', 0, 'Name'],
    },
    {
      name: 'a gateway route to an unknown virtual service',
      extension: `
  Settings:
    Nodes: [{Name: app02}]
    Services: [{Name: app02, Node: app02}]
    Gateways:
      - Name: gw
        Listener: {Port: 80, Protocol: http}
        Routes:
          - {Match: {Prefix: /a}, Service: app02}
          - {Match: {Prefix: /b}, Service: app03} # <-`,
      code: 'E_MESH_GATEWAY_SERVICE_UNKNOWN',
      path: ['x-appmesh', 'Settings', 'Gateways', 0, 'Routes', 1, 'Service'],
    },
    {
      name: 'a mesh setting written twice with two values',
      extension: `
  EgressPolicy: ALLOW_ALL # <-
  Properties:
    Spec: {EgressFilter: {Type: DROP_ALL}}`,
      code: 'E_MESH_SETTING_CONFLICT',
      path: ['x-appmesh', 'EgressPolicy'],
    },
    {
      name: 'an Envoy variable compose-x sets',
      extension: `
  Envoy:
    Environment:
      APPMESH_RESOURCE_ARN: arn # <-`,
      code: 'E_MESH_ENVOY_ENV',
      path: ['x-appmesh', 'Envoy', 'Environment', 'APPMESH_RESOURCE_ARN'],
    },
    {
      name: 'an Envoy variable another setting sets',
      extension: `
  Envoy:
    LogLevel: debug
    Environment:
      ENVOY_LOG_LEVEL: trace # <-`,
      code: 'E_MESH_ENVOY_ENV',
      path: ['x-appmesh', 'Envoy', 'Environment', 'ENVOY_LOG_LEVEL'],
    },
  ])('$name', ({ extension, code, path: at }) => {
    const compose = `${APPS}  worker: {image: w}\nx-appmesh:${extension}\n`;
    const error = planError(compose);
    expect({ code: error.code, path: error.path, line: error.position?.line }).toEqual({ code, path: at, line: markedLine(compose) });
    expect(error.message).toMatch(/\.$/);
    expect(error.hint).toBeTruthy();
  });

  it.each<[string, string, (string | number)[]]>([
    ['a tcp gateway listener', 'Gateways: [{Name: gw, Listener: {Port: 80, Protocol: tcp}}]', ['x-appmesh', 'Settings', 'Gateways', 0, 'Listener', 'Protocol']],
    [
      'a weight above 100',
      'Routers: [{Name: r, Listener: {Port: 80, Protocol: tcp}, Routes: {Tcp: [{Nodes: [{Name: a, Weight: 101}]}]}}]',
      ['x-appmesh', 'Settings', 'Routers', 0, 'Routes', 'Tcp', 0, 'Nodes', 0, 'Weight'],
    ],
  ])('leaves %s to the schema', (_name, settings, at) => {
    const error = planError(`x-appmesh:\n  Settings:\n    ${settings}\n`);
    expect([error.code, error.path]).toEqual(['E_INVALID_VALUE', at]);
  });
});

describe('App Mesh warnings', () => {
  it.each<{ name: string; compose: string; want: Warning[] }>([
    {
      name: 'a URL to a service without a backend to it',
      compose: `
services:
  app01: {image: a, ports: ["80:5000"], environment: {CACHE: "http://redis:6379/0"}}
  redis: {image: redis, expose: ["6379"]}
x-appmesh:
  Settings:
    Nodes: [{Name: app01}]
`,
      want: [{ code: 'W_MESH_NO_BACKEND', message: 'app01 talks to redis but has no backend to it; DROP_ALL will block it.', path: ['services', 'app01', 'environment', 'CACHE'] }],
    },
    {
      name: 'host:port in a list-form environment, and a *_HOST variable',
      compose: `
services:
  app01:
    image: a
    ports: ["80:5000"]
    environment:
      - BROKERS=kafka:9092,zookeeper:2181
      - DB_HOST=db
  kafka: {image: k}
  zookeeper: {image: z}
  db: {image: p}
x-appmesh:
  Settings:
    Nodes: [{Name: app01}]
`,
      want: [
        { code: 'W_MESH_NO_BACKEND', message: 'app01 talks to kafka but has no backend to it; DROP_ALL will block it.', path: ['services', 'app01', 'environment', 'BROKERS'] },
        { code: 'W_MESH_NO_BACKEND', message: 'app01 talks to zookeeper but has no backend to it; DROP_ALL will block it.', path: ['services', 'app01', 'environment', 'BROKERS'] },
        { code: 'W_MESH_NO_BACKEND', message: 'app01 talks to db but has no backend to it; DROP_ALL will block it.', path: ['services', 'app01', 'environment', 'DB_HOST'] },
      ],
    },
    {
      name: 'a virtual service named in a URL with a backend to it',
      compose: `
services:
  app01: {image: a, ports: ["80:5000"], environment: {TIME: "http://time.proj.local:5000"}}
  clock: {image: c, expose: ["5000"]}
x-appmesh:
  Settings:
    Nodes: [{Name: app01, Backends: [time]}, {Name: clock}]
    Services: [{Name: time, Node: clock}]
  # no warning: the backend time leads to time (and to clock)
`,
      want: [],
    },
    {
      name: 'a name under the namespace without a backend to it',
      compose: `
services:
  app01: {image: a, ports: ["80:5000"], environment: {CLOCK: "http://clock.proj.local:5000"}}
  clock: {image: c, ports: ["5000:5000"]}
x-appmesh:
  Settings:
    Nodes: [{Name: app01}, {Name: clock}]
`,
      want: [{ code: 'W_MESH_NO_BACKEND', message: 'app01 talks to clock but has no backend to it; DROP_ALL will block it.', path: ['services', 'app01', 'environment', 'CLOCK'] }],
    },
    {
      name: 'bare names of the mesh, which do not resolve: only <name>.<namespace> has a DNS record',
      compose: `
services:
  app01:
    image: a
    ports: ["80:5000"]
    environment:
      TIME: http://time:5000
      CLOCK_HOST: clock
      FULL: http://time.proj.local:5000
  clock: {image: c, expose: ["5000"]}
  tool: {image: t, environment: {CLOCK_URL: "http://clock:5000"}}
x-appmesh:
  EgressPolicy: ALLOW_ALL
  Settings:
    Nodes: [{Name: app01, Backends: [time]}, {Name: clock}]
    Services: [{Name: time, Node: clock}]
`,
      want: [
        {
          code: 'W_MESH_BARE_NAME',
          message: 'app01 calls time by its bare name, which does not resolve under App Mesh (Fargate tasks search no DNS namespace); call it time.proj.local.',
          path: ['services', 'app01', 'environment', 'TIME'],
        },
        {
          code: 'W_MESH_BARE_NAME',
          message: 'app01 calls clock by its bare name, which does not resolve under App Mesh (Fargate tasks search no DNS namespace); call it clock.proj.local.',
          path: ['services', 'app01', 'environment', 'CLOCK_HOST'],
        },
        {
          code: 'W_MESH_BARE_NAME',
          message: 'tool calls clock by its bare name, which does not resolve under App Mesh (Fargate tasks search no DNS namespace); call it clock.proj.local.',
          path: ['services', 'tool', 'environment', 'CLOCK_URL'],
        },
      ],
    },
    {
      name: 'nothing for a backend whose node is the host, for longer host names, or for other values',
      compose: `
services:
  app01:
    image: a
    ports: ["80:5000"]
    environment:
      DB: postgres://user:secret@db.proj.local:5432/shop
      OTHER: http://redis-cache:6379 myredis:6379 redis.example.com:6379
      REDIS_HOSTS: redis
      REDIS_URL: ""
  db: {image: p, expose: ["5432"]}
  redis: {image: r, expose: ["6379"]}
x-appmesh:
  Settings:
    Nodes: [{Name: app01, Backends: [database]}, {Name: db}]
    Services: [{Name: database, Node: db}]
`,
      want: [],
    },
    {
      name: 'nothing under ALLOW_ALL',
      compose: `
services:
  app01: {image: a, ports: ["80:5000"], environment: {REDIS_HOST: redis}}
  redis: {image: redis}
x-appmesh:
  EgressPolicy: ALLOW_ALL
  Settings:
    Nodes: [{Name: app01}]
`,
      want: [],
    },
    {
      name: 'a virtual service nobody calls',
      compose: `
services:
  app01: {image: a, ports: ["80:5000"]}
x-appmesh:
  Settings:
    Nodes: [{Name: app01}]
    Services:
      - {Name: api, Node: app01}
`,
      want: [
        {
          code: 'W_MESH_SERVICE_UNUSED',
          message: "virtual service api is no node's backend and no gateway's route; nothing calls it.",
          path: ['x-appmesh', 'Settings', 'Services', 0, 'Name'],
        },
      ],
    },
    {
      name: 'a node nothing leads to (a node that publishes a port is called from outside)',
      compose: `
services:
  app01: {image: a, ports: ["80:5000"]}
  app02: {image: b, expose: ["5000"]}
x-appmesh:
  Settings:
    Nodes: [{Name: app01}, {Name: app02}]
`,
      want: [
        {
          code: 'W_MESH_NODE_UNREACHABLE',
          message: 'node app02 is behind no virtual service, router or gateway, and publishes no port; nothing can call it.',
          path: ['x-appmesh', 'Settings', 'Nodes', 1, 'Name'],
        },
      ],
    },
    {
      name: 'a router without routes',
      compose: `
services:
  app01: {image: a, ports: ["80:5000"]}
x-appmesh:
  Settings:
    Nodes: [{Name: app01, Backends: [api]}]
    Routers:
      - {Name: api, Listener: {Port: 5000, Protocol: http}, Routes: {Http: []}}
    Services: [{Name: api, Router: api}]
`,
      want: [{ code: 'W_MESH_ROUTE_EMPTY', message: 'router api has no route with a target; calls to it will fail.', path: ['x-appmesh', 'Settings', 'Routers', 0, 'Name'] }],
    },
  ])('$name', ({ compose, want }) => {
    const { warnings } = plan(compose);
    expect(warnings.map(({ code, message, path: at }) => ({ code, message, path: at }))).toEqual(want);
    for (const w of warnings) expect(w.position?.line).toBeGreaterThan(0);
  });
});

describe('App Mesh Envoy settings', () => {
  it.each<[string, string, Record<string, string>]>([
    ['a log level', '{LogLevel: debug}', { ENVOY_LOG_LEVEL: 'debug' }],
    ['X-Ray with the defaults', '{Tracing: {Type: xray}}', { ENABLE_ENVOY_XRAY_TRACING: '1' }],
    [
      'X-Ray with a daemon and a sampling rate',
      '{Tracing: {Type: xray, Address: 10.0.0.5, Port: 2001, SamplingRate: 0.2}}',
      { AWS_XRAY_DAEMON_ADDRESS: '10.0.0.5:2001', ENABLE_ENVOY_XRAY_TRACING: '1', XRAY_DAEMON_PORT: '2001', XRAY_SAMPLING_RATE: '0.2' },
    ],
    ['X-Ray on another host', '{Tracing: {Type: xray, Address: xray.internal}}', { AWS_XRAY_DAEMON_ADDRESS: 'xray.internal:2000', ENABLE_ENVOY_XRAY_TRACING: '1' }],
    [
      'Jaeger',
      '{Tracing: {Type: jaeger, Address: 10.0.0.6, Port: 9412}}',
      { ENABLE_ENVOY_JAEGER_TRACING: '1', JAEGER_TRACER_ADDRESS: '10.0.0.6', JAEGER_TRACER_PORT: '9412' },
    ],
    [
      'Datadog',
      '{Tracing: {Type: datadog, Address: 127.0.0.1, Port: 8127}}',
      { DATADOG_TRACER_ADDRESS: '127.0.0.1', DATADOG_TRACER_PORT: '8127', ENABLE_ENVOY_DATADOG_TRACING: '1' },
    ],
    ['stats tags', '{StatsTags: true}', { ENABLE_ENVOY_STATS_TAGS: '1' }],
    ['stats tags off', '{StatsTags: false, DogStatsD: false}', {}],
    ['DogStatsD on the default daemon', '{DogStatsD: true}', { ENABLE_ENVOY_DOG_STATSD: '1' }],
    ['DogStatsD on a daemon', '{DogStatsD: {Address: 10.0.0.7, Port: 8126}}', { ENABLE_ENVOY_DOG_STATSD: '1', STATSD_ADDRESS: '10.0.0.7', STATSD_PORT: '8126' }],
    [
      'other agent variables verbatim, sorted',
      '{LogLevel: warn, Environment: {ENVOY_STATS_FLUSH_INTERVAL: 10000ms, ENVOY_CONCURRENCY: 2, APPMESH_METRIC_EXTENSION_VERSION: "1"}}',
      { APPMESH_METRIC_EXTENSION_VERSION: '1', ENVOY_CONCURRENCY: '2', ENVOY_LOG_LEVEL: 'warn', ENVOY_STATS_FLUSH_INTERVAL: '10000ms' },
    ],
  ])('maps %s to the agent variables', (_name, envoy, environment) => {
    const settings = plan(`x-appmesh:\n  Envoy: ${envoy}\n`).plan!.envoy;
    expect(settings.environment).toEqual(environment);
    expect(Object.keys(settings.environment)).toEqual(Object.keys(environment).sort());
  });

  it.each<[string, string, { port: number } | undefined]>([
    ['X-Ray with the defaults', '{Tracing: {Type: xray}}', { port: 2000 }],
    ['X-Ray on another local port', '{Tracing: {Type: xray, Port: 2001}}', { port: 2001 }],
    ['X-Ray at 127.0.0.1', '{Tracing: {Type: xray, Address: 127.0.0.1, Port: 2002}}', { port: 2002 }],
    ['X-Ray switched on through Environment', '{Environment: {ENABLE_ENVOY_XRAY_TRACING: "1"}}', { port: 2000 }],
    ['X-Ray to a daemon on another host', '{Tracing: {Type: xray, Address: 10.0.0.5}}', undefined],
    ['Jaeger', '{Tracing: {Type: jaeger, Address: 10.0.0.6}}', undefined],
    ['no tracing', '{LogLevel: debug}', undefined],
  ])('asks for an X-Ray daemon beside Envoy: %s', (_name, envoy, daemon) => {
    expect(plan(`x-appmesh:\n  Envoy: ${envoy}\n`).plan!.envoy.xrayDaemon).toEqual(daemon);
  });

  it('takes the image', () => {
    expect(plan('x-appmesh:\n  Envoy: {Image: public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.12.1-prod}\n').plan!.envoy).toEqual({
      image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.12.1-prod',
      environment: {},
    });
  });

  it.each<[string, string, (string | number)[]]>([
    ['a sampling rate for Jaeger', '{Tracing: {Type: jaeger, SamplingRate: 0.5}}', ['x-appmesh', 'Envoy', 'Tracing', 'Type']],
    ['a sampling rate above 1', '{Tracing: {Type: xray, SamplingRate: 2}}', ['x-appmesh', 'Envoy', 'Tracing', 'SamplingRate']],
    ['a log level the agent does not know', '{LogLevel: verbose}', ['x-appmesh', 'Envoy', 'LogLevel']],
    ['an unknown tracer', '{Tracing: {Type: zipkin}}', ['x-appmesh', 'Envoy', 'Tracing', 'Type']],
    ['an unknown DogStatsD key', '{DogStatsD: {Host: x}}', ['x-appmesh', 'Envoy', 'DogStatsD', 'Host']],
    ['an environment variable name with a dash', '{Environment: {ENVOY-X: "1"}}', ['x-appmesh', 'Envoy', 'Environment']],
  ])('refuses %s in the schema', (_name, envoy, at) => {
    const error = planError(`x-appmesh:\n  Envoy: ${envoy}\n`);
    expect([error.code, error.path]).toEqual([expect.stringMatching(/^E_(INVALID_VALUE|UNKNOWN_KEY)$/), at]);
  });
});
