/**
 * Callees that declare no port. docker compose lets any service of a network reach every port
 * of the others, so public compose files often leave `ports`/`expose` out for a database or a
 * cache (`db`, `redis`); on ECS a service listens only where its task definition says, so such
 * a callee would be unreachable. Its port is inferred from how the callers name it (a port
 * they give, the default port of their URL's scheme) or from the port the official image of
 * its kind listens on, and said as a warning at the place it was inferred from; when nothing
 * gives one, the callee is said to be unreachable, with how to declare its port.
 */
import type { Position, TreePath, Warning } from '../parser/diagnostics.js';
import type { Project, Service } from '../parser/model.js';
import type { Listener } from './graph.js';
import { hostReferences, type HostReference } from './host-references.js';

/** The default port of a URL scheme. */
const SCHEME_PORTS: Readonly<Record<string, number>> = {
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  redis: 6379,
  rediss: 6379,
  valkey: 6379,
  amqp: 5672,
  amqps: 5671,
  mongodb: 27017,
  memcached: 11211,
  nats: 4222,
  mqtt: 1883,
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
};

/** The port the official image of each kind listens on (Docker Hub's official images and their common forks). */
const IMAGE_PORTS: Readonly<Record<string, number>> = {
  postgres: 5432,
  postgis: 5432,
  timescaledb: 5432,
  mysql: 3306,
  mariadb: 3306,
  percona: 3306,
  redis: 6379,
  'redis-stack-server': 6379,
  valkey: 6379,
  keydb: 6379,
  mongo: 27017,
  mongodb: 27017,
  rabbitmq: 5672,
  memcached: 11211,
  elasticsearch: 9200,
  opensearch: 9200,
  nats: 4222,
  'eclipse-mosquitto': 1883,
  zookeeper: 2181,
  kafka: 9092,
  'cp-kafka': 9092,
  cassandra: 9042,
  couchdb: 5984,
  influxdb: 8086,
  minio: 9000,
  consul: 8500,
  etcd: 2379,
  vault: 8200,
  neo4j: 7687,
  'clickhouse-server': 9000,
  nginx: 80,
  httpd: 80,
  traefik: 80,
  caddy: 80,
};

/** Where a port was inferred from, for the warning. */
interface Inference {
  port: number;
  from: string;
  path: TreePath;
}

/** `bitnami/postgresql:16` -> `postgresql`; `docker.io/library/redis:7-alpine@sha256:...` -> `redis`. */
function imageKind(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const name = image.split('@')[0]?.split('/').pop()?.split(':')[0];
  return name?.toLowerCase().replace(/^(bitnami-)/, '');
}

function portOfImage(service: Service): number | undefined {
  const kind = imageKind(service.image);
  if (kind === undefined) return undefined;
  return IMAGE_PORTS[kind] ?? IMAGE_PORTS[kind.replace(/ql$/, '')];
}

/** A host reference of a caller. */
interface CallerReference {
  caller: string;
  reference: HostReference;
}

/** Every host reference of every service, in caller and variable order, by the host they name (lower case). */
function referencesByHost(project: Project): Map<string, CallerReference[]> {
  const byHost = new Map<string, CallerReference[]>();
  for (const caller of Object.keys(project.services).sort()) {
    const environment = project.services[caller]?.environment ?? {};
    for (const [variable, value] of Object.entries(environment).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (value === null) continue;
      for (const reference of hostReferences(variable, value, environment)) {
        const host = reference.host.toLowerCase();
        byHost.set(host, [...(byHost.get(host) ?? []), { caller, reference }]);
      }
    }
  }
  return byHost;
}

function inferPort(project: Project, callee: string, references: readonly CallerReference[]): Inference | undefined {
  for (const { caller, reference } of references) {
    const path = ['services', caller, 'environment', reference.variable];
    if (reference.port !== undefined) return { port: reference.port, from: `${reference.variable} of ${caller} names ${callee}:${reference.port}`, path };
    const scheme = reference.scheme === undefined ? undefined : SCHEME_PORTS[reference.scheme];
    if (scheme !== undefined) return { port: scheme, from: `${reference.variable} of ${caller} is a ${reference.scheme}:// URL of ${callee}, whose default port is ${scheme}`, path };
  }
  const service = project.services[callee];
  const image = service ? portOfImage(service) : undefined;
  if (service && image !== undefined) return { port: image, from: `the official ${imageKind(service.image)} image listens on ${image}`, path: ['services', callee, 'image'] };
  return undefined;
}

/**
 * The ports compose-x opens on services that declare none but that other services call,
 * by service; each inference and each callee left unreachable is a warning.
 */
export function inferCalleePorts(
  project: Project,
  locate: (path: TreePath) => Position | undefined,
  warn: (warning: Warning) => void,
): Record<string, Listener[]> {
  const inferred: Record<string, Listener[]> = {};
  const byHost = referencesByHost(project);
  for (const name of Object.keys(project.services).sort()) {
    const service = project.services[name];
    if (!service || service.ports.length > 0 || service.expose.length > 0 || service.network_mode !== undefined) continue;
    const references = (byHost.get(name.toLowerCase()) ?? []).filter((r) => r.caller !== name);
    const first = references[0];
    if (!first) continue;
    const inference = inferPort(project, name, references);
    if (inference) {
      inferred[name] = [{ port: inference.port, protocol: 'tcp', published: false }];
      warn({
        code: 'W_PORT_INFERRED',
        message: `${name} declares no port, so compose-x opens ${inference.port}/tcp to the services of its networks: ${inference.from}. Declare it with expose: ["${inference.port}"] to say so.`,
        path: inference.path,
        position: locate(inference.path),
      });
      continue;
    }
    const path = ['services', first.caller, 'environment', first.reference.variable];
    warn({
      code: 'W_CALLEE_UNREACHABLE',
      message: `${first.caller} calls ${name} (${first.reference.variable}), but ${name} declares no port and none can be inferred, so it is unreachable on ECS, where a task listens only on the ports its task definition declares. Declare the port with expose: ["PORT"] on ${name}.`,
      path,
      position: locate(path),
    });
  }
  return inferred;
}
