import pick from 'lodash/pick.js';
import { canonicalize } from '../../src/parser/canonical/canonical.js';
import type { CanonicalContext } from '../../src/parser/canonical/context.js';
import { ParseError, type TreePath, type Warning } from '../../src/parser/diagnostics.js';
import type { Project, Service } from '../../src/parser/model.js';
import { toComposeDocument } from '../../src/parser/to-compose.js';
import { parseErrorOf } from '../helpers/parse-error.js';

const SECOND = 1_000_000_000;
const MIB = 1024 * 1024;

const ENV_FILES: Record<string, Record<string, string>> = {
  '/proj/.env': { FROM_FILE: 'file', SHARED: 'file' },
  '/proj/a.env': { A: 'a', SHARED: 'a' },
  '/proj/b.env': { B: 'b', SHARED: 'b' },
};
const ENVIRONMENT: Record<string, string> = { HOME: '/home/me', FROM_SHELL: 'shell', TAG: 'v1' };

/** A fake context for project "proj" in /proj; positions are derived from the path. */
function fakeContext(overrides: Partial<CanonicalContext> = {}): CanonicalContext & { warnings: Warning[] } {
  const warnings: Warning[] = [];
  return {
    projectName: 'proj',
    workingDir: '/proj',
    lookup: (name) => ENVIRONMENT[name],
    readEnvFile: (file) => ENV_FILES[file],
    locate: (path) => ({ file: 'compose.yaml', line: path.length, col: 1 }),
    warn: (w) => warnings.push(w),
    warnings,
    ...overrides,
  };
}

/** `web` (under test) next to `db`, plus top-level declarations. */
function withWeb(web: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  return { services: { web: { image: 'nginx', ...web }, db: { image: 'postgres' } }, ...top };
}

function web(input: Record<string, unknown>, top: Record<string, unknown> = {}): Service {
  const service = canonicalize(withWeb(input, top), fakeContext()).services.web;
  if (!service) throw new Error('no web service');
  return service;
}

const DECLARED = {
  networks: { front: null, back: {} },
  volumes: { data: null },
  secrets: { db_password: { file: './db_password.txt' }, api_key: { environment: 'API_KEY' } },
  configs: { nginx_conf: { file: './nginx.conf' } },
};

describe('canonicalize: service short forms and defaults', () => {
  const cases: { name: string; input: Record<string, unknown>; want: Partial<Service> }[] = [
    {
      name: 'defaults of an almost empty service',
      input: {},
      want: {
        name: 'web',
        image: 'nginx',
        environment: {},
        ports: [],
        expose: [],
        volumes: [],
        depends_on: {},
        networks: { default: null },
        labels: {},
        secrets: [],
        configs: [],
        ulimits: {},
        extra_hosts: {},
        profiles: [],
        cap_add: [],
        cap_drop: [],
        other: {},
        extensions: {},
      },
    },
    {
      name: 'x- keys go to extensions, other spec keys to other',
      input: { 'x-aws-role': { arn: 'r' }, container_name: 'w', pull_policy: 'always', profiles: ['debug'] },
      want: {
        extensions: { 'x-aws-role': { arn: 'r' } },
        other: { container_name: 'w', pull_policy: 'always' },
        profiles: ['debug'],
      },
    },
    {
      name: 'ports: short, number, range and long syntax',
      input: { ports: ['8080:80', 443, '9000-9001:9000-9001/udp', { target: 81, published: '8081', mode: 'host' }] },
      want: {
        ports: [
          { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
          { mode: 'ingress', target: 443, protocol: 'tcp' },
          { mode: 'ingress', target: 9000, published: '9000', protocol: 'udp' },
          { mode: 'ingress', target: 9001, published: '9001', protocol: 'udp' },
          { mode: 'host', target: 81, published: '8081', protocol: 'tcp' },
        ],
      },
    },
    {
      name: 'expose entries are strings',
      input: { expose: ['3000', 8000, '8000-8010', '9090/udp'] },
      want: { expose: ['3000', '8000', '8000-8010', '9090/udp'] },
    },
    {
      name: 'volumes: binds resolve against the working dir and HOME',
      input: { volumes: ['./data:/data', '../shared:/shared:ro', '~/cache:/cache', '/abs/x:/x'] },
      want: {
        volumes: [
          { type: 'bind', source: '/proj/data', target: '/data', bind: { create_host_path: true } },
          { type: 'bind', source: '/shared', target: '/shared', read_only: true, bind: { create_host_path: true } },
          { type: 'bind', source: '/home/me/cache', target: '/cache', bind: { create_host_path: true } },
          { type: 'bind', source: '/abs/x', target: '/x', bind: { create_host_path: true } },
        ],
      },
    },
    {
      name: 'volumes: named, anonymous and nocopy',
      input: { volumes: ['data:/var/lib/data:nocopy', '/scratch/'] },
      want: {
        volumes: [
          { type: 'volume', source: 'data', target: '/var/lib/data', volume: { nocopy: true } },
          { type: 'volume', target: '/scratch', volume: {} },
        ],
      },
    },
    {
      name: 'volumes: long syntax converts, resolves binds and cleans targets',
      input: {
        volumes: [
          { type: 'bind', source: './conf', target: '/etc/conf/', read_only: 'true', bind: { create_host_path: 'false' } },
          { type: 'volume', source: 'data', target: '/a/../data', volume: { nocopy: 'yes', subpath: 'x' } },
          { type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m', mode: '1777' } },
        ],
      },
      want: {
        volumes: [
          { type: 'bind', source: '/proj/conf', target: '/etc/conf', read_only: true, bind: { create_host_path: false } },
          { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true, subpath: 'x' } },
          { type: 'tmpfs', target: '/tmp', tmpfs: { size: 64 * MIB, mode: 0o1777 } },
        ],
      },
    },
    {
      name: 'tmpfs strings are not volumes',
      input: { tmpfs: '/run' },
      want: { volumes: [], other: { tmpfs: ['/run'] } },
    },
    {
      name: 'depends_on list',
      input: { depends_on: ['db'] },
      want: { depends_on: { db: { condition: 'service_started', required: true } } },
    },
    {
      name: 'depends_on map gets defaults and booleans',
      input: { depends_on: { db: { condition: 'service_healthy', restart: 'true' } } },
      want: { depends_on: { db: { condition: 'service_healthy', required: true, restart: true } } },
    },
    {
      name: 'an optional dependency on an existing service is kept',
      input: { depends_on: { db: { condition: 'service_started', required: false } } },
      want: { depends_on: { db: { condition: 'service_started', required: false } } },
    },
    {
      name: 'links, namespaces and volumes_from imply dependencies',
      input: { links: ['db:database'], ipc: 'service:db' },
      want: { depends_on: { db: { condition: 'service_started', required: true, restart: true } } },
    },
    {
      name: 'volumes_from implies a dependency without restart, not for containers',
      input: { volumes_from: ['db:ro', 'container:other'] },
      want: { depends_on: { db: { condition: 'service_started', required: true, restart: false } } },
    },
    {
      name: 'a declared dependency wins over an implied one',
      input: { depends_on: { db: { condition: 'service_healthy' } }, links: ['db'] },
      want: { depends_on: { db: { condition: 'service_healthy', required: true } } },
    },
    {
      name: 'environment list: KEY=VAL, KEY= and bare KEY from lookup or null',
      input: { environment: ['A=1', 'B=x=y', 'EMPTY=', 'FROM_SHELL', 'UNSET'] },
      want: { environment: { A: '1', B: 'x=y', EMPTY: '', FROM_SHELL: 'shell', UNSET: null } },
    },
    {
      name: 'environment map: scalars become strings, null takes lookup',
      input: { environment: { N: 1, F: 1.5, T: true, FROM_SHELL: null, UNSET: null, S: 'x' } },
      want: { environment: { N: '1', F: '1.5', T: 'true', FROM_SHELL: 'shell', UNSET: null, S: 'x' } },
    },
    {
      name: 'env_file string: absolute path, variables under environment',
      input: { env_file: '.env', environment: { SHARED: 'own' } },
      want: {
        env_file: [{ path: '/proj/.env', required: true }],
        environment: { FROM_FILE: 'file', SHARED: 'own' },
      },
    },
    {
      name: 'env_file list: later files win',
      input: { env_file: ['a.env', './b.env'] },
      want: {
        env_file: [
          { path: '/proj/a.env', required: true },
          { path: '/proj/b.env', required: true },
        ],
        environment: { A: 'a', B: 'b', SHARED: 'b' },
      },
    },
    {
      name: 'env_file long syntax: a missing optional file is skipped',
      input: { env_file: [{ path: 'missing.env', required: 'false' }, { path: '/proj/a.env', format: 'raw' }] },
      want: {
        env_file: [
          { path: '/proj/missing.env', required: false },
          { path: '/proj/a.env', required: true, format: 'raw' },
        ],
        environment: { A: 'a', SHARED: 'a' },
      },
    },
    {
      name: 'an unresolved environment entry still overrides the env file',
      input: { env_file: 'a.env', environment: ['A'] },
      want: { environment: { A: null, SHARED: 'a' } },
    },
    {
      name: 'labels list and map become strings',
      input: { labels: ['a=b', 'flag', 'eq=x=y'], deploy: { labels: { n: 1, t: true, e: null } } },
      want: { labels: { a: 'b', flag: '', eq: 'x=y' }, deploy: { labels: { n: '1', t: 'true', e: '' } } },
    },
    {
      name: 'extra_hosts list with both separators, several IPs and IPv6',
      input: { extra_hosts: ['db:10.0.0.5', 'v6=::1', 'many=1.1.1.1,2.2.2.2', 'bracket=[::2]', 'db:10.0.0.6'] },
      want: {
        extra_hosts: {
          db: ['10.0.0.5', '10.0.0.6'],
          v6: ['::1'],
          many: ['1.1.1.1', '2.2.2.2'],
          bracket: ['::2'],
        },
      },
    },
    {
      name: 'extra_hosts map',
      input: { extra_hosts: { one: '1.2.3.4', several: ['a', 'b'], v6: '::1' } },
      want: { extra_hosts: { one: ['1.2.3.4'], several: ['a', 'b'], v6: ['::1'] } },
    },
    {
      name: 'sysctls, annotations and dns are normalized in other',
      input: { sysctls: ['net.core.somaxconn=1024'], annotations: { a: 1 }, dns: '8.8.8.8', memswap_limit: '1g' },
      want: {
        other: {
          sysctls: { 'net.core.somaxconn': '1024' },
          annotations: { a: '1' },
          dns: ['8.8.8.8'],
          memswap_limit: 1024 * MIB,
        },
      },
    },
    {
      name: 'healthcheck: string test and durations',
      input: {
        healthcheck: {
          test: 'curl -f http://localhost',
          interval: '30s',
          timeout: '5s',
          start_period: '1m',
          start_interval: '500ms',
          retries: '3',
        },
      },
      want: {
        healthcheck: {
          test: ['CMD-SHELL', 'curl -f http://localhost'],
          interval: 30 * SECOND,
          timeout: 5 * SECOND,
          start_period: 60 * SECOND,
          start_interval: SECOND / 2,
          retries: 3,
        },
      },
    },
    {
      name: 'healthcheck: list test is kept',
      input: { healthcheck: { test: ['CMD', 'pg_isready'], retries: 5 } },
      want: { healthcheck: { test: ['CMD', 'pg_isready'], retries: 5 } },
    },
    {
      name: 'healthcheck: disable',
      input: { healthcheck: { disable: true, test: ['CMD', 'true'], interval: '1s' } },
      want: { healthcheck: { disable: true } },
    },
    {
      name: 'healthcheck: NONE list disables',
      input: { healthcheck: { test: ['NONE'] } },
      want: { healthcheck: { disable: true } },
    },
    {
      name: 'healthcheck: NONE string disables',
      input: { healthcheck: { test: 'NONE' } },
      want: { healthcheck: { disable: true } },
    },
    {
      name: 'command string is split, entrypoint list kept',
      input: { command: 'echo "hello world" \'$HOME\'', entrypoint: ['/bin/sh', '-c'] },
      want: { command: ['echo', 'hello world', '$HOME'], entrypoint: ['/bin/sh', '-c'] },
    },
    {
      name: 'null command is kept, empty string is an empty list',
      input: { command: null, entrypoint: '' },
      want: { command: null, entrypoint: [] },
    },
    {
      name: 'durations and sizes',
      input: { stop_grace_period: '1m30s', shm_size: '1g', mem_limit: 536870912, mem_reservation: '256m' },
      want: { stop_grace_period: 90 * SECOND, shm_size: 1024 * MIB, mem_limit: 512 * MIB, mem_reservation: 256 * MIB },
    },
    {
      name: 'booleans written as strings',
      input: { init: 'true', read_only: 'yes', privileged: false, tty: 'off', stdin_open: 'ON' },
      want: { init: true, read_only: true, privileged: false, tty: false, stdin_open: true },
    },
    {
      name: 'deploy durations, sizes and numbers',
      input: {
        deploy: {
          replicas: '2',
          resources: { limits: { cpus: '0.5', memory: '512M', pids: '100' }, reservations: { memory: '128m' } },
          update_config: { parallelism: '1', delay: '10s', monitor: '1m', max_failure_ratio: '0.3', order: 'start-first' },
          rollback_config: { delay: '5s' },
          restart_policy: { condition: 'on-failure', delay: '5s', window: '2m', max_attempts: '3' },
          placement: { max_replicas_per_node: '1' },
        },
      },
      want: {
        deploy: {
          replicas: 2,
          resources: { limits: { cpus: 0.5, memory: 512 * MIB, pids: 100 }, reservations: { memory: 128 * MIB } },
          update_config: { parallelism: 1, delay: 10 * SECOND, monitor: 60 * SECOND, max_failure_ratio: 0.3, order: 'start-first' },
          rollback_config: { delay: 5 * SECOND },
          restart_policy: { condition: 'on-failure', delay: 5 * SECOND, window: 120 * SECOND, max_attempts: 3 },
          placement: { max_replicas_per_node: 1 },
        },
      },
    },
    {
      name: 'scale moves to deploy.replicas and is dropped',
      input: { scale: '3' },
      want: { deploy: { replicas: 3 }, other: {} },
    },
    {
      name: 'scale equal to deploy.replicas',
      input: { scale: 2, deploy: { replicas: 2, mode: 'replicated' } },
      want: { deploy: { replicas: 2, mode: 'replicated' } },
    },
    {
      name: 'service-level resources are copied into deploy.resources',
      input: { cpus: '0.25', mem_limit: '1g', mem_reservation: '512m' },
      want: {
        cpus: 0.25,
        mem_limit: 1024 * MIB,
        mem_reservation: 512 * MIB,
        deploy: { resources: { limits: { cpus: 0.25, memory: 1024 * MIB }, reservations: { memory: 512 * MIB } } },
      },
    },
    {
      name: 'equal service-level and deploy resources agree',
      input: { cpus: 1, deploy: { resources: { limits: { cpus: '1.0' } } } },
      want: { cpus: 1, deploy: { resources: { limits: { cpus: 1 } } } },
    },
    {
      name: 'a null deploy is absent',
      input: { deploy: null },
      want: { other: {} },
    },
    {
      name: 'ulimits: a number sets both limits',
      input: { ulimits: { nofile: 1024, nproc: { soft: '10', hard: 20 }, core: '0' } },
      want: { ulimits: { nofile: { soft: 1024, hard: 1024 }, nproc: { soft: 10, hard: 20 }, core: { soft: 0, hard: 0 } } },
    },
    {
      name: 'secrets and configs: short and long syntax',
      input: {
        secrets: ['db_password', { source: 'api_key', target: '/run/key', uid: '1000', mode: '0400' }],
        configs: [{ source: 'nginx_conf', target: '/etc/nginx/nginx.conf', mode: 0o444 }],
      },
      want: {
        secrets: [{ source: 'db_password' }, { source: 'api_key', target: '/run/key', uid: '1000', mode: 0o400 }],
        configs: [{ source: 'nginx_conf', target: '/etc/nginx/nginx.conf', mode: 0o444 }],
      },
    },
    {
      name: 'networks list becomes a map of null',
      input: { networks: ['front', 'back'] },
      want: { networks: { front: null, back: null } },
    },
    {
      name: 'networks map keeps attachments',
      input: { networks: { front: { aliases: ['www'], ipv4_address: '10.0.0.2' }, default: null } },
      want: { networks: { front: { aliases: ['www'], ipv4_address: '10.0.0.2' }, default: null } },
    },
    {
      name: 'an empty networks map means the default network',
      input: { networks: {} },
      want: { networks: { default: null } },
    },
    {
      name: 'network_mode means no networks',
      input: { network_mode: 'host' },
      want: { networks: {}, network_mode: 'host' },
    },
    {
      name: 'logging options become strings',
      input: { logging: { driver: 'awslogs', options: { 'awslogs-group': 'g', 'max-buffer-size': 4, empty: null } } },
      want: { logging: { driver: 'awslogs', options: { 'awslogs-group': 'g', 'max-buffer-size': '4', empty: '' } } },
    },
    {
      name: 'build string: absolute context and default Dockerfile',
      input: { build: './app' },
      want: { build: { context: '/proj/app', dockerfile: 'Dockerfile' } },
    },
    {
      name: 'build mapping: remote context kept, args resolved, unset args dropped',
      input: {
        build: {
          context: 'https://github.com/acme/app.git#main',
          dockerfile_inline: 'FROM alpine',
          args: ['TAG', 'UNSET', 'PLAIN=1'],
          labels: ['l=v'],
        },
      },
      want: {
        build: {
          context: 'https://github.com/acme/app.git#main',
          dockerfile_inline: 'FROM alpine',
          args: { TAG: 'v1', PLAIN: '1' },
          labels: { l: 'v' },
        },
      },
    },
    {
      name: 'build mapping without context',
      input: { build: { dockerfile: 'Dockerfile.dev', args: { N: 1, FROM_SHELL: null } } },
      want: { build: { context: '/proj', dockerfile: 'Dockerfile.dev', args: { N: '1', FROM_SHELL: 'shell' } } },
    },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    const service = web(input, DECLARED);
    expect(pick(service, Object.keys(want))).toEqual(want);
  });

  it('an empty platform (platform: ${DOCKER_PLATFORM:-}) is no platform, as in Compose', () => {
    expect(web({ platform: '' })).not.toHaveProperty('platform');
    expect(web({ platform: 'linux/arm64' }).platform).toBe('linux/arm64');
  });
});

describe('canonicalize: project', () => {
  const cases: { name: string; input: Record<string, unknown>; want: Partial<Project> }[] = [
    {
      name: 'name, working dir and top-level x- keys',
      input: { name: 'ignored', services: {}, 'x-common': { a: 1 } },
      want: {
        name: 'proj',
        working_dir: '/proj',
        services: {},
        networks: {},
        volumes: {},
        secrets: {},
        configs: {},
        extensions: { 'x-common': { a: 1 } },
      },
    },
    {
      name: 'the default network is added when a service uses it',
      input: { services: { web: { image: 'nginx' } } },
      want: { networks: { default: { name: 'proj_default', extensions: {} } } },
    },
    {
      name: 'no default network when no service uses it',
      input: { services: { web: { image: 'nginx', network_mode: 'host' } } },
      want: { networks: {} },
    },
    {
      name: 'networks: names, external, null entries, extensions and conversions',
      input: {
        services: {},
        networks: {
          front: null,
          named: { name: 'custom', driver: 'bridge', internal: 'true', 'x-aws': { subnet: 1 } },
          shared: { external: true },
          legacy: { external: { name: 'old-net' } },
          labelled: { labels: ['a=b'], driver_opts: { mtu: 1500 } },
          default: { driver: 'overlay' },
        },
      },
      want: {
        networks: {
          front: { name: 'proj_front', extensions: {} },
          named: { name: 'custom', driver: 'bridge', internal: true, extensions: { 'x-aws': { subnet: 1 } } },
          shared: { name: 'shared', external: true, extensions: {} },
          legacy: { name: 'old-net', external: true, extensions: {} },
          labelled: { name: 'proj_labelled', labels: { a: 'b' }, driver_opts: { mtu: '1500' }, extensions: {} },
          default: { name: 'proj_default', driver: 'overlay', extensions: {} },
        },
      },
    },
    {
      name: 'volumes: names, external and local binds',
      input: {
        services: {},
        volumes: {
          data: null,
          ext: { external: 'true' },
          named: { name: 'fixed', external: false },
          bound: { driver_opts: { type: 'none', o: 'bind', device: './srv' } },
          nfs: { driver_opts: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/export' } },
        },
      },
      want: {
        volumes: {
          data: { name: 'proj_data', extensions: {} },
          ext: { name: 'ext', external: true, extensions: {} },
          named: { name: 'fixed', external: false, extensions: {} },
          bound: { name: 'proj_bound', driver_opts: { type: 'none', o: 'bind', device: '/proj/srv' }, extensions: {} },
          nfs: { name: 'proj_nfs', driver_opts: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/export' }, extensions: {} },
        },
      },
    },
    {
      name: 'secrets and configs: names and absolute files',
      input: {
        services: {},
        secrets: { pw: { file: './pw.txt' }, token: { environment: 'TOKEN' }, ext: { external: true } },
        configs: { conf: { file: '/etc/app.conf' }, inline: { content: 'x=1', name: 'inline-conf' }, tag: { environment: 'TAG' }, unset: { environment: 'NOPE' } },
      },
      want: {
        secrets: {
          pw: { name: 'proj_pw', file: '/proj/pw.txt', extensions: {} },
          token: { name: 'proj_token', environment: 'TOKEN', extensions: {} },
          ext: { name: 'ext', external: true, extensions: {} },
        },
        configs: {
          conf: { name: 'proj_conf', file: '/etc/app.conf', extensions: {} },
          inline: { name: 'inline-conf', content: 'x=1', extensions: {} },
          tag: { name: 'proj_tag', environment: 'TAG', environment_value: 'v1', extensions: {} },
          unset: { name: 'proj_unset', environment: 'NOPE', extensions: {} },
        },
      },
    },
    {
      name: 'models are kept',
      input: { services: {}, models: { llm: { model: 'ai/smollm2' } } },
      want: { models: { llm: { model: 'ai/smollm2' } } },
    },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    const project = canonicalize(input, fakeContext());
    expect(pick(project, Object.keys(want))).toEqual(want);
  });

  it('prints a config from a variable as written, without its value, as docker compose config does', () => {
    const project = canonicalize({ services: {}, configs: { tag: { environment: 'TAG' } } }, fakeContext());
    expect(toComposeDocument(project)['configs']).toEqual({ tag: { name: 'proj_tag', environment: 'TAG' } });
  });
});

describe('canonicalize: errors', () => {
  const cases: { name: string; input: Record<string, unknown>; code: string; path: TreePath }[] = [
    {
      name: 'bad port',
      input: withWeb({ ports: ['80', 'http'] }),
      code: 'E_PORT',
      path: ['services', 'web', 'ports', 1],
    },
    {
      name: 'bad short volume',
      input: withWeb({ volumes: [':/data'] }),
      code: 'E_VOLUME',
      path: ['services', 'web', 'volumes', 0],
    },
    {
      name: 'undeclared named volume',
      input: withWeb({ volumes: ['./ok:/ok', 'cache:/cache'] }),
      code: 'E_VOLUME_UNDECLARED',
      path: ['services', 'web', 'volumes', 1],
    },
    {
      name: 'undeclared volume in long syntax',
      input: withWeb({ volumes: [{ type: 'volume', source: 'cache', target: '/c' }] }),
      code: 'E_VOLUME_UNDECLARED',
      path: ['services', 'web', 'volumes', 0],
    },
    {
      name: 'unknown dependency in a list',
      input: withWeb({ depends_on: ['db', 'cache'] }),
      code: 'E_DEPENDS_ON_UNKNOWN',
      path: ['services', 'web', 'depends_on', 1],
    },
    {
      name: 'unknown dependency in a map',
      input: withWeb({ depends_on: { ghost: { condition: 'service_healthy' } } }),
      code: 'E_DEPENDS_ON_UNKNOWN',
      path: ['services', 'web', 'depends_on', 'ghost'],
    },
    {
      name: 'unknown service in links',
      input: withWeb({ links: ['ghost:g'] }),
      code: 'E_DEPENDS_ON_UNKNOWN',
      path: ['services', 'web', 'links', 0],
    },
    {
      name: 'unknown service in network_mode',
      input: withWeb({ network_mode: 'service:ghost' }),
      code: 'E_DEPENDS_ON_UNKNOWN',
      path: ['services', 'web', 'network_mode'],
    },
    {
      name: 'missing required env_file (string)',
      input: withWeb({ env_file: 'missing.env' }),
      code: 'E_ENV_FILE_MISSING',
      path: ['services', 'web', 'env_file'],
    },
    {
      name: 'missing required env_file (list)',
      input: withWeb({ env_file: ['a.env', { path: 'missing.env' }] }),
      code: 'E_ENV_FILE_MISSING',
      path: ['services', 'web', 'env_file', 1],
    },
    {
      name: 'bad healthcheck duration',
      input: withWeb({ healthcheck: { test: 'true', interval: '10' } }),
      code: 'E_DURATION',
      path: ['services', 'web', 'healthcheck', 'interval'],
    },
    {
      name: 'bad stop_grace_period',
      input: withWeb({ stop_grace_period: 'soon' }),
      code: 'E_DURATION',
      path: ['services', 'web', 'stop_grace_period'],
    },
    {
      name: 'bad deploy delay',
      input: withWeb({ deploy: { restart_policy: { delay: '5 seconds' } } }),
      code: 'E_DURATION',
      path: ['services', 'web', 'deploy', 'restart_policy', 'delay'],
    },
    {
      name: 'bad mem_limit',
      input: withWeb({ mem_limit: 'lots' }),
      code: 'E_BYTES',
      path: ['services', 'web', 'mem_limit'],
    },
    {
      name: 'bad deploy memory',
      input: withWeb({ deploy: { resources: { limits: { memory: '1x' } } } }),
      code: 'E_BYTES',
      path: ['services', 'web', 'deploy', 'resources', 'limits', 'memory'],
    },
    {
      name: 'bad tmpfs size',
      input: withWeb({ volumes: [{ type: 'tmpfs', target: '/t', tmpfs: { size: 'big' } }] }),
      code: 'E_BYTES',
      path: ['services', 'web', 'volumes', 0, 'tmpfs', 'size'],
    },
    {
      name: 'scale and deploy.replicas disagree',
      input: withWeb({ scale: 2, deploy: { replicas: 3 } }),
      code: 'E_SCALE_CONFLICT',
      path: ['services', 'web', 'scale'],
    },
    {
      name: 'cpus and deploy limits disagree',
      input: withWeb({ cpus: 0.5, deploy: { resources: { limits: { cpus: '1' } } } }),
      code: 'E_RESOURCES_CONFLICT',
      path: ['services', 'web', 'cpus'],
    },
    {
      name: 'mem_reservation and deploy reservations disagree',
      input: withWeb({ mem_reservation: '1g', deploy: { resources: { reservations: { memory: '512m' } } } }),
      code: 'E_RESOURCES_CONFLICT',
      path: ['services', 'web', 'mem_reservation'],
    },
    {
      name: 'undeclared secret',
      input: withWeb({ secrets: ['nope'] }),
      code: 'E_SECRET_UNDECLARED',
      path: ['services', 'web', 'secrets', 0],
    },
    {
      name: 'undeclared config',
      input: withWeb({ configs: [{ source: 'nope', target: '/x' }] }),
      code: 'E_CONFIG_UNDECLARED',
      path: ['services', 'web', 'configs', 0],
    },
    {
      name: 'undeclared network in a list',
      input: withWeb({ networks: ['front'] }),
      code: 'E_NETWORK_UNDECLARED',
      path: ['services', 'web', 'networks', 0],
    },
    {
      name: 'undeclared network in a map',
      input: withWeb({ networks: { default: null, back: { aliases: ['b'] } } }),
      code: 'E_NETWORK_UNDECLARED',
      path: ['services', 'web', 'networks', 'back'],
    },
    {
      name: 'network_mode with networks',
      input: withWeb({ network_mode: 'host', networks: ['default'] }),
      code: 'E_NETWORK_MODE_CONFLICT',
      path: ['services', 'web', 'networks'],
    },
    {
      name: 'unterminated quote in command',
      input: withWeb({ command: 'echo "oops' }),
      code: 'E_COMMAND',
      path: ['services', 'web', 'command'],
    },
    {
      name: 'healthcheck test list without a kind',
      input: withWeb({ healthcheck: { test: ['curl', 'localhost'] } }),
      code: 'E_HEALTHCHECK',
      path: ['services', 'web', 'healthcheck', 'test', 0],
    },
    {
      name: 'extra host without IP',
      input: withWeb({ extra_hosts: ['nohost'] }),
      code: 'E_EXTRA_HOST',
      path: ['services', 'web', 'extra_hosts', 0],
    },
    {
      name: 'extra host with an empty name',
      input: withWeb({ extra_hosts: ['=1.2.3.4'] }),
      code: 'E_EXTRA_HOST',
      path: ['services', 'web', 'extra_hosts', 0],
    },
    {
      name: 'boolean that is not one',
      input: withWeb({ read_only: 'maybe' }),
      code: 'E_TYPE',
      path: ['services', 'web', 'read_only'],
    },
    {
      name: 'replicas that are not a whole number',
      input: withWeb({ deploy: { replicas: '1.5' } }),
      code: 'E_TYPE',
      path: ['services', 'web', 'deploy', 'replicas'],
    },
    {
      name: 'cpus that are not a number',
      input: withWeb({ cpus: 'half' }),
      code: 'E_TYPE',
      path: ['services', 'web', 'cpus'],
    },
    {
      name: 'secret mode that is not octal',
      input: withWeb({ secrets: [{ source: 'db_password', mode: '0999' }] }, DECLARED),
      code: 'E_TYPE',
      path: ['services', 'web', 'secrets', 0, 'mode'],
    },
    {
      name: 'top-level external that is not a boolean',
      input: { services: {}, volumes: { v: { external: 'perhaps' } } },
      code: 'E_TYPE',
      path: ['volumes', 'v', 'external'],
    },
  ];
  it.each(cases)('$name: $code at $path', ({ input, code, path }) => {
    const error = parseErrorOf(() => canonicalize(input, fakeContext()));
    expect(error.code).toBe(code);
    expect(error.path).toEqual(path);
    expect(error.position).toEqual({ file: 'compose.yaml', line: path.length, col: 1 });
    expect(error.message).toMatch(/\.$/);
    expect(error.hint).toMatch(/\w/);
  });

  it('names the existing services in the hint of an unknown dependency', () => {
    const error = parseErrorOf(() => canonicalize(withWeb({ depends_on: ['cache'] }), fakeContext()));
    expect(error.hint).toContain('web, db');
  });

  it('names both keys of a resources conflict', () => {
    const input = withWeb({ mem_limit: '1g', deploy: { resources: { limits: { memory: '2g' } } } });
    const error = parseErrorOf(() => canonicalize(input, fakeContext()));
    expect(error.message).toContain('mem_limit');
    expect(error.message).toContain('deploy.resources.limits.memory');
  });

  it('names the volume and the top-level key for an undeclared volume', () => {
    const error = parseErrorOf(() => canonicalize(withWeb({ volumes: ['cache:/c'] }), fakeContext()));
    expect(error.message).toContain('"cache"');
    expect(error.hint).toContain('top-level volumes:');
  });

  it('reports a missing env file with the path as written', () => {
    const error = parseErrorOf(() => canonicalize(withWeb({ env_file: './conf/missing.env' }), fakeContext()));
    expect(error.message).toContain('"./conf/missing.env"');
  });

  it('locates an env file syntax error that has no location', () => {
    const context = fakeContext({
      readEnvFile: () => {
        throw new ParseError('E_ENV_FILE_SYNTAX', 'line 1 is not KEY=VALUE.', { hint: 'Fix it.' });
      },
    });
    const error = parseErrorOf(() => canonicalize(withWeb({ env_file: ['a.env'] }), context));
    expect(error).toMatchObject({ code: 'E_ENV_FILE_SYNTAX', path: ['services', 'web', 'env_file', 0] });
  });

  it('passes on an env file error that already has its file', () => {
    const original = new ParseError('E_ENV_FILE_SYNTAX', 'bad.', { file: '/proj/a.env' });
    const context = fakeContext({
      readEnvFile: () => {
        throw original;
      },
    });
    expect(parseErrorOf(() => canonicalize(withWeb({ env_file: 'a.env' }), context))).toBe(original);
  });

  it('works without locate', () => {
    const error = parseErrorOf(() => canonicalize(withWeb({ ports: ['x'] }), fakeContext({ locate: undefined })));
    expect(error.position).toBeUndefined();
    expect(error.path).toEqual(['services', 'web', 'ports', 0]);
  });
});

describe('canonicalize: warnings', () => {
  const cases: { name: string; input: Record<string, unknown>; code: string; path: TreePath }[] = [
    { name: 'obsolete version', input: { version: '3.8', services: {} }, code: 'W_VERSION_OBSOLETE', path: ['version'] },
    {
      name: 'unknown volume option',
      input: withWeb({ volumes: ['./x:/x:ro,delegated'] }),
      code: 'W_VOLUME_OPTION_IGNORED',
      path: ['services', 'web', 'volumes', 0],
    },
    {
      name: 'optional dependency on a missing service',
      input: withWeb({ depends_on: { ghost: { condition: 'service_started', required: false } } }),
      code: 'W_DEPENDS_ON_MISSING',
      path: ['services', 'web', 'depends_on', 'ghost'],
    },
    {
      name: 'shell operator in a command string',
      input: withWeb({ command: 'npm run build && npm start' }),
      code: 'W_COMMAND_SHELL_OPERATOR',
      path: ['services', 'web', 'command'],
    },
  ];
  it.each(cases)('$name: $code at $path', ({ input, code, path }) => {
    const context = fakeContext();
    canonicalize(input, context);
    expect(context.warnings).toEqual([
      { code, message: expect.stringMatching(/\.$/), path, position: { file: 'compose.yaml', line: path.length, col: 1 } },
    ]);
  });

  it('drops an optional dependency on a missing service', () => {
    const input = withWeb({ depends_on: { ghost: { condition: 'service_started', required: false } } });
    expect(canonicalize(input, fakeContext()).services.web?.depends_on).toEqual({});
  });

  it('keeps "~" relative to the working dir when HOME is not set, with a warning', () => {
    const context = fakeContext({ lookup: () => undefined });
    const project = canonicalize(withWeb({ volumes: ['~/x:/x'] }), context);
    expect(project.services.web?.volumes[0]?.source).toBe('/proj/~/x');
    expect(context.warnings.map((w) => w.code)).toEqual(['W_HOME_UNSET']);
  });

  it('does not warn for a clean document', () => {
    const context = fakeContext();
    canonicalize(withWeb({ command: ['sh', '-c', 'a && b'], volumes: ['./x:/x:ro'] }), context);
    expect(context.warnings).toEqual([]);
  });
});
