import { ParseError, type Position, type TreePath } from '../parser/diagnostics.js';
import { isMapping } from '../parser/mapping.js';
import type { Project } from '../parser/model.js';
import type { ServiceGraph } from './graph.js';
import { networkCloudMap, networkCloudMapNamespace } from './composex/cloud-map.js';

export type DnsNamespace = { kind: 'new'; name: string } | { kind: 'existing'; id: string };

/** Cloud Map DNS discovery without a proxy: `<Name>.<namespace>` A records of the tasks. */
export interface CloudMapPlan {
  namespace: DnsNamespace;
  /** The registered services: compose service name -> Cloud Map service name. */
  services: Record<string, { name: string; port?: number }>;
}

type Locate = (path: TreePath) => Position | undefined;

const NAMESPACE_ID = /^ns-[a-z0-9]+$/;

/**
 * Resolves x-cloudmap: the private DNS namespace (top-level `Namespace`, a name to create
 * or an `ns-` ID to use; default `<project>.local`) and each service that asks to be
 * registered (its x-cloudmap, or ECS ComposeX's x-network.x-cloudmap or UseCloudmap, whose
 * namespace is the project's when the top level names none). Absent when no service asks.
 */
export function planCloudMap(project: Project, graph: ServiceGraph, locate: Locate): CloudMapPlan | undefined {
  const services: CloudMapPlan['services'] = {};
  const names = new Map<string, string>();
  for (const name of graph.services) {
    const ext = project.services[name]?.extensions['x-cloudmap'] ?? networkCloudMap(project, name);
    if (!isMapping(ext)) continue;
    const entry = { name: typeof ext['Name'] === 'string' ? ext['Name'] : name.toLowerCase(), ...(typeof ext['Port'] === 'number' ? { port: ext['Port'] } : {}) };
    const path = ['services', name, 'x-cloudmap'];
    const owner = names.get(entry.name);
    if (owner !== undefined) {
      throw new ParseError('E_CLOUDMAP_NAME_CLASH', `the Cloud Map name "${entry.name}" of "${name}" is already the one of "${owner}".`, {
        path,
        position: locate(path),
        hint: 'Give one of them another x-cloudmap.Name.',
      });
    }
    if (entry.port !== undefined && !(graph.listeners[name] ?? []).some((l) => l.port === entry.port)) {
      throw new ParseError('E_CLOUDMAP_PORT', `service "${name}" does not listen on port ${entry.port}.`, {
        path: [...path, 'Port'],
        position: locate([...path, 'Port']),
        hint: 'Use one of its target ports, or add the port under ports: or expose:.',
      });
    }
    names.set(entry.name, name);
    services[name] = entry;
  }
  if (Object.keys(services).length === 0) return undefined;
  const top = project.extensions['x-cloudmap'];
  const named = isMapping(top) && typeof top['Namespace'] === 'string' ? undefined : networkCloudMapNamespace(project, locate);
  return { namespace: named !== undefined ? { kind: 'new', name: named } : dnsNamespaceOf(project), services };
}

/** x-cloudmap's Namespace (an `ns-` ID is an existing namespace), default `<project>.local`. */
export function dnsNamespaceOf(project: Project): DnsNamespace {
  const top = project.extensions['x-cloudmap'];
  const name = isMapping(top) && typeof top['Namespace'] === 'string' ? top['Namespace'] : `${project.name}.local`;
  return NAMESPACE_ID.test(name) ? { kind: 'existing', id: name } : { kind: 'new', name };
}
