/**
 * The project's Application Load Balancer, from the top-level x-ingress: a new one (HTTP on
 * port 80, or HTTPS on 443 with port 80 redirecting to it when a domain or a certificate is
 * given), or the listener of an existing one that several projects share.
 */
import { ParseError, type Position, type TreePath } from '../../parser/diagnostics.js';
import type { XIngressProject } from './extension.js';

/**
 * The security policy of the HTTPS listener: what AWS recommends today (hybrid post-quantum
 * key exchange, TLS 1.3 and TLS 1.2), the console's default:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';

export interface Tls {
  /** A new certificate validated by DNS records in the hosted zone, or an existing one. */
  certificate: { kind: 'new'; domain: string; alternativeNames: string[]; hostedZoneId: string } | { kind: 'existing'; arn: string };
  sslPolicy: string;
}

export type ApplicationBalancer =
  | {
      kind: 'new';
      /** x-ingress.Domain: the app's address. */
      domain?: string;
      tls?: Tls;
      /** Alias records of the domain and the rules' host names, in this hosted zone. */
      records?: { hostedZoneId: string; names: string[] };
    }
  | {
      kind: 'existing';
      listenerArn: string;
      /** The security group of the existing load balancer, which the tasks admit. */
      securityGroup: string;
      /** The host name the shared listener serves the project at (the host condition of its rules). */
      domain?: string;
    };

type Locate = (path: TreePath) => Position | undefined;

function refuse(locate: Locate, key: keyof XIngressProject, message: string, hint: string): never {
  const path = ['x-ingress', key];
  throw new ParseError('E_INGRESS_SETTINGS', message, { path, position: locate(path), hint });
}

/** The application load balancer x-ingress asks for; `hosts` are the host names of the services' rules. */
export function planApplicationBalancer(x: XIngressProject, hosts: readonly string[], locate: Locate): ApplicationBalancer {
  if (x.Listener !== undefined) {
    if (x.SecurityGroup === undefined) {
      refuse(locate, 'Listener', 'an existing listener needs the security group of its load balancer, for the tasks to admit it.', 'Add SecurityGroup: sg-... (the load balancer\'s group) to x-ingress.');
    }
    for (const key of ['HostedZoneId', 'CertificateArn', 'SslPolicy'] as const) {
      if (x[key] !== undefined) {
        refuse(locate, key, `x-ingress sets both Listener and ${key}: the certificate, the security policy and the DNS records of a shared load balancer are its owner's.`, `Remove ${key}, or remove Listener to have a load balancer made for the project.`);
      }
    }
    return { kind: 'existing', listenerArn: x.Listener, securityGroup: x.SecurityGroup, ...(x.Domain !== undefined ? { domain: x.Domain } : {}) };
  }
  if (x.SecurityGroup !== undefined) {
    refuse(locate, 'SecurityGroup', 'x-ingress.SecurityGroup is the security group of an existing load balancer, and x-ingress names no Listener of one.', 'Add Listener: arn:aws:elasticloadbalancing:... (a listener of that load balancer), or remove SecurityGroup.');
  }
  if (x.HostedZoneId !== undefined && x.Domain === undefined) {
    refuse(locate, 'HostedZoneId', 'x-ingress gives a hosted zone but no Domain to create records and validate a certificate for.', 'Add Domain: app.example.com (a name in that zone), or remove HostedZoneId.');
  }
  if (x.Domain !== undefined && x.HostedZoneId === undefined && x.CertificateArn === undefined) {
    refuse(locate, 'Domain', `x-ingress gives the domain ${x.Domain} but neither the hosted zone to validate its certificate in nor a certificate.`, 'Add HostedZoneId: Z... (the Route 53 zone of the domain), or CertificateArn: arn:aws:acm:... (an issued certificate for it).');
  }
  if (x.SslPolicy !== undefined && x.Domain === undefined && x.CertificateArn === undefined) {
    refuse(locate, 'SslPolicy', 'x-ingress gives a security policy for an HTTPS listener, and no Domain or CertificateArn to have one.', 'Add Domain and HostedZoneId (or CertificateArn), or remove SslPolicy.');
  }
  const names = [...new Set([...(x.Domain !== undefined ? [x.Domain] : []), ...hosts])];
  const certificate: Tls['certificate'] | undefined =
    x.CertificateArn !== undefined
      ? { kind: 'existing', arn: x.CertificateArn }
      : x.Domain !== undefined && x.HostedZoneId !== undefined
        ? { kind: 'new', domain: x.Domain, alternativeNames: names.filter((n) => n !== x.Domain), hostedZoneId: x.HostedZoneId }
        : undefined;
  return {
    kind: 'new',
    ...(x.Domain !== undefined ? { domain: x.Domain } : {}),
    ...(certificate ? { tls: { certificate, sslPolicy: x.SslPolicy ?? SSL_POLICY } } : {}),
    ...(x.HostedZoneId !== undefined ? { records: { hostedZoneId: x.HostedZoneId, names } } : {}),
  };
}
