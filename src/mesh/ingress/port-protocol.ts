import type { ServicePort } from '../../parser/model.js';

/** How the Application Load Balancer speaks to a target: HTTP/1.1, HTTP/2 or gRPC (a target group's ProtocolVersion). */
export type HttpVersion = 'HTTP1' | 'HTTP2' | 'GRPC';

/** Which load balancer a published port goes behind: the application one (HTTP) or the network one (TCP, UDP). */
export type PortProtocol = { kind: 'http'; version: HttpVersion } | { kind: 'tcp' | 'udp' };

/** What `x-ingress.Protocol` of a service may say. */
export type DeclaredProtocol = 'http' | 'http2' | 'grpc' | 'tcp';

/**
 * Container ports that speak plain HTTP unless the compose file says otherwise: 80, and the
 * ports web frameworks serve on by default (3000 Node and Rails, 5000 Flask, 8000 Django and
 * uvicorn, 8080 and 8081 Tomcat, Spring and most images, 8888 Jupyter). 443 and 8443 are not
 * among them: a container listening there speaks TLS itself, and the network load balancer
 * passes its connections through untouched.
 */
export const HTTP_PORTS: readonly number[] = [80, 3000, 5000, 8000, 8080, 8081, 8888];

const VERSIONS: Readonly<Record<string, HttpVersion>> = { http: 'HTTP1', http2: 'HTTP2', grpc: 'GRPC' };

/**
 * What a published port speaks, in this order: UDP is UDP; the service's `x-ingress.Protocol`;
 * the port's `app_protocol` (http, http2 and grpc are HTTP, any other value such as `mqtt`
 * or `postgresql` is TCP); HTTP when the service gives its listener rule a Host or a Path
 * (`routed`), or on the ports of HTTP_PORTS; TCP otherwise.
 */
export function portProtocol(port: ServicePort, declared: DeclaredProtocol | undefined, routed: boolean): PortProtocol {
  if (port.protocol === 'udp') return { kind: 'udp' };
  const said = declared ?? port.app_protocol?.toLowerCase();
  if (said !== undefined) {
    const version = VERSIONS[said];
    return version ? { kind: 'http', version } : { kind: 'tcp' };
  }
  return routed || HTTP_PORTS.includes(port.target) ? { kind: 'http', version: 'HTTP1' } : { kind: 'tcp' };
}
