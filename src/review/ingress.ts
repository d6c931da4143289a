/**
 * The load balancers in the review: how each is named, the listeners the internet reaches,
 * what each rule from a balancer to a service matches, and the address of each service (its
 * stack output, as the template writes it).
 */
import type { IngressRule } from '../mesh/graph.js';
import type { MeshPlan } from '../mesh/plan.js';
import { LogicalIds } from '../render/template/logical-ids.js';

/** A service's address through a load balancer. */
export interface ReviewAddress {
  service: string;
  /** The stack output's value as a reviewer reads it: `https://app.example.com/api`, `http://${ApplicationLoadBalancer.DNSName}/`. */
  address: string;
  /** What leads there: `application load balancer, listener 443, rule /api (priority 47123)`, `network load balancer, listener 1883/tcp`. */
  through: string;
  /** The stack output `up` and `ps` print it from. */
  output: string;
}

/** A listener of a load balancer of the project, open to the internet. */
export interface BalancerListener {
  name: string;
  port: number;
  label: string;
}

/** `application load balancer`, `network load balancer`, or `shared load balancer` for the listener of an existing one. */
export function balancerName(plan: MeshPlan, balancer: 'application' | 'network'): string {
  if (balancer === 'network') return 'network load balancer';
  return plan.ingress?.application?.kind === 'existing' ? 'shared load balancer' : 'application load balancer';
}

/** What a rule from a balancer to a service matches: `:443 app.example.com/api`, `:8080 /`; `:1883/tcp` for the network load balancer. */
export function balancerLabel(plan: MeshPlan, rule: IngressRule): string | undefined {
  const ingress = plan.ingress?.services[rule.service];
  if (rule.source.kind !== 'load-balancer' || !ingress) return undefined;
  if (rule.source.balancer === 'application') return ingress.http ? `:${ingress.http.listenerPort} ${ingress.http.host ?? ''}${ingress.http.path}` : undefined;
  const target = ingress.network.find((t) => t.port === rule.port && t.protocol === rule.protocol);
  return target ? `:${target.listenerPort}/${target.protocol}` : undefined;
}

/** The listeners of the project's own balancers: one per port the HTTP rules are on (with 80 redirecting to HTTPS on 443), and one per TCP or UDP port. */
export function balancerListeners(plan: MeshPlan): BalancerListener[] {
  const ingress = plan.ingress;
  if (!ingress) return [];
  const application = ingress.application;
  const services = Object.values(ingress.services);
  const https = application?.kind === 'new' && application.tls !== undefined;
  const ports = application?.kind === 'new' ? [...new Set(services.flatMap((s) => (s.http ? [s.http.listenerPort] : [])))] : [];
  const name = balancerName(plan, 'application');
  return [
    ...(https && ports.includes(443) ? [{ name, port: 80, label: 'HTTP, redirected to HTTPS (301)' }] : []),
    ...ports.map((port) => ({ name, port, label: https ? 'HTTPS' : 'HTTP' })),
    ...services.flatMap((s) => s.network.map((t) => ({ name: balancerName(plan, 'network'), port: t.listenerPort, label: t.protocol.toUpperCase() }))),
  ];
}

/** Each service's addresses, read from the template's outputs (`<Service>Url`, `<Service>Tcp1883Url`). */
export function addressesOf(plan: MeshPlan, outputs: Record<string, { Value?: unknown }>, readable: (value: unknown) => string): ReviewAddress[] {
  const ingress = plan.ingress;
  if (!ingress) return [];
  const ids = new LogicalIds(plan.graph.services);
  return Object.entries(ingress.services).flatMap(([service, s]) => {
    const id = ids.of(service);
    const http = s.http;
    const rules = http
      ? [{ output: `${id}Url`, through: `${balancerName(plan, 'application')}, listener ${http.listenerPort}, rule ${http.host ?? ''}${http.path} (priority ${http.priority})` }]
      : [];
    const listeners = s.network.map((t) => ({
      output: `${id}${t.protocol === 'tcp' ? 'Tcp' : 'Udp'}${t.listenerPort}Url`,
      through: `${balancerName(plan, 'network')}, listener ${t.listenerPort}/${t.protocol}`,
    }));
    return [...rules, ...listeners].flatMap(({ output, through }) => {
      const value = outputs[output]?.Value;
      return value === undefined ? [] : [{ service, address: readable(value), through, output }];
    });
  });
}
