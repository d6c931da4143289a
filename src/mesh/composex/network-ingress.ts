import { ParseError, type Position, type TreePath, type Warning } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import type { IngressRule, IngressSource, Listener, ServiceGraph } from '../graph.js';

/** ECS ComposeX's services.x-network.Ingress (schemas/x-network.json). */
interface XIngress {
  Myself?: boolean;
  ExtSources?: { IPv4?: string; Ipv4?: string; IPv6?: string; Name?: string; Source_name?: string; Description?: string; Ports?: number[] }[];
  AwsSources?: { Type: 'SecurityGroup' | 'PrefixList'; Id?: string; AccountOwner?: string; Name?: string; Description?: string; Ports?: number[] }[];
  Services?: { Name: string; Ports?: number[] }[];
}

type Locate = (path: TreePath) => Position | undefined;

/**
 * The graph with the sources each service's x-network Ingress admits, each on the service's
 * own listeners only (least privilege; `Ports` narrows them further, as in ECS ComposeX,
 * https://docs.compose-x.io/syntax/compose_x/ecs.details/network.html): ExtSources (an IPv4 or
 * IPv6 CIDR), AwsSources (a security group, of another account with AccountOwner, or a
 * managed prefix list, by Id; a Lookup is warned about by the support stage), Services
 * (another compose service's security group) and Myself (the service's own group, task to
 * task).
 */
export function withNetworkIngress(graph: ServiceGraph, project: Project, locate: Locate, warn: (warning: Warning) => void): ServiceGraph {
  const added: IngressRule[] = [];
  for (const name of graph.services) {
    const network = project.services[name]?.extensions['x-network'];
    if (!isMapping(network) || !isMapping(network['Ingress'])) continue;
    const ingress = network['Ingress'] as XIngress;
    const at: TreePath = ['services', name, 'x-network', 'Ingress'];
    const listeners = graph.listeners[name] ?? [];
    const sources = sourcesOf(ingress, graph, at, locate);
    if (sources.length > 0 && listeners.length === 0) {
      warn({
        code: 'W_INGRESS_NO_PORT',
        message: `${name} declares no port, so its x-network Ingress opens nothing. Declare the ports it listens on under ports: or expose:.`,
        path: at,
        position: locate(at),
      });
    }
    for (const { source, ports, path } of sources) {
      for (const port of ports ?? []) {
        if (listeners.some((l) => l.port === port)) continue;
        warn({
          code: 'W_INGRESS_PORT_UNKNOWN',
          message: `${name} does not listen on port ${port}, so this source is not admitted on it.`,
          path: [...path, 'Ports'],
          position: locate([...path, 'Ports']),
        });
      }
      const open = listeners.filter((l: Listener) => ports === undefined || ports.includes(l.port));
      added.push(...open.map((l) => ({ service: name, port: l.port, protocol: l.protocol, source })));
    }
  }
  return added.length === 0 ? graph : { ...graph, ingress: [...graph.ingress, ...added] };
}

interface Source {
  source: IngressSource;
  ports?: number[];
  path: TreePath;
}

function sourcesOf(ingress: XIngress, graph: ServiceGraph, at: TreePath, locate: Locate): Source[] {
  const service = at[1] as string;
  const external = (ingress.ExtSources ?? []).flatMap((e, i): Source[] => {
    const name = e.Name ?? e.Source_name ?? e.Description;
    const cidr = e.IPv4 ?? e.Ipv4;
    const path = [...at, 'ExtSources', i];
    const ports = e.Ports ? { ports: e.Ports } : {};
    return [
      ...(cidr !== undefined ? [{ source: { kind: 'cidr' as const, cidr: withMask(cidr, 32), ipv6: false, ...(name ? { name } : {}) }, path, ...ports }] : []),
      ...(e.IPv6 !== undefined ? [{ source: { kind: 'cidr' as const, cidr: withMask(e.IPv6, 128), ipv6: true, ...(name ? { name } : {}) }, path, ...ports }] : []),
    ];
  });
  const aws = (ingress.AwsSources ?? []).flatMap((a, i): Source[] => {
    if (a.Id === undefined) return [];
    const path = [...at, 'AwsSources', i];
    const type = a.Type === 'PrefixList' ? 'prefix-list' : 'security-group';
    if (!a.Id.startsWith(type === 'prefix-list' ? 'pl-' : 'sg-')) {
      throw new ParseError('E_INGRESS_SOURCE_ID', `"${a.Id}" is not the ID of a ${a.Type === 'PrefixList' ? 'prefix list' : 'security group'}.`, {
        path: [...path, 'Id'],
        position: locate([...path, 'Id']),
        hint: 'A SecurityGroup is sg-..., a PrefixList is pl-...',
      });
    }
    const name = a.Name ?? a.Description;
    return [{ source: { kind: 'aws', type, id: a.Id, ...(a.AccountOwner ? { owner: a.AccountOwner } : {}), ...(name ? { name } : {}) }, path, ...(a.Ports ? { ports: a.Ports } : {}) }];
  });
  const services = (ingress.Services ?? []).map((s, i): Source => {
    const path = [...at, 'Services', i];
    if (!graph.services.includes(s.Name)) {
      throw new ParseError('E_INGRESS_SERVICE_UNKNOWN', `there is no service "${s.Name}" to admit into ${service}.`, {
        path: [...path, 'Name'],
        position: locate([...path, 'Name']),
        hint: `Name one of the services of the project (${graph.services.join(', ')}).`,
      });
    }
    return { source: { kind: 'service', service: s.Name, via: 'x-network' }, path, ...(s.Ports ? { ports: s.Ports } : {}) };
  });
  const myself: Source[] = ingress.Myself === true ? [{ source: { kind: 'service', service, via: 'x-network' }, path: [...at, 'Myself'] }] : [];
  return [...external, ...aws, ...services, ...myself];
}

/** `1.1.1.1` -> `1.1.1.1/32`: ECS ComposeX takes an address for its /32. */
function withMask(cidr: string, bits: number): string {
  return cidr.includes('/') ? cidr : `${cidr}/${bits}`;
}
