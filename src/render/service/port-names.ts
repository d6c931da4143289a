import type { TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Listener } from '../../mesh/graph.js';
import type { RenderContext } from '../context.js';

/**
 * ECS's rule for a port mapping name: up to 64 lower-case letters, digits, `_` and `-`, not
 * starting with `-` (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html);
 * Service Connect finds the port by it, so the names of one task definition are unique.
 */
const MAX_LENGTH = 64;
const VALID = /^[a-z0-9_][a-z0-9_-]{0,63}$/;

/** The name as ECS takes it: lower case, any other character `-`, no leading `-`, at most 64 characters. */
function normalised(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^-+/, '').slice(0, MAX_LENGTH);
}

/**
 * The service's listeners with port mapping names ECS takes, unique in the task (the second of
 * two alike gets `-<port>`): the same names go to the task definition and to the Service
 * Connect configuration. A name that changes is a warning at the name as written.
 */
export function portMappingNames(ctx: RenderContext, service: string, listeners: readonly Listener[]): Listener[] {
  const taken = new Set<string>();
  return listeners.map((listener) => {
    if (listener.name === undefined) return listener;
    const wanted = VALID.test(listener.name) ? listener.name : normalised(listener.name);
    const name = unique(wanted || `${normalised(service)}-${listener.port}`, listener, taken);
    taken.add(name);
    if (name !== listener.name) {
      const path = writtenAt(ctx, service, listener);
      const why = name === wanted ? `is not one ECS takes (up to ${MAX_LENGTH} lower-case letters, digits, "_" and "-", not starting with "-")` : `is already the name of another port of ${service}`;
      ctx.warn({
        code: 'W_PORT_NAME',
        message: `the port name "${listener.name}" ${why}, so port ${listener.port}/${listener.protocol} is named "${name}" in the task definition and in Service Connect. Name it so in the compose file to keep the two the same.`,
        path,
        position: ctx.locate(path),
      });
    }
    return { ...listener, name };
  });
}

function unique(name: string, listener: Listener, taken: ReadonlySet<string>): string {
  const withSuffix = (suffix: string): string => `${name.slice(0, MAX_LENGTH - suffix.length)}${suffix}`;
  const port = `-${listener.port}`;
  const free = ['', port, `${port}-${listener.protocol}`].map(withSuffix).find((candidate) => !taken.has(candidate));
  if (free !== undefined) return free;
  for (let n = 2; ; n++) {
    const candidate = withSuffix(`${port}-${listener.protocol}-${n}`);
    if (!taken.has(candidate)) return candidate;
  }
}

/** Where the name was written: an x-serviceconnect Services entry's PortName, else the compose port's name. */
function writtenAt(ctx: RenderContext, service: string, listener: Listener): TreePath {
  const ext = ctx.project.services[service]?.extensions['x-serviceconnect'];
  const entries = isMapping(ext) && Array.isArray(ext['Services']) ? (ext['Services'] as unknown[]) : [];
  const entry = entries.findIndex((e) => isMapping(e) && e['PortName'] === listener.name);
  if (entry >= 0) return ['services', service, 'x-serviceconnect', 'Services', entry, 'PortName'];
  const ports = ctx.project.services[service]?.ports ?? [];
  const port = ports.findIndex((p) => p.name === listener.name && p.target === listener.port);
  return port >= 0 ? ['services', service, 'ports', port, 'name'] : ['services', service, 'ports'];
}
