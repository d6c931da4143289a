/**
 * The inbound rules of a service's security group, counted as src/render/network/security-groups.ts
 * writes them: one rule per port and protocol the service listens on (ports: and expose:, a
 * range one rule per port) from each compose network of the service, and for a published port
 * one more from its load balancer (or, on public IPs, the world's rule alone). A security group holds 60 inbound rules by default (EC2 quota
 * "Inbound rules per security group"), so CloudFormation would fail on more.
 */
import type { TreePath } from '../../parser/diagnostics.js';
import { exposedRange, isPublished } from '../../parser/syntax/ports.js';
import { finding, type SupportFinding } from '../finding.js';
import { ingressMode } from '../ingress-mode.js';
import type { Scope } from '../value-check.js';

export const MAX_INBOUND_RULES = 60;

/**
 * An error at the entry of ports: or expose: with which the service's rules pass the quota, or
 * none. The ports are counted in full (publishing a port exposed on several networks takes
 * rules off); expose: only adds, so it is counted until the quota is passed.
 */
export function checkIngressRules({ project, service, at }: Scope): SupportFinding[] {
  const networks = Object.keys(service.networks).length;
  const onPublicIp = ingressMode(project, service.name) === 'public-ip';
  const cost = (isPublished: boolean): number => (!isPublished ? networks : onPublicIp ? 1 : 1 + networks);
  const published = new Map<string, boolean>();
  let rules = 0;
  let over: TreePath | undefined;
  const listen = (key: string, isPublished: boolean, entry: TreePath): void => {
    const known = published.get(key);
    if (known === true || (known === false && !isPublished)) return;
    const before = rules;
    rules += cost(isPublished) - (known === undefined ? 0 : cost(false));
    published.set(key, isPublished);
    if (rules > MAX_INBOUND_RULES && before <= MAX_INBOUND_RULES) over = entry;
  };
  service.ports.forEach((port, i) => {
    if (port.protocol !== 'sctp') listen(`${port.target}/${port.protocol}`, isPublished(port), [...at, 'ports', i]);
  });
  service.expose.forEach((entry, i) => {
    const range = exposedRange(entry);
    for (let port = range?.start ?? 0; range && port <= range.end && rules <= MAX_INBOUND_RULES; port++) {
      listen(`${port}/${range.protocol}`, false, [...at, 'expose', i]);
    }
  });
  if (rules <= MAX_INBOUND_RULES || over === undefined) return [];
  return [
    {
      ...finding(
        'error',
        'E_SECURITY_GROUP_RULES',
        over.slice(0, -1),
        `service "${service.name}" needs more than ${MAX_INBOUND_RULES} inbound rules in its security group, the most a security group holds by default: compose-x opens each port by a rule of its own from each network of the service, and a published port by one more from its load balancer (or from anywhere, on public IPs) (${networks === 1 ? '1 network' : `${networks} networks`}).`,
        `Publish and expose only the ports the service listens on, at most ${MAX_INBOUND_RULES} rules in all (a range such as 1-65535 is a rule per port).`,
      ),
      place: over,
    },
  ];
}
