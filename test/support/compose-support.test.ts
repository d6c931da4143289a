import { project as projectOf, service as serviceOf } from '../helpers/model.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TreePath } from '../../src/parser/diagnostics.js';
import type { FileObject, Project, Service, Volume } from '../../src/parser/model.js';
import {
  COMPOSE_KEYS,
  checkComposeSupport,
  composeKeysMarkdown,
  type SupportFinding,
} from '../../src/support/compose-support.js';

const DOC = path.join(process.cwd(), 'docs', 'compose-keys.md');
const WEB: TreePath = ['services', 'web'];

/** A service named `web` running nginx, with every collection empty, and `overrides`. */
function service(overrides: Partial<Service> = {}): Service {
  return serviceOf({ name: 'web', image: 'nginx', ...overrides });
}

function project(services: Service[], top: Partial<Project> = {}): Project {
  return projectOf('proj', services, { working_dir: '/proj', ...top });
}

function secret(overrides: Partial<FileObject>): FileObject {
  return { name: 'proj_token', extensions: {}, ...overrides };
}

function volume(overrides: Partial<Volume>): Volume {
  return { name: 'proj_data', extensions: {}, ...overrides };
}

type Want = Pick<SupportFinding, 'severity' | 'code' | 'path'>;

function findings(web: Partial<Service>, top: Partial<Project> = {}): Want[] {
  return checkComposeSupport(project([service(web)], top)).map(({ severity, code, path }) => ({ severity, code, path }));
}

const error = (code: string, ...at: (string | number)[]): Want => ({ severity: 'error', code, path: [...WEB, ...at] });
const warning = (code: string, ...at: (string | number)[]): Want => ({ severity: 'warning', code, path: [...WEB, ...at] });

describe('the compose key table', () => {
  const schema = JSON.parse(readFileSync(path.join(process.cwd(), 'schemas', 'compose-spec.json'), 'utf8')) as {
    definitions: { service: { properties: Record<string, unknown> } };
  };
  const specKeys = Object.keys(schema.definitions.service.properties).filter((key) => !key.startsWith('x-'));
  const tableKeys = COMPOSE_KEYS.map((row) => row.key);

  it('lists every service key of the compose specification', () => {
    expect(specKeys.filter((key) => !tableKeys.includes(key))).toEqual([]);
  });

  it('lists only service keys of the compose specification', () => {
    expect(tableKeys.filter((key) => !specKeys.includes(key))).toEqual([]);
  });

  it('has one row per key, in alphabetical order', () => {
    expect(tableKeys).toEqual([...new Set(tableKeys)].sort());
  });

  it('says what to do instead for every key that is not fully rendered', () => {
    const partial = COMPOSE_KEYS.filter((row) => ['partial', 'warning', 'error'].includes(row.treatment));
    expect(partial.filter((row) => !row.instead).map((row) => row.key)).toEqual([]);
  });
});

describe('docs/compose-keys.md', () => {
  it('is the table of compose-support.ts', () => {
    const want = composeKeysMarkdown();
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(path.dirname(DOC), { recursive: true });
      writeFileSync(DOC, want);
    }
    const have = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
    if (have !== want) throw new Error('docs/compose-keys.md is out of date: run UPDATE_GOLDEN=1 npm test');
  });
});

describe('checkComposeSupport', () => {
  const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:token-AbCdEf';
  const cases: { name: string; web: Partial<Service>; top?: Partial<Project>; want: Want[] }[] = [
    { name: 'privileged', web: { privileged: true }, want: [error('E_UNSUPPORTED_KEY', 'privileged')] },
    { name: 'privileged: false', web: { privileged: false }, want: [] },
    { name: 'build without image', web: { image: undefined, build: { context: '/proj' } }, want: [] },
    { name: 'build with image', web: { build: { context: '/proj' } }, want: [warning('W_BUILD_IMAGE_NAME', 'image')] },
    { name: 'build from a URL', web: { image: undefined, build: { context: 'https://github.com/org/repo.git' } }, want: [error('E_BUILD_REMOTE_CONTEXT', 'build')] },
    { name: 'cap_add beyond SYS_PTRACE', web: { cap_add: ['SYS_PTRACE', 'NET_ADMIN'] }, want: [error('E_CAP_ADD', 'cap_add', 1)] },
    { name: 'cap_add CAP_SYS_PTRACE', web: { cap_add: ['CAP_SYS_PTRACE'] }, want: [] },
    { name: 'platform windows', web: { platform: 'windows/amd64' }, want: [error('E_PLATFORM', 'platform')] },
    { name: 'platform linux/arm/v7', web: { platform: 'linux/arm/v7' }, want: [error('E_PLATFORM', 'platform')] },
    { name: 'restart: no', web: { restart: 'no' }, want: [warning('W_RESTART_NO_JOB', 'restart')] },
    { name: 'restart: no, with a port', web: { restart: 'no', ports: [{ target: 80, protocol: 'tcp', mode: 'ingress' }] }, want: [warning('W_RESTART_POLICY', 'restart')] },
    { name: 'restart: no, scheduled', web: { restart: 'no', extensions: { 'x-schedule': 'rate(1 hour)' } }, want: [] },
    { name: 'restart: on-failure', web: { restart: 'on-failure:3' }, want: [warning('W_RESTART_POLICY', 'restart')] },
    { name: 'restart: unless-stopped', web: { restart: 'unless-stopped' }, want: [] },
    { name: 'network_mode host', web: { network_mode: 'host', networks: {} }, want: [error('E_NETWORK_MODE', 'network_mode')] },
    { name: 'network_mode none', web: { network_mode: 'none', networks: {} }, want: [error('E_NETWORK_MODE', 'network_mode')] },
    { name: 'network_mode service:', web: { network_mode: 'service:db', networks: {} }, want: [error('E_NETWORK_MODE', 'network_mode')] },
    { name: 'network_mode container:', web: { network_mode: 'container:x', networks: {} }, want: [error('E_NETWORK_MODE', 'network_mode')] },
    { name: 'network_mode bridge', web: { network_mode: 'bridge', networks: {} }, want: [warning('W_NETWORK_MODE_BRIDGE', 'network_mode')] },
    { name: 'logging driver json-file', web: { logging: { driver: 'json-file' } }, want: [warning('W_LOGGING_DRIVER', 'logging', 'driver')] },
    { name: 'logging driver awslogs', web: { logging: { driver: 'awslogs', options: { 'awslogs-region': 'eu-west-1' } } }, want: [] },
    {
      name: 'depends_on service_healthy',
      web: { depends_on: { db: { condition: 'service_healthy', required: true } } },
      want: [warning('W_DEPENDS_ON_CONDITION', 'depends_on', 'db', 'condition')],
    },
    {
      name: 'depends_on service_completed_successfully',
      web: { depends_on: { migrate: { condition: 'service_completed_successfully', required: true } } },
      want: [warning('W_DEPENDS_ON_CONDITION', 'depends_on', 'migrate', 'condition')],
    },
    { name: 'depends_on service_started', web: { depends_on: { db: { condition: 'service_started', required: true } } }, want: [] },
    {
      name: 'writable bind mount of a directory',
      web: { volumes: [{ type: 'bind', source: '/proj/html', target: '/usr/share/nginx/html' }] },
      want: [warning('W_BIND_DATA', 'volumes', 0)],
    },
    {
      name: 'read-only bind mount of a missing path',
      web: { volumes: [{ type: 'bind', source: '/proj/html', target: '/usr/share/nginx/html', read_only: true }] },
      want: [error('E_BIND_SOURCE_MISSING', 'volumes', 0)],
    },
    {
      name: 'bind mount of the Docker socket',
      web: { volumes: [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }] },
      want: [error('E_DOCKER_SOCKET', 'volumes', 0)],
    },
    { name: 'named volume', web: { volumes: [{ type: 'volume', source: 'data', target: '/data' }] }, top: { volumes: { data: volume({}) } }, want: [] },
    {
      name: 'named volume of the local driver in memory',
      web: { volumes: [{ type: 'volume', source: 'data', target: '/data' }] },
      top: { volumes: { data: volume({ driver: 'local', driver_opts: { type: 'tmpfs', device: 'tmpfs' } }) } },
      want: [warning('W_NAMED_VOLUME_EPHEMERAL', 'volumes', 0)],
    },
    {
      name: 'named volume of another driver',
      web: { volumes: [{ type: 'volume', source: 'data', target: '/data' }] },
      top: { volumes: { data: volume({ driver: 'rexray/ebs' }) } },
      want: [warning('W_VOLUME_DRIVER_IGNORED', 'volumes', 0)],
    },
    {
      name: 'external volume named by a file system ID',
      web: { volumes: [{ type: 'volume', source: 'data', target: '/data' }] },
      top: { volumes: { data: volume({ external: true, name: 'fs-0123456789abcdef0/fsap-0123456789abcdef0' }) } },
      want: [],
    },
    {
      name: 'external volume named otherwise',
      web: { volumes: [{ type: 'volume', source: 'data', target: '/data' }] },
      top: { volumes: { data: volume({ external: true, name: 'shared-data' }) } },
      want: [error('E_EXTERNAL_VOLUME', 'volumes', 0)],
    },
    {
      name: 'volume subpath',
      web: { volumes: [{ type: 'volume', source: 'data', target: '/data', volume: { subpath: 'pg' } }] },
      top: { volumes: { data: volume({}) } },
      want: [error('E_VOLUME_SUBPATH', 'volumes', 0, 'volume', 'subpath')],
    },
    {
      name: 'anonymous volume',
      web: { volumes: [{ type: 'volume', target: '/cache' }] },
      want: [warning('W_NAMED_VOLUME_EPHEMERAL', 'volumes', 0)],
    },
    {
      name: 'local volume binding a host path',
      web: { volumes: [{ type: 'volume', source: 'data', target: '/data' }] },
      top: { volumes: { data: volume({ driver: 'local', driver_opts: { type: 'none', o: 'bind', device: '/srv/data' } }) } },
      want: [warning('W_BIND_DATA', 'volumes', 0)],
    },
    { name: 'tmpfs mount', web: { volumes: [{ type: 'tmpfs', target: '/tmp' }] }, want: [warning('W_TMPFS_EPHEMERAL', 'volumes', 0)] },
    {
      name: 'npipe mount',
      web: { volumes: [{ type: 'npipe', source: '\\\\.\\pipe\\docker_engine', target: '\\\\.\\pipe\\docker_engine' }] },
      want: [error('E_UNSUPPORTED_VOLUME', 'volumes', 0)],
    },
    {
      name: 'secret from a file',
      web: { secrets: [{ source: 'token' }] },
      top: { secrets: { token: secret({ file: '/proj/token.txt' }) } },
      want: [error('E_FILE_SECRET', 'secrets', 0)],
    },
    {
      name: 'secret from the environment',
      web: { secrets: [{ source: 'token' }] },
      top: { secrets: { token: secret({ environment: 'TOKEN' }) } },
      want: [error('E_FILE_SECRET', 'secrets', 0)],
    },
    {
      name: 'external secret not named by an ARN',
      web: { secrets: [{ source: 'token' }] },
      top: { secrets: { token: secret({ external: true, name: 'token' }) } },
      want: [error('E_SECRET_NOT_ARN', 'secrets', 0)],
    },
    {
      name: 'external secret with file mode',
      web: { secrets: [{ source: 'token', mode: 0o400 }] },
      top: { secrets: { token: secret({ external: true, name: ARN }) } },
      want: [warning('W_IGNORED_KEY', 'secrets', 0, 'mode')],
    },
    { name: 'deploy mode global', web: { deploy: { mode: 'global' } }, want: [error('E_DEPLOY_MODE', 'deploy', 'mode')] },
    { name: 'deploy mode replicated-job', web: { deploy: { mode: 'replicated-job' } }, want: [error('E_DEPLOY_MODE', 'deploy', 'mode')] },
    {
      name: 'deploy settings ECS ignores',
      web: {
        deploy: {
          placement: { constraints: ['node.role == manager'] },
          endpoint_mode: 'dnsrr',
          restart_policy: { condition: 'on-failure' },
          rollback_config: { parallelism: 1 },
          labels: { team: 'a' },
        },
      },
      want: [
        warning('W_IGNORED_KEY', 'deploy', 'endpoint_mode'),
        warning('W_IGNORED_KEY', 'deploy', 'labels'),
        warning('W_IGNORED_KEY', 'deploy', 'placement'),
        warning('W_IGNORED_KEY', 'deploy', 'restart_policy'),
        warning('W_IGNORED_KEY', 'deploy', 'rollback_config'),
      ],
    },
    {
      name: 'deploy GPU reservation',
      web: { deploy: { resources: { reservations: { devices: [{ capabilities: ['gpu'] }] } } } },
      want: [error('E_UNSUPPORTED_KEY', 'deploy', 'resources', 'reservations', 'devices')],
    },
    {
      name: 'update_config failure_action pause',
      web: { deploy: { update_config: { parallelism: 1, failure_action: 'pause' } } },
      want: [warning('W_IGNORED_KEY', 'deploy', 'update_config', 'failure_action')],
    },
    { name: 'update_config failure_action rollback', web: { deploy: { update_config: { failure_action: 'rollback' } } }, want: [] },
    {
      name: 'healthcheck start_interval',
      web: { healthcheck: { test: ['CMD', 'true'], start_interval: 5e9 } },
      want: [warning('W_IGNORED_KEY', 'healthcheck', 'start_interval')],
    },
    {
      name: 'network aliases and address',
      web: { networks: { back: { aliases: ['api'], ipv4_address: '172.16.0.10' } } },
      want: [warning('W_IGNORED_KEY', 'networks', 'back', 'aliases'), warning('W_IGNORED_KEY', 'networks', 'back', 'ipv4_address')],
    },
    {
      name: 'port published on 127.0.0.1: internal only',
      web: { ports: [{ mode: 'ingress', host_ip: '127.0.0.1', target: 5432, published: '5432', protocol: 'tcp' }] },
      want: [warning('W_PORT_HOST_IP', 'ports', 0, 'host_ip')],
    },
    {
      name: 'port published on another port, the task on a public IP',
      web: { ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }] },
      top: { extensions: { 'x-ingress': 'public-ip' } },
      want: [warning('W_PORT_REMAPPED', 'ports', 0, 'published')],
    },
    {
      name: 'port published on another port, behind a load balancer (it listens on 8080)',
      web: { ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }] },
      want: [],
    },
    {
      name: 'port published on another port, the service alone on a public IP',
      web: { ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }], extensions: { 'x-ingress': 'public-ip' } },
      want: [warning('W_PORT_REMAPPED', 'ports', 0, 'published')],
    },
    {
      name: 'sctp port',
      web: { ports: [{ mode: 'ingress', target: 9000, protocol: 'sctp' }] },
      want: [error('E_PORT_PROTOCOL', 'ports', 0, 'protocol')],
    },
    { name: 'hostname', web: { hostname: 'web1' }, want: [warning('W_IGNORED_KEY', 'hostname')] },
    { name: 'extra_hosts', web: { extra_hosts: { db: ['10.0.0.5'] } }, want: [error('E_UNSUPPORTED_KEY', 'extra_hosts')] },
    {
      name: 'config at the root',
      web: { configs: [{ source: 'motd' }] },
      top: { configs: { motd: { name: 'proj_motd', content: 'hello', extensions: {} } } },
      want: [error('E_FILE_AT_ROOT', 'configs', 0)],
    },
    {
      name: 'config in a directory',
      web: { configs: [{ source: 'motd', target: '/etc/motd' }] },
      top: { configs: { motd: { name: 'proj_motd', content: 'hello', extensions: {} } } },
      want: [warning('W_FILES_INIT_IMAGE', 'configs', 0)],
    },
    {
      name: 'external config',
      web: { configs: [{ source: 'motd', target: '/etc/motd' }] },
      top: { configs: { motd: { name: 'motd', external: true, extensions: {} } } },
      want: [error('E_CONFIG_EXTERNAL', 'configs', 0)],
    },
    {
      name: 'config from an unset variable',
      web: { configs: [{ source: 'motd', target: '/etc/motd' }] },
      top: { configs: { motd: { name: 'proj_motd', environment: 'MOTD', extensions: {} } } },
      want: [error('E_CONFIG_ENVIRONMENT', 'configs', 0)],
    },
    { name: 'shm_size', web: { shm_size: 268435456 }, want: [warning('W_IGNORED_KEY', 'shm_size')] },
    { name: 'stop_signal', web: { stop_signal: 'SIGQUIT' }, want: [warning('W_IGNORED_KEY', 'stop_signal')] },
    { name: 'ipc host', web: { other: { ipc: 'host' } }, want: [error('E_UNSUPPORTED_KEY', 'ipc')] },
    { name: 'ipc private', web: { other: { ipc: 'private' } }, want: [warning('W_IGNORED_KEY', 'ipc')] },
    { name: 'pid host', web: { other: { pid: 'host' } }, want: [error('E_UNSUPPORTED_KEY', 'pid')] },
    { name: 'link', web: { other: { links: ['db'] } }, want: [warning('W_IGNORED_KEY', 'links', 0)] },
    { name: 'link alias', web: { other: { links: ['db:database'] } }, want: [error('E_LINK_ALIAS', 'links', 0)] },
    { name: 'attach: false', web: { other: { attach: false } }, want: [warning('W_IGNORED_KEY', 'attach')] },
    { name: 'attach: true', web: { other: { attach: true } }, want: [] },
    { name: 'container_name', web: { other: { container_name: 'my-web' } }, want: [warning('W_IGNORED_KEY', 'container_name')] },
    { name: 'devices', web: { other: { devices: [{ source: '/dev/fuse', target: '/dev/fuse' }] } }, want: [error('E_UNSUPPORTED_KEY', 'devices')] },
    { name: 'gpus', web: { other: { gpus: 'all' } }, want: [error('E_UNSUPPORTED_KEY', 'gpus')] },
    { name: 'dns', web: { other: { dns: ['8.8.8.8'] } }, want: [warning('W_IGNORED_KEY', 'dns')] },
    { name: 'tmpfs', web: { other: { tmpfs: ['/run'] } }, want: [warning('W_TMPFS_EPHEMERAL', 'tmpfs', 0)] },
    { name: 'an empty list is not set', web: { other: { dns: [] } }, want: [] },
  ];

  it.each(cases)('$name', ({ web, top, want }) => {
    expect(findings(web, top)).toEqual(want);
  });

  /** Keys judged by value, and typed collections (set in the cases above), are left out. */
  const judgedByValue = ['build', 'ipc', 'links', 'network_mode'];
  const byPresence = COMPOSE_KEYS.filter(
    (row) =>
      (row.treatment === 'warning' || row.treatment === 'error') &&
      !judgedByValue.includes(row.key) &&
      !Object.hasOwn(service(), row.key),
  );
  it.each(byPresence)('$key set in other: $treatment', ({ key, treatment, instead }) => {
    const [found, ...rest] = checkComposeSupport(project([service({ other: { [key]: 'x' } })]));
    expect(rest).toEqual([]);
    expect(found).toEqual({
      severity: treatment,
      code: treatment === 'error' ? 'E_UNSUPPORTED_KEY' : 'W_IGNORED_KEY',
      path: [...WEB, key],
      message: expect.stringMatching(/\.$/) as unknown,
      hint: instead,
    });
  });

  it('points at the key by its path and says what to do', () => {
    const [found] = checkComposeSupport(project([service({ privileged: true })]));
    expect(found?.path).toEqual([...WEB, 'privileged']);
    expect(found?.message).toBe('Fargate does not run privileged containers.');
    expect(found?.hint).not.toBe('');
  });

  it('names nested keys by their path', () => {
    const [found] = checkComposeSupport(project([service({ volumes: [{ type: 'bind', source: '/srv', target: '/srv', read_only: true }] })]));
    expect(found?.path).toEqual([...WEB, 'volumes', 0]);
    expect(found?.hint).toBe('Copy the file into the project and mount it from there (e.g. ./config/app.conf:/etc/app/app.conf:ro), or bake it into the image.');
  });

  it('walks the services in name order', () => {
    const services = ['zeta', 'alpha', 'mid'].map((name) => service({ name, privileged: true }));
    expect(checkComposeSupport(project(services)).map((f) => f.path[1])).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('finds nothing in a service that only uses rendered keys', () => {
    const web = service({
      command: ['nginx', '-g', 'daemon off;'],
      entrypoint: ['/docker-entrypoint.sh'],
      environment: { A: '1' },
      env_file: [{ path: '/proj/.env', required: true }],
      ports: [{ mode: 'ingress', target: 80, published: '80', protocol: 'tcp' }],
      expose: ['9000'],
      volumes: [],
      depends_on: { db: { condition: 'service_started', required: true } },
      healthcheck: { test: ['CMD', 'true'], interval: 30e9, timeout: 5e9, retries: 3, start_period: 10e9 },
      deploy: {
        mode: 'replicated',
        replicas: 2,
        resources: { limits: { cpus: 0.5, memory: 512 * 1024 * 1024 }, reservations: { memory: 256 * 1024 * 1024 } },
        update_config: { parallelism: 1, order: 'start-first' },
      },
      labels: { team: 'web' },
      logging: { driver: 'awslogs' },
      secrets: [{ source: 'token' }],
      ulimits: { nofile: { soft: 1024, hard: 2048 } },
      profiles: ['web'],
      user: '1000:1000',
      working_dir: '/app',
      init: true,
      read_only: true,
      tty: true,
      stdin_open: true,
      cap_add: ['SYS_PTRACE'],
      cap_drop: ['ALL'],
      stop_grace_period: 30e9,
      cpus: 0.5,
      mem_limit: 512 * 1024 * 1024,
      platform: 'linux/arm64',
      restart: 'always',
      other: { sysctls: { 'net.core.somaxconn': '1024' } },
      extensions: { 'x-serviceconnect': { Enabled: true } },
    });
    const db = service({ name: 'db', image: 'postgres' });
    const top = { secrets: { token: secret({ external: true, name: ARN }) } };
    expect(checkComposeSupport(project([web, db], top))).toEqual([]);
  });
});
