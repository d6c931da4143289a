import { ParseError, type Position, type TreePath, type Warning } from '../parser/diagnostics.js';
import { isMapping } from '../parser/mapping.js';
import type { Project } from '../parser/model.js';
import type { ServiceGraph } from './graph.js';
import { networkCloudMap, networkCloudMapNamespace } from './composex/cloud-map.js';

/** A namespace to create, an existing one by ID, or one by name whose ID `compose-x lookup` finds (ECS ComposeX's `Lookup`). */
export type DnsNamespace = { kind: 'new'; name: string } | { kind: 'existing'; id: string } | { kind: 'lookup'; name: string };

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
export function planCloudMap(project: Project, graph: ServiceGraph, locate: Locate, warn: (warning: Warning) => void): CloudMapPlan | undefined {
  const services: CloudMapPlan['services'] = {};
  const names = new Map<string, string>();
  const namespaces = composeXNamespaces(project);
  const used = new Set<string>();
  for (const name of graph.services) {
    const found = registrationOf(project, name, namespaces);
    if (found === undefined) continue;
    const { entry, path } = found;
    if (found.namespace !== undefined) used.add(found.namespace);
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
  const [chosen, ...others] = [...used];
  for (const other of others) {
    warn({
      code: 'W_COMPOSEX_EXTENSION',
      message: `compose-x does not carry the Cloud Map namespace ${other} of x-cloudmap: the services register in one namespace, ${chosen}.`,
      path: ['x-cloudmap', other],
      position: locate(['x-cloudmap', other]),
    });
  }
  const declared = chosen !== undefined && namespaces[chosen] !== undefined;
  const top = project.extensions['x-cloudmap'];
  const dnsName = chosen !== undefined && !declared && !(isMapping(top) && typeof top['Namespace'] === 'string') ? networkCloudMapNamespace(project, locate) : undefined;
  return { namespace: dnsName !== undefined ? { kind: 'new', name: dnsName } : dnsNamespaceOf(project, declared ? chosen : undefined), services };
}

/** The registration a service asks for: compose-x's x-cloudmap {Name, Port}, or ECS ComposeX's reference to a namespace (a key of the top-level x-cloudmap), on the service or in its x-network. */
function registrationOf(project: Project, name: string, namespaces: Record<string, Record<string, unknown>>): { entry: { name: string; port?: number }; path: TreePath; namespace?: string } | undefined {
  const service = project.services[name];
  const network = service?.extensions['x-network'];
  const [ext, path] = service?.extensions['x-cloudmap'] !== undefined ? [service.extensions['x-cloudmap'], ['services', name, 'x-cloudmap']] : [isMapping(network) ? network['x-cloudmap'] : undefined, ['services', name, 'x-network', 'x-cloudmap']];
  const bare = { name: name.toLowerCase() };
  if (typeof ext === 'string') return { entry: bare, path, namespace: ext };
  if (ext === undefined && networkCloudMap(project, name)) return { entry: bare, path: ['services', name, 'x-network', 'UseCloudmap'] };
  if (!isMapping(ext)) return undefined;
  const key = Object.keys(ext).find((k) => namespaces[k] !== undefined);
  if (key !== undefined) {
    const port = (ext[key] as Record<string, unknown> | null)?.['Port'];
    return { entry: { ...bare, ...(typeof port === 'number' ? { port } : {}) }, path: [...path, key], namespace: key };
  }
  return { entry: { name: typeof ext['Name'] === 'string' ? ext['Name'] : bare.name, ...(typeof ext['Port'] === 'number' ? { port: ext['Port'] } : {}) }, path };
}

/** ECS ComposeX's namespaces: the top-level x-cloudmap as `<key>: {ZoneName (or Name), Lookup, Properties}`. */
function composeXNamespaces(project: Project): Record<string, Record<string, unknown>> {
  const top = project.extensions['x-cloudmap'];
  if (!isMapping(top)) return {};
  return Object.fromEntries(Object.entries(top).flatMap(([key, value]) => (key !== 'Namespace' && isMapping(value) ? [[key, value]] : [])));
}

/**
 * x-cloudmap's Namespace (an `ns-` ID is an existing namespace), default `<project>.local`; or
 * ECS ComposeX's namespace `key` (the one the services use, else the first): its ZoneName (or
 * Name, or key), created, or with Lookup an existing one whose ID `compose-x lookup` finds.
 */
export function dnsNamespaceOf(project: Project, key?: string): DnsNamespace {
  const namespaces = composeXNamespaces(project);
  const composeX = namespaces[key ?? Object.keys(namespaces)[0] ?? ''];
  if (composeX !== undefined) {
    const zone = composeX['ZoneName'] ?? composeX['Name'] ?? key ?? Object.keys(namespaces)[0];
    const zoneName = String(zone);
    return composeX['Lookup'] !== undefined && composeX['Lookup'] !== false ? { kind: 'lookup', name: zoneName } : { kind: 'new', name: zoneName };
  }
  const top = project.extensions['x-cloudmap'];
  const name = isMapping(top) && typeof top['Namespace'] === 'string' ? top['Namespace'] : `${project.name}.local`;
  return NAMESPACE_ID.test(name) ? { kind: 'existing', id: name } : { kind: 'new', name };
}
