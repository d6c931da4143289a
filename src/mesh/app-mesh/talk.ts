import type { Warning } from '../../parser/diagnostics.js';
import type { Project } from '../../parser/model.js';
import type { Locate } from './extension.js';
import { nodesBehind, type MeshParts } from './reach.js';

/** How an environment variable names a host: each rule gives the whole host names it finds. */
const HOST_RULES: ((variable: string, value: string) => string[])[] = [
  // A URL's host: http://redis:6379/0, postgres://user:secret@db/shop.
  (_variable, value) => matches(value, /[a-z][a-z0-9+.-]*:\/\/(?:[^\s/@]*@)?([a-z0-9_][a-z0-9_.-]*)/gi),
  // host:port, alone or in a list: redis:6379, a:9092,b:9092.
  (_variable, value) => matches(value, /(?<![\w.-])([a-z0-9_][a-z0-9_.-]*):\d{1,5}(?![\w.])/gi),
  // A *_HOST, *_HOSTNAME, *_ADDR or *_URL variable whose whole value is a host name.
  (variable, value) => (/(?:^|_)(?:HOST|HOSTNAME|ADDR|URL)$/i.test(variable) ? [value.trim()] : []),
];

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
    for (const [variable, value] of Object.entries(project.services[node.name]?.environment ?? {})) {
      for (const host of HOST_RULES.flatMap((rule) => (value === null ? [] : rule(variable, value))).map((h) => h.toLowerCase())) {
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

function matches(value: string, pattern: RegExp): string[] {
  return [...value.matchAll(pattern)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}
