/**
 * What a change widens, as `cdk deploy` lists it before asking: the IAM permissions it grants,
 * the security group ingress it opens (from the world: public ports), and the load balancer
 * listeners it adds. Read from the same comparison as `diff --rendered` (diffRenders), so
 * that the review of a pull request and the approval of `up` never disagree.
 */
import { compareText, ofType, readable, readRender, referenceTarget } from './read-render.js';
import { diffRenders } from './diff.js';
import type { Permission, PortRule } from './types.js';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

/** A load balancer listener: where it listens. */
export interface Listener {
  /** The logical ID of the listener. */
  listener: string;
  /** The logical ID of its load balancer (or the ARN as written). */
  loadBalancer: string;
  port: string;
  protocol: string;
}

/** What a change widens; empty lists when it widens nothing. */
export interface Broadening {
  permissions: Permission[];
  /** Ingress from a security group or a CIDR that is not the whole internet. */
  ingress: PortRule[];
  /** Ingress from 0.0.0.0/0 or ::/0. */
  publicPorts: PortRule[];
  listeners: Listener[];
}

function listeners(files: Record<string, string>): Map<string, Listener> {
  const found = new Map<string, Listener>();
  for (const [id, resource] of ofType(readRender(files).resources, LISTENER)) {
    const lb = resource.properties['LoadBalancerArn'];
    const listener = { listener: id, loadBalancer: referenceTarget(lb) ?? readable(lb), port: readable(resource.properties['Port']), protocol: readable(resource.properties['Protocol'] ?? 'HTTP') };
    found.set([listener.loadBalancer, listener.port, listener.protocol].join('\0'), listener);
  }
  return found;
}

/**
 * What the templates `now` widen against the templates `old` (both as diffRenders takes them;
 * `{}` for a stack not deployed yet, so that everything it adds widens): permissions granted,
 * ports opened (split into public ports and other ingress), and listeners on a port or
 * protocol their load balancer did not listen on.
 */
export function broadening(old: Record<string, string>, now: Record<string, string>): Broadening {
  const diff = diffRenders(old, now);
  const before = listeners(old);
  const added = [...listeners(now)].filter(([key]) => !before.has(key)).map(([, listener]) => listener);
  return {
    permissions: diff.permissionsGranted,
    ingress: diff.portsOpened.filter((rule) => rule.from !== 'world'),
    publicPorts: diff.portsOpened.filter((rule) => rule.from === 'world'),
    listeners: added.sort((a, b) => compareText(a.loadBalancer, b.loadBalancer) || compareText(a.port, b.port) || compareText(a.protocol, b.protocol)),
  };
}

/** Whether the change widens anything. */
export function widens(b: Broadening): boolean {
  return b.permissions.length + b.ingress.length + b.publicPorts.length + b.listeners.length > 0;
}
