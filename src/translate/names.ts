/**
 * The names callers use for the mesh: under App Mesh a node or a virtual service resolves as
 * `<name>.<namespace>` only (its Cloud Map record), so that is the name their environment holds.
 */
import sortBy from 'lodash/sortBy.js';
import uniq from 'lodash/uniq.js';
import type { Project } from '../parser/model.js';
import type { AppMeshPlan } from '../mesh/app-mesh/plan.js';
import { hostReferences } from '../mesh/host-references.js';

/** A host under the mesh's namespace that a service's environment calls. */
export interface FullNameUse {
  service: string;
  variable: string;
  /** Lower case, e.g. `blue.shop.local`. */
  host: string;
}

/** A client alias name: Service Connect names are lower case. */
export function dnsName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^-+/, '');
}

/** `<name>.<namespace>`, the App Mesh name of a node or a virtual service; undefined when the namespace is an existing one, known by ID only. */
export function fullNameOf(plan: AppMeshPlan, name: string): string | undefined {
  return plan.namespace.kind === 'new' ? `${dnsName(name)}.${plan.namespace.name.toLowerCase()}` : undefined;
}

/** Every host under the namespace named in an environment value, by service and variable in name order, each once per variable. */
export function fullNameUses(project: Project, plan: AppMeshPlan): FullNameUse[] {
  if (plan.namespace.kind !== 'new') return [];
  const suffix = `.${plan.namespace.name.toLowerCase()}`;
  return sortBy(Object.values(project.services), (s) => s.name).flatMap((service) =>
    sortBy(Object.entries(service.environment), ([variable]) => variable).flatMap(([variable, value]) => {
      const hosts = value === null ? [] : hostReferences(variable, value, service.environment).map((r) => r.host.toLowerCase());
      return uniq(hosts.filter((host) => host.endsWith(suffix))).map((host) => ({ service: service.name, variable, host }));
    }),
  );
}
