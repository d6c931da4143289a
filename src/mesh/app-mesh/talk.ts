import type { Warning } from '../../parser/diagnostics.js';
import type { Project } from '../../parser/model.js';
import type { Locate } from './extension.js';
import { hostReferences } from '../host-references.js';
import { nodesBehind, type MeshParts } from './reach.js';

/**
 * Under DROP_ALL, warns when a node's environment names the host of another compose
 * service (or of a virtual service) that none of its backends leads to: Envoy will drop
 * that traffic. A backend leads to the nodes behind it and to the virtual service of its
 * name.
 */
export function warnUnbackedTalk(parts: MeshParts, project: Project, locate: Locate, warn: (w: Warning) => void): void {
  const hosts = new Map([...Object.keys(project.services), ...Object.keys(parts.services)].map((name) => [name.toLowerCase(), name]));
  for (const node of Object.values(parts.nodes)) {
    const ledTo = new Set(node.backends.flatMap((b) => [b, ...nodesBehind(b, parts).map((t) => t.node)]).map((name) => name.toLowerCase()));
    const warned = new Set<string>();
    const environment = project.services[node.name]?.environment ?? {};
    for (const [variable, value] of Object.entries(environment)) {
      for (const host of (value === null ? [] : hostReferences(variable, value, environment)).map((r) => r.host.toLowerCase())) {
        const callee = hosts.get(host);
        if (callee === undefined || callee === node.name || ledTo.has(host) || warned.has(host)) continue;
        warned.add(host);
        const path = ['services', node.name, 'environment', variable];
        warn({
          code: 'W_MESH_NO_BACKEND',
          message: `${node.name} talks to ${callee} but has no backend to it; DROP_ALL will block it.`,
          path,
          position: locate(path),
        });
      }
    }
  }
}
