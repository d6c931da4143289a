/** The published ports of one service, sorted by the load balancer that takes them (port-protocol.ts). */
import type { Position, TreePath, Warning } from '../../parser/diagnostics.js';
import { ParseError } from '../../parser/diagnostics.js';
import type { Service } from '../../parser/model.js';
import { isPublished } from '../../parser/syntax/ports.js';
import type { XIngressService } from './extension.js';
import { networkHealthCheck, type HealthCheck } from './health-check.js';
import { portProtocol, type HttpVersion } from './port-protocol.js';

/** The HTTP port of a service: its container port, and the host port it is published on (a range has none). */
export interface PublishedHttp {
  port: number;
  version: HttpVersion;
  published?: number;
  at: TreePath;
}

/** A TCP or UDP port for the network load balancer, which listens on the published port. */
export interface PublishedNetwork {
  port: number;
  protocol: 'tcp' | 'udp';
  listenerPort: number;
  healthCheck: HealthCheck;
  at: TreePath;
}

type Locate = (path: TreePath) => Position | undefined;

/** The single port of a published value (`8080`), else undefined (a range). */
function singlePort(published: string | undefined): number | undefined {
  return published !== undefined && /^\d+$/.test(published) ? Number(published) : undefined;
}

/**
 * The published ports of `service` (none published: undefined): at most one HTTP port (the
 * Application Load Balancer forwards a service's requests to one target group), and each TCP
 * and UDP port once per host port. A UDP port is health-checked over TCP: a warning unless
 * x-ingress.HealthCheck.Port names a port that answers.
 */
export function publishedPorts(
  name: string,
  service: Service,
  settings: XIngressService,
  locate: Locate,
  warn: (w: Warning) => void,
): { http?: PublishedHttp; network: PublishedNetwork[] } | undefined {
  const published = service.ports.flatMap((port, i) => (isPublished(port) && port.protocol !== 'sctp' ? [{ port, at: ['services', name, 'ports', i] as TreePath }] : []));
  if (published.length === 0) return undefined;
  let http: PublishedHttp | undefined;
  const network: PublishedNetwork[] = [];
  const routed = settings.Host !== undefined || settings.Path !== undefined;
  for (const { port, at } of published) {
    const said = portProtocol(port, settings.Protocol, routed);
    const host = singlePort(port.published);
    if (said.kind === 'http') {
      if (http && http.port !== port.target) {
        throw new ParseError('E_INGRESS_HTTP_PORTS', `"${name}" publishes two HTTP ports, ${http.port} and ${port.target}, and the load balancer forwards a service's requests to one.`, {
          path: at,
          position: locate(at),
          hint: 'Publish one of them only (expose: the other), or mark one as not HTTP with app_protocol: tcp in the long port syntax.',
        });
      }
      http ??= { port: port.target, version: said.version, ...(host !== undefined ? { published: host } : {}), at };
      continue;
    }
    const listenerPort = host ?? port.target;
    if (network.some((n) => n.listenerPort === listenerPort && n.protocol === said.kind)) continue;
    if (said.kind === 'udp' && settings.HealthCheck?.Port === undefined) {
      warn({
        code: 'W_INGRESS_UDP_HEALTH_CHECK',
        message: `the network load balancer checks the UDP port ${port.target} of "${name}" over TCP on the same port, where a UDP server does not answer; set x-ingress.HealthCheck.Port to a TCP port of the service.`,
        path: at,
        position: locate(at),
      });
    }
    network.push({ port: port.target, protocol: said.kind, listenerPort, healthCheck: networkHealthCheck(settings.HealthCheck), at });
  }
  return { ...(http ? { http } : {}), network };
}
