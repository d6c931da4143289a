import type { ApplicationBalancer } from './application.js';
import type { HttpTarget, NetworkTarget } from './plan.js';

/**
 * The address a service is reached at through a load balancer, with `dnsName` standing for
 * the balancer's DNS name where no host name is known (the template writes a `${...DNSName}`
 * of the load balancer there, the review a readable placeholder). `usesDnsName` says which.
 * Undefined for a rule on a shared listener without a host name: its address is the
 * listener owner's.
 */
export function httpAddress(balancer: ApplicationBalancer, target: Pick<HttpTarget, 'host' | 'listenerPort' | 'path'>, dnsName: string): { url: string; usesDnsName: boolean } | undefined {
  const host = target.host ?? balancer.domain;
  if (balancer.kind === 'existing' && host === undefined) return undefined;
  // A shared listener serving a domain is taken to be the HTTPS listener of its balancer.
  const scheme = balancer.kind === 'existing' || balancer.tls ? 'https' : 'http';
  const port = target.listenerPort === (scheme === 'https' ? 443 : 80) ? '' : `:${target.listenerPort}`;
  return { url: `${scheme}://${host ?? dnsName}${port}${target.path}`, usesDnsName: host === undefined };
}

/** `tcp://<dns name>:1883`: the network load balancer's listener of a TCP or UDP target. */
export function networkAddress(target: NetworkTarget, dnsName: string): string {
  return `${target.protocol}://${dnsName}:${target.listenerPort}`;
}
