import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/**
 * schemas/compose-spec.json and the extension schemas it references, compiled as the
 * parser compiles them (ajv strict mode), checked against inline compose files.
 */

/** compose-spec.json first, then every extension schema of schemas/ (none is left out as the folder grows). */
const SCHEMAS = [
  'compose-spec',
  ...readdirSync(path.join(process.cwd(), 'schemas'))
    .filter((f) => /^x-.+\.json$/.test(f))
    .map((f) => f.slice(0, -'.json'.length))
    .sort(),
];

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(process.cwd(), 'schemas', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

function compile(): ValidateFunction {
  const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
  for (const name of SCHEMAS.slice(1)) ajv.addSchema(readSchema(name));
  return ajv.compile(readSchema('compose-spec'));
}

const validate = compile();

function check(yaml: string): { ok: boolean; errors: typeof validate.errors } {
  const ok = validate(parse(yaml) as unknown);
  return { ok, errors: validate.errors };
}

describe('schema files', () => {
  it.each(SCHEMAS)('%s.json is draft-07 with its compose-x $id', (name) => {
    const schema = readSchema(name);
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['$id']).toBe(`https://schemas.compose-x.dev/${name}.json`);
  });

  it('extension schemas expose the definitions compose-spec.json points at', () => {
    expect(Object.keys(readSchema('x-serviceconnect')['definitions'] as object)).toEqual(
      expect.arrayContaining(['project', 'service']),
    );
    expect(Object.keys(readSchema('x-appmesh')['definitions'] as object)).toContain('project');
    expect(Object.keys(readSchema('x-cloudmap')['definitions'] as object)).toEqual(
      expect.arrayContaining(['project', 'service']),
    );
    expect(Object.keys(readSchema('x-ingress')['definitions'] as object)).toEqual(expect.arrayContaining(['project', 'service']));
  });

  it('lists the allowed keys of a service beside additionalProperties: false', () => {
    const service = (readSchema('compose-spec')['definitions'] as Record<string, Record<string, unknown>>)['service'];
    expect(service?.['additionalProperties']).toBe(false);
    const keys = Object.keys(service?.['properties'] as object);
    for (const key of [
      'annotations', 'attach', 'blkio_config', 'build', 'cpu_count', 'cpu_percent', 'cpu_shares', 'cpu_period',
      'cpu_quota', 'cpu_rt_runtime', 'cpu_rt_period', 'cpus', 'cpuset', 'cap_add', 'cap_drop', 'cgroup',
      'cgroup_parent', 'command', 'configs', 'container_name', 'credential_spec', 'depends_on', 'deploy', 'develop',
      'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search', 'domainname', 'driver_opts', 'entrypoint',
      'env_file', 'environment', 'expose', 'extends', 'external_links', 'extra_hosts', 'gpus', 'group_add',
      'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'labels', 'label_file', 'links', 'logging',
      'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'network_mode',
      'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start',
      'pre_stop', 'privileged', 'profiles', 'provider', 'pull_policy', 'pull_refresh_after', 'read_only', 'restart',
      'runtime', 'scale', 'secrets', 'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal',
      'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes',
      'volumes_from', 'working_dir', 'x-serviceconnect', 'x-cloudmap',
    ]) {
      expect(keys).toContain(key);
    }
  });
});

const REALISTIC = `
version: "3.8"
name: shop
include:
  - ../commons/compose.yaml
  - path: [../db/compose.yaml, ../db/override.yaml]
    project_directory: ..
    env_file: ../db/.env
services:
  web:
    image: example/web:1.4
    build:
      context: ./web
      dockerfile: Dockerfile.prod
      args: {GIT_COMMIT: cdc3b19, BUILD_NO: 12, DEBUG: false, EMPTY: null}
      additional_contexts: [resources=/path/to/resources]
      cache_from: [example/web:cache, type=local,src=path/to/cache]
      cache_to: [type=inline]
      entitlements: [network.host]
      extra_hosts: ["somehost=162.242.195.82"]
      labels: {com.example.team: shop}
      network: host
      no_cache: true
      platforms: [linux/amd64, linux/arm64]
      privileged: false
      provenance: mode=max
      pull: true
      sbom: true
      secrets: [npm_token, {source: server-certificate, target: cert, uid: "103", gid: "103", mode: 0440}]
      shm_size: 2gb
      ssh: [default]
      tags: [registry/web:latest]
      target: prod
      ulimits: {nofile: {soft: 20000, hard: 40000}}
      isolation: default
    command: ["bundle", "exec", "thin", "-p", "3000"]
    entrypoint: /code/entrypoint.sh
    container_name: shop-web
    ports:
      - "3000"
      - 8080
      - "3000-3005"
      - "8000:8000"
      - "9090-9091:8080-8081"
      - "127.0.0.1:8001:8001"
      - "127.0.0.1:5000-5010:5000-5010"
      - "::1:6000:6000"
      - "[::1]:6001:6001"
      - "6060:6060/udp"
      - name: web
        target: 80
        host_ip: 127.0.0.1
        published: "8080"
        protocol: tcp
        app_protocol: http
        mode: host
      - {target: "443", published: 8083-9000}
    expose: ["6379", 6380, "8080-8085/tcp"]
    environment:
      RACK_ENV: development
      SHOW: "true"
      PORT: 3000
      DEBUG: false
      USER_INPUT:
    env_file:
      - .env
      - path: ./override.env
        required: false
        format: raw
    labels:
      - com.example.description=Shop front
      - com.example.empty
    annotations: {com.example.foo: bar}
    depends_on:
      db:
        condition: service_healthy
        restart: true
      redis:
        condition: service_started
        required: false
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 1m30s
      timeout: 10s
      retries: 3
      start_period: 40s
      start_interval: 5s
    deploy:
      mode: replicated
      replicas: 2
      endpoint_mode: vip
      labels: {com.example.description: web}
      resources:
        limits: {cpus: "0.50", memory: 512M, pids: 100}
        reservations:
          cpus: 0.25
          memory: 256M
          devices:
            - capabilities: [gpu]
              driver: nvidia
              count: 1
              options: {virtualization: false}
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 120s}
      update_config: {parallelism: 2, delay: 10s, order: start-first, failure_action: rollback, monitor: 30s, max_failure_ratio: 0.1}
      rollback_config: {parallelism: 0, order: stop-first, failure_action: pause}
      placement:
        constraints: [disktype=ssd]
        preferences: [{spread: node.labels.zone}]
        max_replicas_per_node: 1
    develop:
      watch:
        - path: ./web/html
          action: sync
          target: /var/www
          ignore: [node_modules/]
          initial_sync: true
        - path: ./web/package.json
          action: rebuild
        - path: ./etc/config
          action: sync+exec
          target: /etc/config/
          exec: {command: app reload, user: root}
        - path: ./src
          include: "*.go"
          action: restart
    logging:
      driver: awslogs
      options: {awslogs-group: /shop/web, mode: non-blocking, max-buffer-size: 4m}
    networks:
      front-tier:
        aliases: [www]
        ipv4_address: 172.16.238.10
        interface_name: eth0
        gw_priority: 1
        priority: 1000
        driver_opts: {com.docker.network.bridge.host_binding_ipv4: "127.0.0.1", mtu: 1400}
      back-tier:
    volumes:
      - db-data:/var/lib/data:ro
      - ./static:/srv/static
      - type: volume
        source: db-data
        target: /data
        volume: {nocopy: true, subpath: sub}
      - type: bind
        source: /var/run/postgres/postgres.sock
        target: /var/run/postgres/postgres.sock
        read_only: true
        bind: {create_host_path: false, propagation: rprivate, selinux: z}
      - type: tmpfs
        target: /cache
        tmpfs: {size: 10485760, mode: 1777}
      - type: image
        source: example/assets:1
        target: /assets
        image: {subpath: public}
    secrets:
      - server-certificate
      - source: token
        target: /run/secrets/token
        uid: "103"
        gid: "103"
        mode: 0o440
    configs:
      - my_config
      - source: http_config
        target: /etc/httpd.conf
        mode: 0440
    ulimits:
      nproc: 65535
      nofile: {soft: 20000, hard: 40000}
    stop_grace_period: 1m30s
    stop_signal: SIGUSR1
    init: true
    read_only: true
    user: "1000:1000"
    working_dir: /app
    profiles: [frontend, debug.v2]
    pull_policy: every_12h
    restart: on-failure:3
    tmpfs: [/run, "/data:mode=755,uid=1009,gid=1009"]
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    security_opt: [no-new-privileges:true]
    sysctls: {net.core.somaxconn: 1024, net.ipv4.tcp_syncookies: 0}
    extra_hosts: ["somehost=162.242.195.82", "myhostv6=::1"]
    dns: 8.8.8.8
    dns_search: [dc1.example.com, dc2.example.com]
    dns_opt: [use-vc]
    post_start:
      - command: ./do_something_on_startup.sh
        user: root
        privileged: true
        environment: [FOO=BAR]
    pre_stop:
      - command: ["./drain.sh", "--graceful"]
    x-serviceconnect:
      Services:
        - Port: web
          DiscoveryName: web
          ClientAliases: [{DnsName: web, Port: 80}]
    x-cloudmap: {Name: web, Port: 80}
  worker:
    build: ./worker
    command: bundle exec sidekiq
    extends:
      file: common.yml
      service: worker-base
    depends_on: [redis, db]
    networks: [back-tier]
    cpus: 1.5
    cpu_shares: 512
    cpu_period: 100000
    cpu_quota: 50000
    cpu_count: 2
    cpu_percent: 50
    cpu_rt_runtime: 400ms
    cpu_rt_period: 11000
    cpuset: "0-3"
    mem_limit: 1g
    mem_reservation: 512m
    mem_swappiness: 60
    memswap_limit: -1
    shm_size: 64M
    oom_kill_disable: false
    oom_score_adj: -500
    pids_limit: -1
    blkio_config:
      weight: 300
      weight_device: [{path: /dev/sda, weight: 400}]
      device_read_bps: [{path: /dev/sdb, rate: 12mb}]
      device_read_iops: [{path: /dev/sdb, rate: 120}]
      device_write_bps: [{path: /dev/sdb, rate: 1024k}]
      device_write_iops: [{path: /dev/sdb, rate: 30}]
    devices: ["/dev/ttyUSB0:/dev/ttyUSB0", "vendor1.com/device=gpu"]
    device_cgroup_rules: ["c 1:3 mr"]
    gpus: all
    group_add: [mail, 1001]
    label_file: [./app.labels, ./additional.labels]
    links: ["db:database"]
    external_links: [redis_1]
    volumes_from: [web:ro, "container:other:rw"]
    ipc: shareable
    pid: host
    uts: host
    cgroup: private
    cgroup_parent: m-executor-abcd
    userns_mode: host
    isolation: default
    platform: linux/arm64/v8
    runtime: runc
    scale: 3
    stdin_open: true
    tty: true
    privileged: false
    attach: false
    hostname: worker
    domainname: example.com
    mac_address: 02:42:ac:11:65:43
    storage_opt: {size: 1G}
    use_api_socket: true
    credential_spec: {file: my-credential-spec.json}
    driver_opts: {com.docker.network.bridge.host_binding_ipv4: "127.0.0.1"}
    env_file: .env
    models:
      llm:
        endpoint_var: MODEL_URL
        model_var: MODEL
    pull_refresh_after: 24h
    x-serviceconnect: {Services: []}
  redis:
    image: redis:7
    expose: ["6379"]
    networks: {back-tier: null}
    healthcheck:
      test: redis-cli ping || exit 1
    x-serviceconnect:
      Enabled: true
      Services:
        - Port: 6379
          DiscoveryName: redis
          ClientAliases:
            - DnsName: redis
              Port: 6379
              TestTrafficRules: {Header: {Name: x-canary, Value: {Exact: "1"}}}
          AppProtocol: http
          IngressPortOverride: 16379
          Timeout: {IdleTimeoutSeconds: 300, PerRequestTimeoutSeconds: 15}
          Tls:
            IssuerCertificateAuthority: {AwsPcaAuthorityArn: "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/abc"}
            KmsKey: alias/shop
            RoleArn: "arn:aws:iam::123456789012:role/shop-tls"
  db:
    image: postgres:16
    healthcheck:
      disable: true
    models: [llm]
    x-serviceconnect: false
  database:
    provider:
      type: awesomecloud
      options: {type: mysql, foo: bar, size: 10, tags: [a, b]}
networks:
  default:
  front-tier:
    driver: bridge
    driver_opts:
      com.docker.network.bridge.host_binding_ipv4: "127.0.0.1"
    ipam:
      driver: default
      config:
        - subnet: 172.16.238.0/24
          ip_range: 172.16.238.0/25
          gateway: 172.16.238.1
          aux_addresses: {host1: 172.16.238.5}
      options: {foo: bar}
    attachable: true
    enable_ipv4: true
    enable_ipv6: false
    internal: false
    labels: [com.example.description=Front]
  back-tier: {}
  outside:
    external: true
    name: my-app-net
volumes:
  db-data:
  static:
    driver: local
    driver_opts: {type: nfs, o: "addr=10.40.0.199,nolock,soft,rw", device: ":/docker/example"}
    labels: {com.example.description: Static}
  legacy:
    external: true
    name: actual-name-of-volume
secrets:
  server-certificate:
    file: ./server.cert
  token:
    environment: OAUTH_TOKEN
  npm_token:
    external: true
    name: arn:aws:secretsmanager:eu-west-1:123456789012:secret:npm
configs:
  my_config:
    file: ./my_config.txt
  http_config:
    external: true
    name: "http-config-v2"
  app_config:
    content: |
      debug=true
  simple_config:
    environment: SIMPLE_CONFIG_VALUE
models:
  llm:
    model: ai/smollm2
    context_size: 1024
    runtime_flags: ["--a-flag", "--another-flag=42"]
x-serviceconnect:
  Namespace: shop.local
  Logs: true
  AccessLogs: {Format: JSON, IncludeQueryParameters: false}
x-cloudmap:
  Namespace: shop.local
x-vpc:
  VpcId: vpc-0abc
  Subnets: [subnet-1, subnet-2]
  AssignPublicIp: false
x-cluster:
  ClusterName: existing-cluster
  CapacityProviders: [FARGATE, FARGATE_SPOT]
x-common-env: &common
  TZ: utc
`;

// The x-appmesh example of EXTENSIONS.md (compose-x form).
const APPMESH_COMPOSE_X = `
services:
  app01: {image: example/app01}
  app02: {image: example/app02}
  app03: {image: example/app03}
  dateteller: {image: example/dateteller}
x-appmesh:
  Properties:
    MeshName: shop
  Settings:
    Nodes:
      - Name: app01
        Protocol: http
        Port: 5000
        Backends: [dateteller]
      - {Name: app02, Protocol: http}
      - {Name: app03, Protocol: http}
    Routers:
      - Name: dateteller
        Listener: {Port: 5000, Protocol: http}
        Routes:
          Http:
            - Match:
                Prefix: /
                Method: GET
                Headers:
                  - {Name: x-version, Match: {Exact: v2}}
                  - {Name: x-debug, Invert: true, Match: {Range: {Start: 1, End: 5}}}
              Nodes:
                - {Name: app02, Weight: 1}
                - {Name: app03, Weight: 1}
              RetryPolicy:
                MaxRetries: 3
                PerRetryTimeout: {Unit: s, Value: 2}
                HttpRetryEvents: [server-error, gateway-error]
                TcpRetryEvents: [connection-error]
              Timeout:
                Idle: {Unit: s, Value: 60}
                PerRequest: {Unit: ms, Value: 1500}
    Services:
      - Name: dateteller
        Router: dateteller
      - Name: app03
        Node: app03
    Gateways:
      - Name: front
        Listener: {Port: 80, Protocol: http}
        LoadBalancer: {Type: network, Public: true}
        Routes:
          - {Match: {Prefix: /blue}, Service: blue}
          - {Match: {Prefix: /split}, Service: split}
`;

// ECS ComposeX's own x-appmesh syntax (seed 003): mesh settings under Properties,
// capitalised protocols and schemes, TCP routers, virtual services named apart from
// the compose services.
const APPMESH_ECS_COMPOSEX = `
version: '3.8'
services:
  app01: {image: example/blog-app-01, ports: [5000]}
  app02: {image: example/blog-app-02, ports: [5000]}
  app03: {image: example/blog-app-02, ports: [5000]}
x-appmesh:
  Properties:
    MeshName: test-shared-mesh
    MeshOwner: "123456789012"
    EgressPolicy: ALLOW_ALL
  Settings:
    Nodes:
      - Name: app03
        Protocol: Tcp
        Port: 5000
      - Name: app02
        Protocol: Http
      - Name: app01
        Protocol: Http
        Backends:
          - dateteller # the dateteller virtual service, not the router
    Routers:
      - Name: dateteller
        Listener:
          Port: 5000
          Protocol: Http
        Routes:
          Http:
            - Match:
                Prefix: /date
                Method: GET
                Scheme: http
              Nodes:
                - Name: app02
                  Weight: 1
            - Match:
                Prefix: /date/utc
              Nodes:
                - Name: app03
                  Weight: 1
      - Name: datetellertcp
        Listener:
          Port: 5000
          Protocol: Tcp
        Routes:
          Tcp:
            - Nodes:
                - Name: app03
                  Weight: 1
    Services:
      - Name: api
        Node: app01
      - Name: dateteller
        Router: dateteller
`;

const VALID: [string, string][] = [
  ['a realistic multi-service file, short and long forms', REALISTIC],
  ['a port mode that is neither host nor ingress (awsvpc), as the specification allows', 'services:\n  web: {image: nginx, ports: [{target: 80, mode: awsvpc}]}\n'],
  ['a restart_policy condition docker compose accepts (unless-stopped)', 'services:\n  web: {image: nginx, deploy: {restart_policy: {condition: unless-stopped}}}\n'],
  ['the x-appmesh example of EXTENSIONS.md', APPMESH_COMPOSE_X],
  ['the ECS ComposeX x-appmesh syntax', APPMESH_ECS_COMPOSEX],
  [
    'x-appmesh short form, CloudFormation Mesh properties, gRPC, HTTP/2 and TCP routes',
    `
x-appmesh:
  MeshName: shop
  MeshOwner: "123456789012"
  EgressPolicy: DROP_ALL
  Properties:
    MeshName: shop
    Spec:
      EgressFilter: {Type: DROP_ALL}
      ServiceDiscovery: {IpPreference: IPv4_PREFERRED}
    Tags: [{Key: team, Value: shop}]
  Settings:
    Nodes:
      - {Name: api, Protocol: grpc, Port: 50051}
      - {Name: web, Protocol: http2, Port: 8443}
      - {Name: db, Protocol: tcp, Port: 5432}
    Routers:
      - Name: api
        Listener: {Port: 50051, Protocol: grpc}
        Routes:
          Grpc:
            - Match:
                ServiceName: shop.Catalog
                MethodName: List
                Metadata: [{Name: tenant, Match: {Prefix: eu-}}]
              Nodes: [{Name: api, Weight: 100}]
              RetryPolicy:
                MaxRetries: 2
                PerRetryTimeout: {Unit: ms, Value: 500}
                GrpcRetryEvents: [unavailable, deadline-exceeded]
              Timeout: {PerRequest: {Unit: s, Value: 5}}
      - Name: web
        Listener: {Port: 8443, Protocol: http2}
        Routes:
          Http2:
            - Match:
                Path: {Regex: "^/v[0-9]+/"}
                Scheme: https
                QueryParameters: [{Name: beta, Match: {Exact: "1"}}]
              Nodes: [{Name: web, Weight: 0}, {Name: api, Weight: 100, Port: 50051}]
      - Name: db
        Listener: {Port: 5432, Protocol: tcp}
        Routes:
          Tcp:
            - Match: {Port: 5432}
              Nodes: [{Name: db, Weight: 1}]
              Timeout: {Idle: {Unit: s, Value: 600}}
    Services:
      - {Name: api, Router: api}
      - {Name: web, Router: web}
      - {Name: db.shop.local, Node: db}
    Gateways:
      - Name: front
        Listener: {Port: 443, Protocol: http2}
        LoadBalancer: {Type: application, Public: false}
        Routes:
          - Match: {Path: {Exact: /health}, Method: GET, Hostname: {Suffix: .shop.example}}
            Service: web
`,
  ],
  ['Service Connect turned off at the top level', 'x-serviceconnect: false\nservices: {web: {image: nginx}}\n'],
  ['empty extension objects', 'x-serviceconnect: {}\nx-cloudmap: {}\nx-vpc: {}\nx-cluster: {}\nx-appmesh: {}\n'],
  ['an empty file', '{}'],
  ['an override file that only changes an image', 'services:\n  web:\n    image: example/web:1.5\n'],
  [
    'an override file without image or build',
    `
services:
  web:
    environment: [DEBUG=1]
    ports: []
    deploy: {replicas: 3}
  redis:
    x-serviceconnect: {Enabled: false}
`,
  ],
  ['a file with only networks and volumes, null entries', 'networks:\n  default:\nvolumes:\n  data:\n'],
  [
    'null values where the specification allows them',
    `
services:
  web:
    image: nginx
    command: null
    entrypoint: null
    environment: {FOO: null, BAR: ""}
    labels: {com.example.empty: null}
    networks: {default: null, back: {}}
    pid: null
networks: {default: null, back: null}
volumes: {data: null}
`,
  ],
  [
    'numbers and booleans that arrive as strings after interpolation',
    `
services:
  web:
    image: nginx
    ports: ["80", "8080:80", {target: "80", published: "8080"}]
    expose: ["3000"]
    cpus: "0.5"
    cpu_shares: "512"
    mem_limit: "536870912"
    scale: "2"
    read_only: "true"
    init: "false"
    deploy:
      replicas: "3"
      resources: {limits: {cpus: "1", memory: "1073741824"}}
    healthcheck: {retries: "3"}
    ulimits: {nofile: "65535", nproc: {soft: "1024", hard: "2048"}}
    depends_on:
      db: {condition: service_started, required: "false"}
    x-serviceconnect:
      Services: [{Port: "8080"}]
  db: {image: postgres}
`,
  ],
  [
    'command and entrypoint emptied, healthcheck NONE',
    `
services:
  job:
    image: busybox
    command: []
    entrypoint: ""
    healthcheck: {test: [NONE]}
`,
  ],
  [
    'x-ingress: public-ip, and the settings of a domain and of a service',
    `
x-ingress:
  Domain: app.example.com
  HostedZoneId: Z0123456789ABCDEFGHIJ
  SslPolicy: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09
services:
  web: {image: nginx, ports: ["80:80"], x-ingress: public-ip}
  api:
    image: api
    ports: ["3000:3000"]
    x-ingress: {Protocol: http, Host: api.example.com, Path: /api, Priority: 100, DeregistrationDelay: 5, HealthCheck: {Path: /health, Codes: "200-299", Interval: 10, Timeout: 3, Port: 3001, GracePeriod: 30}}
`,
  ],
  [
    'x-ingress Routes: a path with a rewrite to one service, and a weighted split',
    `
x-ingress:
  Routes:
    - {Path: /blue, Rewrite: /, Targets: [{Service: blue, Port: 3000}]}
    - {Path: /split, Targets: [{Service: blue, Port: 3000, Weight: 50}, {Service: green, Port: 3000, Weight: 50}]}
services:
  blue: {image: b, expose: ["3000"]}
  green: {image: g, expose: ["3000"]}
`,
  ],
  [
    'x-deployment: a canary with alarms, a linear step with test traffic',
    `
services:
  web:
    image: nginx
    ports: ["80:80"]
    x-deployment: {Strategy: CANARY, CanaryPercent: 2.5, CanaryBakeTime: 5m, BakeTime: 10, Alarms: [web-5xx]}
  api:
    image: api
    expose: ["8080"]
    x-deployment: {Strategy: LINEAR, StepPercent: 20, StepBakeTime: "1h30m", TestTraffic: {Header: x-canary, Value: "1"}}
`,
  ],
];

describe('compose-spec.json accepts', () => {
  it.each(VALID)('%s', (_name, yaml) => {
    const { ok, errors } = check(yaml);
    expect(errors).toBeNull();
    expect(ok).toBe(true);
  });
});

interface Invalid {
  name: string;
  yaml: string;
  instancePath: string;
  keyword: string;
  params?: Record<string, unknown>;
}

const INVALID: Invalid[] = [
  {
    name: 'an unknown service key',
    yaml: 'services:\n  web:\n    image: nginx\n    helthcheck: {test: [CMD, "true"]}\n',
    instancePath: '/services/web',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'helthcheck' },
  },
  {
    name: 'ports as a map',
    yaml: 'services:\n  web:\n    image: nginx\n    ports: {a: 1}\n',
    instancePath: '/services/web/ports',
    keyword: 'type',
  },
  {
    name: 'an unknown top-level key',
    yaml: 'service:\n  web: {image: nginx}\n',
    instancePath: '',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'service' },
  },
  {
    name: 'a service name with a space',
    yaml: 'services:\n  "web app": {image: nginx}\n',
    instancePath: '/services',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'web app' },
  },
  {
    name: 'a profile that starts with a dash',
    yaml: 'services:\n  web:\n    image: nginx\n    profiles: [ok, -debug]\n',
    instancePath: '/services/web/profiles/1',
    keyword: 'pattern',
  },
  {
    name: 'a profile with a space',
    yaml: 'services:\n  web:\n    image: nginx\n    profiles: ["front end"]\n',
    instancePath: '/services/web/profiles/0',
    keyword: 'pattern',
  },
  {
    name: 'an unknown key in a long-syntax port',
    yaml: 'services:\n  web:\n    image: nginx\n    ports: [{target: 80, publish: 8080}]\n',
    instancePath: '/services/web/ports/0',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'publish' },
  },
  {
    name: 'a short-syntax port that is not a port',
    yaml: 'services:\n  web:\n    image: nginx\n    ports: ["8080:http"]\n',
    instancePath: '/services/web/ports/0',
    keyword: 'pattern',
  },
  {
    name: 'a port out of range',
    yaml: 'services:\n  web:\n    image: nginx\n    ports: [70000]\n',
    instancePath: '/services/web/ports/0',
    keyword: 'maximum',
  },
  {
    name: 'an unknown key in a long-syntax volume',
    yaml: 'services:\n  web:\n    image: nginx\n    volumes: [{type: volume, source: data, target: /data, readonly: true}]\n',
    instancePath: '/services/web/volumes/0',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'readonly' },
  },
  {
    name: 'an unknown build key',
    yaml: 'services:\n  web:\n    build: {context: ., dockerfil: Dockerfile}\n',
    instancePath: '/services/web/build',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'dockerfil' },
  },
  {
    name: 'an unknown deploy key',
    yaml: 'services:\n  web:\n    image: nginx\n    deploy: {replica: 2}\n',
    instancePath: '/services/web/deploy',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'replica' },
  },
  {
    name: 'an unknown healthcheck key',
    yaml: 'services:\n  web:\n    image: nginx\n    healthcheck: {test: [CMD, "true"], intervall: 5s}\n',
    instancePath: '/services/web/healthcheck',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'intervall' },
  },
  {
    name: 'a duration without a unit',
    yaml: 'services:\n  web:\n    image: nginx\n    healthcheck: {interval: "30"}\n',
    instancePath: '/services/web/healthcheck/interval',
    keyword: 'pattern',
  },
  {
    name: 'an unknown depends_on condition',
    yaml: 'services:\n  web:\n    image: nginx\n    depends_on: {db: {condition: service_ready}}\n  db: {image: postgres}\n',
    instancePath: '/services/web/depends_on/db/condition',
    keyword: 'enum',
  },
  {
    name: 'an unknown key in long-syntax depends_on',
    yaml: 'services:\n  web:\n    image: nginx\n    depends_on: {db: {conditon: service_started}}\n  db: {image: postgres}\n',
    instancePath: '/services/web/depends_on/db',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'conditon' },
  },
  {
    name: 'an unknown key in a long-syntax secret',
    yaml: 'services:\n  web:\n    image: nginx\n    secrets: [{source: token, path: /run/token}]\n',
    instancePath: '/services/web/secrets/0',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'path' },
  },
  {
    name: 'an unknown key in an env_file entry',
    yaml: 'services:\n  web:\n    image: nginx\n    env_file: [{path: .env, optional: true}]\n',
    instancePath: '/services/web/env_file/0',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'optional' },
  },
  {
    name: 'an unknown logging key',
    yaml: 'services:\n  web:\n    image: nginx\n    logging: {drivers: awslogs}\n',
    instancePath: '/services/web/logging',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'drivers' },
  },
  {
    name: 'an unknown ulimit key',
    yaml: 'services:\n  web:\n    image: nginx\n    ulimits: {nofile: {soft: 1, hard: 2, max: 3}}\n',
    instancePath: '/services/web/ulimits/nofile',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'max' },
  },
  {
    name: 'an unknown key in a top-level network',
    yaml: 'networks:\n  front: {driver: bridge, ipv6: true}\n',
    instancePath: '/networks/front',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'ipv6' },
  },
  {
    name: 'an unknown key in a top-level volume',
    yaml: 'volumes:\n  data: {drivr: local}\n',
    instancePath: '/volumes/data',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'drivr' },
  },
  {
    name: 'an unknown key in a top-level secret',
    yaml: 'secrets:\n  token: {env: TOKEN}\n',
    instancePath: '/secrets/token',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'env' },
  },
  {
    name: 'an unknown key in a top-level config',
    yaml: 'configs:\n  app: {contents: x}\n',
    instancePath: '/configs/app',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'contents' },
  },
  {
    name: 'a restart policy Compose does not know',
    yaml: 'services:\n  web:\n    image: nginx\n    restart: sometimes\n',
    instancePath: '/services/web/restart',
    keyword: 'pattern',
  },
  {
    name: 'an upper-case project name',
    yaml: 'name: Shop\n',
    instancePath: '/name',
    keyword: 'pattern',
  },
  {
    name: 'an unknown top-level x-serviceconnect field',
    yaml: 'x-serviceconnect:\n  Namespace: shop.local\n  AccessLog: {Format: JSON}\n',
    instancePath: '/x-serviceconnect',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'AccessLog' },
  },
  {
    name: 'a snake_case x-serviceconnect field',
    yaml: 'x-serviceconnect:\n  namespace: shop.local\n',
    instancePath: '/x-serviceconnect',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'namespace' },
  },
  {
    name: 'an unknown per-service x-serviceconnect field',
    yaml: 'services:\n  redis:\n    image: redis\n    x-serviceconnect: {Services: [{Port: 6379, Alias: redis}]}\n',
    instancePath: '/services/redis/x-serviceconnect/Services/0',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'Alias' },
  },
  {
    name: 'x-serviceconnect: true',
    yaml: 'x-serviceconnect: true\n',
    instancePath: '/x-serviceconnect',
    keyword: 'const',
  },
  {
    name: 'a Service Connect client alias port out of range',
    yaml: 'services:\n  redis:\n    image: redis\n    x-serviceconnect: {Services: [{Port: 6379, ClientAliases: [{Port: 70000}]}]}\n',
    instancePath: '/services/redis/x-serviceconnect/Services/0/ClientAliases/0/Port',
    keyword: 'maximum',
  },
  {
    name: 'two Service Connect client aliases',
    yaml: 'services:\n  redis:\n    image: redis\n    x-serviceconnect: {Services: [{Port: 6379, ClientAliases: [{Port: 6379}, {Port: 6380}]}]}\n',
    instancePath: '/services/redis/x-serviceconnect/Services/0/ClientAliases',
    keyword: 'maxItems',
  },
  {
    name: 'a Service Connect app protocol that is not http, http2 or grpc',
    yaml: 'services:\n  redis:\n    image: redis\n    x-serviceconnect: {Services: [{Port: 6379, AppProtocol: tcp}]}\n',
    instancePath: '/services/redis/x-serviceconnect/Services/0/AppProtocol',
    keyword: 'enum',
  },
  {
    name: 'a Service Connect access log format',
    yaml: 'x-serviceconnect: {AccessLogs: {Format: XML}}\n',
    instancePath: '/x-serviceconnect/AccessLogs/Format',
    keyword: 'enum',
  },
  {
    name: 'a bad EgressPolicy (short form)',
    yaml: 'x-appmesh:\n  EgressPolicy: DENY_ALL\n',
    instancePath: '/x-appmesh/EgressPolicy',
    keyword: 'enum',
  },
  {
    name: 'a bad EgressPolicy (ECS ComposeX Properties)',
    yaml: 'x-appmesh:\n  Properties: {EgressPolicy: allow_all}\n',
    instancePath: '/x-appmesh/Properties/EgressPolicy',
    keyword: 'enum',
  },
  {
    name: 'an unknown x-appmesh node field',
    yaml: 'x-appmesh:\n  Settings:\n    Nodes: [{Name: app01, Protocol: http, Backend: [a]}]\n',
    instancePath: '/x-appmesh/Settings/Nodes/0',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'Backend' },
  },
  {
    name: 'an App Mesh node protocol',
    yaml: 'x-appmesh:\n  Settings:\n    Nodes: [{Name: app01, Protocol: udp}]\n',
    instancePath: '/x-appmesh/Settings/Nodes/0/Protocol',
    keyword: 'enum',
  },
  {
    name: 'a route weight above 100',
    yaml: `
x-appmesh:
  Settings:
    Routers:
      - Name: r
        Listener: {Port: 80, Protocol: http}
        Routes:
          Http: [{Match: {Prefix: /}, Nodes: [{Name: a, Weight: 101}]}]
`,
    instancePath: '/x-appmesh/Settings/Routers/0/Routes/Http/0/Nodes/0/Weight',
    keyword: 'maximum',
  },
  {
    name: 'an App Mesh retry event that does not exist',
    yaml: `
x-appmesh:
  Settings:
    Routers:
      - Name: r
        Listener: {Port: 80, Protocol: http}
        Routes:
          Http:
            - Match: {Prefix: /}
              Nodes: [{Name: a, Weight: 1}]
              RetryPolicy: {MaxRetries: 1, PerRetryTimeout: {Unit: s, Value: 1}, HttpRetryEvents: [timeout]}
`,
    instancePath: '/x-appmesh/Settings/Routers/0/Routes/Http/0/RetryPolicy/HttpRetryEvents/0',
    keyword: 'enum',
  },
  {
    name: 'an App Mesh duration unit',
    yaml: `
x-appmesh:
  Settings:
    Routers:
      - Name: r
        Listener: {Port: 80, Protocol: tcp}
        Routes:
          Tcp: [{Nodes: [{Name: a, Weight: 1}], Timeout: {Idle: {Unit: m, Value: 1}}}]
`,
    instancePath: '/x-appmesh/Settings/Routers/0/Routes/Tcp/0/Timeout/Idle/Unit',
    keyword: 'enum',
  },
  {
    name: 'a gateway load balancer type',
    yaml: 'x-appmesh:\n  Settings:\n    Gateways: [{Name: g, Listener: {Port: 80, Protocol: http}, LoadBalancer: {Type: classic}}]\n',
    instancePath: '/x-appmesh/Settings/Gateways/0/LoadBalancer/Type',
    keyword: 'enum',
  },
  {
    name: 'an unknown x-cloudmap service field',
    yaml: 'services:\n  nginx:\n    image: nginx\n    x-cloudmap: {Name: nginx, TTL: 15}\n',
    instancePath: '/services/nginx/x-cloudmap',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'TTL' },
  },
  {
    name: 'x-vpc without subnets',
    yaml: 'x-vpc:\n  VpcId: vpc-0abc\n  Subnets: []\n',
    instancePath: '/x-vpc/Subnets',
    keyword: 'minItems',
  },
  {
    name: 'an unknown x-vpc field',
    yaml: 'x-vpc:\n  VpcID: vpc-0abc\n',
    instancePath: '/x-vpc',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'VpcID' },
  },
  {
    name: 'an x-cluster capacity provider Fargate does not have',
    yaml: 'x-cluster:\n  CapacityProviders: [EC2]\n',
    instancePath: '/x-cluster/CapacityProviders/0',
    keyword: 'enum',
  },
  {
    name: 'an x-ingress mode that does not exist',
    yaml: 'x-ingress: public\n',
    instancePath: '/x-ingress',
    keyword: 'enum',
  },
  {
    name: 'an x-ingress Path with a wildcard',
    yaml: 'services:\n  web: {image: nginx, x-ingress: {Path: /api/*}}\n',
    instancePath: '/services/web/x-ingress/Path',
    keyword: 'pattern',
  },
  {
    name: 'an x-ingress Priority out of the listener range',
    yaml: 'services:\n  web: {image: nginx, x-ingress: {Priority: 50001}}\n',
    instancePath: '/services/web/x-ingress/Priority',
    keyword: 'maximum',
  },
  {
    name: 'an x-ingress route without targets',
    yaml: 'x-ingress:\n  Routes: [{Path: /a, Targets: []}]\n',
    instancePath: '/x-ingress/Routes/0/Targets',
    keyword: 'minItems',
  },
  {
    name: 'an x-ingress route target weight past ELB range',
    yaml: 'x-ingress:\n  Routes: [{Path: /a, Targets: [{Service: a, Port: 80, Weight: 1000}]}]\n',
    instancePath: '/x-ingress/Routes/0/Targets/0/Weight',
    keyword: 'maximum',
  },
  {
    name: 'an x-deployment strategy ECS does not have',
    yaml: 'services:\n  web: {image: nginx, x-deployment: {Strategy: RECREATE}}\n',
    instancePath: '/services/web/x-deployment/Strategy',
    keyword: 'enum',
  },
  {
    name: 'an x-deployment linear step under 3%',
    yaml: 'services:\n  web: {image: nginx, x-deployment: {Strategy: LINEAR, StepPercent: 2}}\n',
    instancePath: '/services/web/x-deployment/StepPercent',
    keyword: 'minimum',
  },
  {
    name: 'an x- key inside a compose-x extension',
    yaml: 'x-vpc:\n  VpcId: vpc-0abc\n  x-note: hi\n',
    instancePath: '/x-vpc',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'x-note' },
  },
];

describe('compose-spec.json rejects', () => {
  it.each(INVALID)('$name', ({ yaml, instancePath, keyword, params }) => {
    const { ok, errors } = check(yaml);
    expect(ok).toBe(false);
    const [error] = errors ?? [];
    expect({ instancePath: error?.instancePath, keyword: error?.keyword }).toEqual({ instancePath, keyword });
    if (params) expect(error?.params).toMatchObject(params);
  });
});

const EXTENSION_PLACES: [string, string][] = [
  ['top level', 'x-foo: {any: [thing]}\n'],
  ['a service', 'services:\n  web: {image: nginx, x-foo: 1}\n'],
  ['build', 'services:\n  web: {build: {context: ., x-foo: 1}}\n'],
  ['deploy', 'services:\n  web: {image: nginx, deploy: {replicas: 1, x-foo: 1}}\n'],
  ['deploy.resources.limits', 'services:\n  web: {image: nginx, deploy: {resources: {limits: {cpus: "1", x-foo: 1}}}}\n'],
  ['deploy.placement', 'services:\n  web: {image: nginx, deploy: {placement: {x-aws-role: "arn:aws:iam::1:role/foo"}}}\n'],
  ['healthcheck', 'services:\n  web: {image: nginx, healthcheck: {test: [NONE], x-foo: 1}}\n'],
  ['logging', 'services:\n  web: {image: nginx, logging: {driver: awslogs, x-foo: 1}}\n'],
  ['a long-syntax port', 'services:\n  web: {image: nginx, ports: [{target: 80, x-foo: 1}]}\n'],
  ['a long-syntax volume', 'services:\n  web: {image: nginx, volumes: [{type: tmpfs, target: /t, x-foo: 1}]}\n'],
  ['long-syntax depends_on', 'services:\n  web: {image: nginx, depends_on: {db: {condition: service_started, x-foo: 1}}}\n'],
  ['a long-syntax secret', 'services:\n  web: {image: nginx, secrets: [{source: s, x-foo: 1}]}\n'],
  ['a long-syntax config', 'services:\n  web: {image: nginx, configs: [{source: c, x-foo: 1}]}\n'],
  ['a long-syntax env_file', 'services:\n  web: {image: nginx, env_file: [{path: .env, x-foo: 1}]}\n'],
  ['a service network', 'services:\n  web: {image: nginx, networks: {front: {x-foo: 1}}}\n'],
  ['a network', 'networks:\n  front: {driver: bridge, x-foo: 1}\n'],
  ['a volume', 'volumes:\n  data: {x-foo: 1}\n'],
  ['a secret', 'secrets:\n  token: {file: ./token, x-foo: 1}\n'],
  ['a config', 'configs:\n  app: {file: ./app.conf, x-foo: 1}\n'],
  ['an include', 'include:\n  - {path: ../other/compose.yaml, x-foo: 1}\n'],
  ['a model', 'models:\n  llm: {model: ai/smollm2, x-foo: 1}\n'],
];

describe('x- keys', () => {
  it.each(EXTENSION_PLACES)('are allowed in %s', (_place, yaml) => {
    const { ok, errors } = check(yaml);
    expect(errors).toBeNull();
    expect(ok).toBe(true);
  });

  it('are free-form unless compose-x owns the name (x-servicesconnect is not x-serviceconnect)', () => {
    expect(check('x-servicesconnect: {namespace: a}\n').ok).toBe(true);
    expect(check('x-serviceconnect: {namespace: a}\n').ok).toBe(false);
  });
});

describe('the forms of ECS ComposeX and Docker ECS', () => {
  it.each([
    ['x-vpc Lookup by tags and IDs', 'x-vpc:\n  Lookup:\n    VpcId: {Tags: [{Name: shared}]}\n    AppSubnets: {Tags: [{"vpc::usage": app}]}\n    PublicSubnets: [subnet-0a]\n    StorageSubnets: {Tags: [{usage: storage}]}\n'],
    ['x-vpc Lookup by VPC ARN', 'x-vpc:\n  Lookup:\n    VpcId: arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc\n    AppSubnets: {Tags: [{a: b}]}\n'],
    ['x-vpc Properties', 'x-vpc:\n  Properties: {VpcCidr: 100.127.254.0/24, SingleNat: true, Endpoints: {AwsServices: [{service: ecr.dkr}]}}\n'],
    ['x-cluster Lookup by name', 'x-cluster:\n  Lookup: test\n'],
    ['x-cluster Lookup by tags, Use', 'x-cluster:\n  Lookup: {Tags: [{team: blog}]}\n  Use: old\n'],
    ['x-cluster Properties and MacroParameters', 'x-cluster:\n  Properties: {ClusterName: ANewCluster, CapacityProviders: [FARGATE], ClusterSettings: [{Name: containerInsights, Value: enabled}]}\n  MacroParameters: {CreateExecLoggingLogGroup: true}\n'],
    ['x-cloudmap namespaces', 'x-cloudmap:\n  private-namespace: {ZoneName: a.internal, Lookup: true}\n  other: {Name: b.internal, Properties: {}}\n'],
    ['a service x-cloudmap by namespace', 'services:\n  web: {image: nginx, x-cloudmap: private-namespace}\n'],
    ['x-logging, x-xray', 'x-logging: {RetentionInDays: 42}\nservices:\n  web: {image: nginx, x-logging: {RetentionInDays: 14}, x-xray: true}\n'],
    ['x-aws-*', 'x-aws-cluster: my-cluster\nx-aws-vpc: vpc-0abc\nx-aws-logs_retention: 10\nservices:\n  web: {image: nginx, x-aws-pull_credentials: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pull-AbC"}\n'],
  ])('accepts %s', (_name, yaml) => {
    const { ok, errors } = check(yaml);
    expect(errors).toBeNull();
    expect(ok).toBe(true);
  });

  it.each([
    ['a Lookup key that is not a subnet list', 'x-vpc:\n  Lookup: {VpcId: vpc-1, Vpcs: [a]}\n'],
    ['x-aws-vpc that is not a VPC ID', 'x-aws-vpc: my-vpc\n'],
    ['x-aws-pull_credentials that is not a Secrets Manager ARN', 'services:\n  web: {image: nginx, x-aws-pull_credentials: my-secret}\n'],
  ])('rejects %s', (_name, yaml) => {
    expect(check(yaml).ok).toBe(false);
  });
});
