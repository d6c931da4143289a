import type { Warning } from '../../parser/diagnostics.js';
import type { Project } from '../../parser/model.js';
import type { DnsNamespace } from '../cloud-map.js';
import type { Locate } from './extension.js';
import { hostReferences, type HostReference } from '../host-references.js';
import { nodesBehind, type MeshParts } from './reach.js';

/** A host an environment variable names: the compose or virtual service it means, and whether it was written without the namespace. */
interface Called {
  variable: string;
  callee: string;
  bare: boolean;
}

/**
 * Under DROP_ALL, warns when a node's environment names the host of another compose
 * service (or of a virtual service), bare or under the namespace, that none of its backends
 * leads to: Envoy will drop that traffic. A backend leads to the nodes behind it and to the
 * virtual service of its name.
 */
export function warnUnbackedTalk(parts: MeshParts, project: Project, namespace: DnsNamespace, locate: Locate, warn: (w: Warning) => void): void {
  const hosts = byHost([...Object.keys(project.services), ...Object.keys(parts.services)]);
  for (const node of Object.values(parts.nodes)) {
    const ledTo = new Set(node.backends.flatMap((b) => [b, ...nodesBehind(b, parts).map((t) => t.node)]).map((name) => name.toLowerCase()));
    const warned = new Set<string>();
    for (const { variable, callee } of calls(project, node.name, hosts, namespace)) {
      if (callee === node.name || ledTo.has(callee.toLowerCase()) || warned.has(callee)) continue;
      warned.add(callee);
      const path = ['services', node.name, 'environment', variable];
      warn({ code: 'W_MESH_NO_BACKEND', message: `${node.name} talks to ${callee} but has no backend to it; DROP_ALL will block it.`, path, position: locate(path) });
    }
  }
}

/**
 * Warns when a service's environment calls a node or a virtual service by its bare name: only
 * `<name>.<namespace>` has a DNS record (the nodes' Cloud Map records, the placeholders), and a
 * Fargate task searches no DNS domain, so the bare name does not resolve and Envoy never sees
 * the call (dnsSearchDomains "is not supported for ... tasks that use the awsvpc network mode",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html).
 * App Mesh cannot give the virtual service the bare name as well: it would still not resolve.
 */
export function warnBareNames(parts: MeshParts, project: Project, namespace: DnsNamespace, locate: Locate, warn: (w: Warning) => void): void {
  const meshNames = byHost([...Object.keys(parts.nodes), ...Object.keys(parts.services)]);
  const suffix = namespace.kind !== 'existing' ? namespace.name : `<the name of namespace ${namespace.id}>`;
  for (const caller of Object.keys(project.services)) {
    const warned = new Set<string>();
    for (const { variable, callee, bare } of calls(project, caller, meshNames, namespace)) {
      if (!bare || callee === caller || warned.has(callee)) continue;
      warned.add(callee);
      const path = ['services', caller, 'environment', variable];
      warn({
        code: 'W_MESH_BARE_NAME',
        message: `${caller} calls ${callee} by its bare name, which does not resolve under App Mesh (Fargate tasks search no DNS namespace); call it ${callee}.${suffix}.`,
        path,
        position: locate(path),
      });
    }
  }
}

/** Names by their host (lower case), made once per check rather than once per service. */
function byHost(names: string[]): ReadonlyMap<string, string> {
  return new Map(names.map((name) => [name.toLowerCase(), name]));
}

/** The hosts of `names` that a service's environment calls, bare or as `<name>.<namespace>`, in the order written. */
function calls(project: Project, service: string, names: ReadonlyMap<string, string>, namespace: DnsNamespace): Called[] {
  const qualified = namespace.kind !== 'existing' ? `.${namespace.name.toLowerCase()}` : undefined;
  const environment = project.services[service]?.environment ?? {};
  return Object.entries(environment).flatMap(([variable, value]) =>
    (value === null ? [] : hostReferences(variable, value, environment)).flatMap((reference: HostReference): Called[] => {
      const host = reference.host.toLowerCase();
      const full = qualified !== undefined && host.endsWith(qualified) ? names.get(host.slice(0, -qualified.length)) : undefined;
      const bare = names.get(host);
      if (full !== undefined) return [{ variable, callee: full, bare: false }];
      return bare !== undefined ? [{ variable, callee: bare, bare: true }] : [];
    }),
  );
}
