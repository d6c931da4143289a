/**
 * How the published ports of a service are reached, from `x-ingress` (schemas/x-ingress.json):
 * through the project's load balancer (the default), or on the tasks' public IPs (the style
 * of the Service Connect demo, seed 000). A service's own x-ingress wins over the top-level one;
 * a mapping of settings means a load balancer.
 */
import { isMapping } from '../parser/mapping.js';
import type { Project } from '../parser/model.js';

export type IngressMode = 'load-balancer' | 'public-ip';

function modeOf(value: unknown): IngressMode | undefined {
  if (value === 'public-ip' || value === 'load-balancer') return value;
  return isMapping(value) ? 'load-balancer' : undefined;
}

/** The ingress of the published ports of `service`: its x-ingress, else the project's, else a load balancer. */
export function ingressMode(project: Project, service: string): IngressMode {
  return modeOf(project.services[service]?.extensions['x-ingress']) ?? modeOf(project.extensions['x-ingress']) ?? 'load-balancer';
}
