import { ParseError, type Position, type TreePath, type Warning } from './diagnostics.js';
import { isMapping } from './mapping.js';

/**
 * Keeps the services that the active profiles enable: a service without `profiles` is
 * always on; one with profiles is on when one of them is active, or `*` is. An enabled
 * service that depends on a disabled one is an error (a warning, and the dependency is
 * dropped, when the dependency says `required: false`).
 */
export function applyProfiles(
  services: Record<string, unknown>,
  active: readonly string[],
  locate: (path: TreePath) => Position | undefined,
  warn: (w: Warning) => void,
): Record<string, unknown> {
  const enabled = (service: unknown): boolean => {
    const profiles = isMapping(service) && Array.isArray(service['profiles']) ? service['profiles'].map(String) : [];
    return profiles.length === 0 || active.includes('*') || profiles.some((p) => active.includes(p));
  };
  const kept: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(services)) {
    if (enabled(service)) kept[name] = service;
  }
  for (const [name, service] of Object.entries(kept)) {
    if (!isMapping(service)) continue;
    const deps = service['depends_on'];
    const entries: [string, unknown][] = Array.isArray(deps)
      ? deps.map((d) => [String(d), null])
      : isMapping(deps)
        ? Object.entries(deps)
        : [];
    const keptDeps = entries.filter(([dep, spec]) => {
      if (!(dep in services) || dep in kept) return true;
      const path: TreePath = ['services', name, 'depends_on', dep];
      const profiles = (services[dep] as Record<string, unknown>)['profiles'] as string[];
      if (isMapping(spec) && spec['required'] === false) {
        warn({ code: 'W_DEPENDENCY_DISABLED', message: `optional dependency "${dep}" is disabled by its profiles and is left out.`, path, position: locate(path) });
        return false;
      }
      throw new ParseError('E_DEPENDS_ON_DISABLED', `service "${name}" depends on "${dep}", which its profiles (${profiles.join(', ')}) leave disabled.`, {
        path,
        position: locate(path),
        hint: `Enable it with --profile ${profiles[0] ?? '*'} (or COMPOSE_PROFILES), or remove the dependency.`,
      });
    });
    if (keptDeps.length !== entries.length) {
      kept[name] = { ...service, depends_on: Object.fromEntries(keptDeps) };
    }
  }
  return kept;
}


/** The services the active profiles leave out, with their profiles (what compose-go calls DisabledServices). */
export function disabledServices(all: Record<string, unknown>, kept: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(all)) {
    if (name in kept) continue;
    out[name] = isMapping(service) && Array.isArray(service['profiles']) ? service['profiles'].map(String) : [];
  }
  return out;
}
