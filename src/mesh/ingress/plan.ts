/**
 * The ingress plan: which published ports go behind which load balancer, with the listener,
 * rule, health check and deregistration delay of each. A published port of a service in
 * x-ingress's `load-balancer` mode (the default) goes behind the project's Application Load
 * Balancer when it speaks HTTP (port-protocol.ts), its Network Load Balancer otherwise;
 * `public-ip` services keep their ports open on the tasks' public IPs.
 *
 * Each load balancer listens where the compose file publishes, as a Docker host does
 * (`8080:80` is served at <balancer>:8080). With a domain or a certificate every HTTP
 * listener speaks HTTPS, 80 becoming 443 (and 80 redirecting to it). A service with an
 * x-ingress Host or Path joins the listener of 80 (443) whatever it publishes: several
 * services share that address, told apart by their rules.
 */
import { ParseError, type Position, type TreePath, type Warning } from '../../parser/diagnostics.js';
import type { Project } from '../../parser/model.js';
import { ingressMode } from '../../support/ingress-mode.js';
import type { ServiceGraph } from '../graph.js';
import { planApplicationBalancer, type ApplicationBalancer } from './application.js';
import { projectIngress, serviceIngress } from './extension.js';
import { gracePeriod, httpHealthCheck, type HealthCheck } from './health-check.js';
import { placeRules, type RuleCandidate } from './listener-rules.js';
import type { HttpVersion } from './port-protocol.js';
import { placedRoutes, routeCandidates, type IngressRoute } from './routes.js';
import { publishedPorts, type PublishedHttp, type PublishedNetwork } from './service-ports.js';

export type { IngressRoute, RouteTarget } from './routes.js';

/** A service's HTTP port behind the Application Load Balancer, and its listener rule. */
export interface HttpTarget {
  /** The container port. */
  port: number;
  version: HttpVersion;
  /** The port of the listener its rule is on (443 on a shared listener). */
  listenerPort: number;
  /** The rule's host-header condition, when it has one. */
  host?: string;
  /** The rule's path prefix: `/` (every path) or `/api` (/api and /api/...). */
  path: string;
  priority: number;
  healthCheck: HealthCheck;
}

/** A TCP or UDP port behind the Network Load Balancer, which listens on the published port. */
export interface NetworkTarget {
  port: number;
  protocol: 'tcp' | 'udp';
  listenerPort: number;
  healthCheck: HealthCheck;
}

export interface ServiceIngress {
  http?: HttpTarget;
  network: NetworkTarget[];
  /** Container ports x-ingress.Routes forward to, other than the port of `http`, each with its target group's health check. */
  routed: { port: number; healthCheck: HealthCheck }[];
  gracePeriodSeconds: number;
  deregistrationDelaySeconds: number;
}

export interface IngressPlan {
  /** Present when a service has an HTTP port behind a load balancer. */
  application?: ApplicationBalancer;
  /** Whether a service has a TCP or UDP port behind the Network Load Balancer. */
  network: boolean;
  /** The services behind a load balancer. */
  services: Record<string, ServiceIngress>;
  /** The listener rules of x-ingress.Routes. */
  routes: IngressRoute[];
}

/**
 * Seconds a stopping task keeps its connections: long enough for most requests to finish,
 * and the time ECS gives a container between SIGTERM and SIGKILL by default. AWS suggests 5
 * for services that answer within a second; ELB's default of 300 holds up every deployment:
 * https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/load-balancer-connection-draining.html
 */
export const DEREGISTRATION_DELAY = 30;

/**
 * Default quotas: listeners per load balancer, rules per Application Load Balancer (default
 * rules aside), target groups per ECS service:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/register-multiple-targetgroups.html
 */
const QUOTAS = { listeners: 50, rules: 100, targetGroupsPerService: 5 };

type Locate = (path: TreePath) => Position | undefined;

interface Published {
  name: string;
  http?: PublishedHttp;
  network: PublishedNetwork[];
}

/** The ingress plan of a project; undefined when no service has a published port behind a load balancer. */
export function planIngress(project: Project, graph: ServiceGraph, locate: Locate, warn: (w: Warning) => void): IngressPlan | undefined {
  const x = projectIngress(project);
  const fail = (code: string, at: TreePath, message: string, hint: string): never => {
    throw new ParseError(code, message, { path: at, position: locate(at), hint });
  };
  const behind: Published[] = [];
  for (const name of graph.services) {
    const settings = serviceIngress(project, name);
    const ports = publishedPorts(name, project.services[name]!, settings, locate, warn);
    if (!ports && Object.keys(settings).length > 0) {
      const at = ['services', name, 'x-ingress'];
      warn({ code: 'W_INGRESS_UNUSED', message: `x-ingress of "${name}" is not used: the service publishes no port.`, path: at, position: locate(at) });
    }
    if (!ports || ingressMode(project, name) === 'public-ip') continue;
    if ((ports.http ? 1 : 0) + ports.network.length > QUOTAS.targetGroupsPerService) {
      fail('E_INGRESS_QUOTA', ['services', name, 'ports'], `"${name}" publishes ${(ports.http ? 1 : 0) + ports.network.length} ports behind load balancers, and an ECS service registers in ${QUOTAS.targetGroupsPerService} target groups at most.`, 'Publish fewer ports (expose: the others), split the service, or keep it on public IPs with x-ingress: public-ip.');
    }
    behind.push({ name, ...ports });
  }
  const routes = x.Routes ?? [];
  if (behind.length === 0 && routes.length === 0) {
    if (Object.keys(x).length > 0) warn({ code: 'W_INGRESS_UNUSED', message: 'x-ingress is not used: no service publishes a port behind a load balancer.', path: ['x-ingress'], position: locate(['x-ingress']) });
    return undefined;
  }
  checkNetworkListeners(behind, fail);
  const withHttp = behind.filter((b) => b.http);
  const shared = x.Listener !== undefined;
  const hosts = shared ? [] : withHttp.flatMap((b) => serviceIngress(project, b.name).Host ?? []);
  const application = withHttp.length > 0 || routes.length > 0 ? planApplicationBalancer(x, hosts, locate) : undefined;
  const tls = application?.kind === 'new' && application.tls !== undefined;
  const main = shared || tls ? 443 : 80;
  const candidates: RuleCandidate[] = withHttp.map(({ name, http }) => {
    const settings = serviceIngress(project, name);
    const published = settings.Host !== undefined || settings.Path !== undefined || shared ? main : (http?.published ?? http?.port ?? main);
    const host = settings.Host ?? (shared ? x.Domain : undefined);
    return {
      service: name,
      key: `${project.name}/${name}`,
      listenerPort: tls && published === 80 ? 443 : published,
      ...(host !== undefined ? { host } : {}),
      path: (settings.Path ?? '/').replace(/\/+$/, '') || '/',
      ...(settings.Priority !== undefined ? { pinned: settings.Priority } : {}),
      at: Object.keys(settings).length > 0 ? ['services', name, 'x-ingress'] : (http?.at ?? ['services', name]),
    };
  });
  const routeRules = routeCandidates(project, graph, routes, main, locate);
  const priorities = placeRules([...candidates, ...routeRules], locate, warn);
  checkApplicationQuotas([...candidates, ...routeRules], shared, fail);
  const services: Record<string, ServiceIngress> = {};
  for (const { name, http, network } of behind) {
    const service = project.services[name]!;
    const settings = serviceIngress(project, name);
    const rule = candidates.find((c) => c.service === name);
    if (http && application?.kind === 'new' && !tls && http.version !== 'HTTP1') {
      fail('E_INGRESS_HTTPS_REQUIRED', http.at, `"${name}" speaks ${http.version === 'GRPC' ? 'gRPC' : 'HTTP/2'}, which an Application Load Balancer forwards from an HTTPS listener only.`, 'Give x-ingress a Domain and a HostedZoneId (or a CertificateArn) for an HTTPS listener, or set x-ingress.Protocol: tcp on the service for the network load balancer.');
    }
    services[name] = {
      ...(http && rule
        ? {
            http: {
              port: http.port,
              version: http.version,
              listenerPort: rule.listenerPort,
              ...(rule.host !== undefined ? { host: rule.host } : {}),
              path: rule.path,
              priority: priorities.get(name) ?? 0,
              healthCheck: httpHealthCheck(service, http.port, http.version, settings.HealthCheck),
            },
          }
        : {}),
      network: network.map((t) => ({ port: t.port, protocol: t.protocol, listenerPort: t.listenerPort, healthCheck: t.healthCheck })),
      routed: [],
      gracePeriodSeconds: gracePeriod(service, settings.HealthCheck),
      deregistrationDelaySeconds: settings.DeregistrationDelay ?? DEREGISTRATION_DELAY,
    };
  }
  const placed = placedRoutes(routes, main, priorities);
  for (const { service: name, port } of placed.flatMap((r) => r.targets)) {
    const service = project.services[name]!;
    const settings = serviceIngress(project, name);
    const ingress = (services[name] ??= { network: [], routed: [], gracePeriodSeconds: gracePeriod(service, settings.HealthCheck), deregistrationDelaySeconds: settings.DeregistrationDelay ?? DEREGISTRATION_DELAY });
    if (ingress.http?.port === port || ingress.routed.some((r) => r.port === port)) continue;
    ingress.routed.push({ port, healthCheck: httpHealthCheck(service, port, 'HTTP1', settings.HealthCheck) });
  }
  return { ...(application ? { application } : {}), network: behind.some((b) => b.network.length > 0), services, routes: placed };
}

/** One service per port of the network load balancer, and at most its quota of listeners. */
function checkNetworkListeners(behind: readonly Published[], fail: (code: string, at: TreePath, message: string, hint: string) => never): void {
  const owners = new Map<string, string>();
  for (const { name, network } of behind) {
    for (const target of network) {
      const key = `${target.listenerPort}/${target.protocol}`;
      const owner = owners.get(key);
      if (owner !== undefined) {
        fail('E_INGRESS_LISTENER_PORT', target.at, `port ${key} of the network load balancer already forwards to "${owner}".`, `Publish the port of "${name}" on another number, e.g. "${target.listenerPort + 1}:${target.port}".`);
      }
      owners.set(key, name);
    }
  }
  if (owners.size > QUOTAS.listeners) {
    const last = behind.flatMap((b) => b.network).at(-1);
    fail('E_INGRESS_QUOTA', last?.at ?? [], `the network load balancer would have ${owners.size} listeners, past the ${QUOTAS.listeners} of its quota.`, 'Publish fewer TCP and UDP ports, or keep some services on public IPs with x-ingress: public-ip.');
  }
}

/** At most the quotas of listeners and rules of one Application Load Balancer. */
function checkApplicationQuotas(rules: readonly RuleCandidate[], shared: boolean, fail: (code: string, at: TreePath, message: string, hint: string) => never): void {
  const listeners = new Set(rules.map((r) => r.listenerPort)).size;
  const last = rules.at(-1)?.at ?? [];
  if (!shared && listeners > QUOTAS.listeners) {
    fail('E_INGRESS_QUOTA', last, `the application load balancer would have ${listeners} listeners (one per published HTTP port), past the ${QUOTAS.listeners} of its quota.`, 'Publish the HTTP services on fewer ports, or give them an x-ingress.Path or Host to share port 80.');
  }
  if (rules.length > QUOTAS.rules) {
    fail('E_INGRESS_QUOTA', last, `the application load balancer would have ${rules.length} listener rules, past the ${QUOTAS.rules} of its quota.`, 'Keep some services on public IPs with x-ingress: public-ip, or ask AWS for a higher quota and split the project.');
  }
}
