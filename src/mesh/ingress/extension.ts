/** x-ingress as schemas/x-ingress.json allows it, read from the project and its services. */
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import type { XHealthCheck } from './health-check.js';
import type { DeclaredProtocol } from './port-protocol.js';

/** The top-level x-ingress settings (its string form has none). */
export interface XIngressProject {
  Domain?: string;
  HostedZoneId?: string;
  CertificateArn?: string;
  SslPolicy?: string;
  Listener?: string;
  SecurityGroup?: string;
  Routes?: XIngressRoute[];
}

/** A listener rule of the project: a path prefix, an optional rewrite, its targets. */
export interface XIngressRoute {
  Path: string;
  Rewrite?: string;
  Targets: { Service: string; Port: number; Weight?: number }[];
}

/** A service's x-ingress settings (its string form has none). */
export interface XIngressService {
  Protocol?: DeclaredProtocol;
  Host?: string;
  Path?: string;
  Priority?: number;
  DeregistrationDelay?: number;
  HealthCheck?: XHealthCheck;
}

export function projectIngress(project: Project): XIngressProject {
  const x = project.extensions['x-ingress'];
  return isMapping(x) ? (x as XIngressProject) : {};
}

export function serviceIngress(project: Project, service: string): XIngressService {
  const x = project.services[service]?.extensions['x-ingress'];
  return isMapping(x) ? (x as XIngressService) : {};
}
