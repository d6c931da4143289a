/** A service's dependencies: its `depends_on` in the long form, plus those its other keys imply. */
import { fail, warn } from '../errors.js';
import type { CanonicalContext, Scope } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import type { DependsOn } from '../../model.js';
import { keyedEntries, listed, mappingOrEmpty, type Raw } from '../raw-values.js';
import { conform, type Shape } from '../scalar-conversions.js';

const DEPENDENCY_SHAPE: Shape = { required: 'bool', restart: 'bool' };

interface DependencyRef {
  service: string;
  at: TreePath;
  dependency: DependsOn;
}

interface ImplicitDependency {
  key: string;
  /** The service a value of `key` refers to, if any. */
  target: (ref: string) => string | undefined;
  restart: boolean;
}

/** Keys through which a service also depends on another one, as compose-go's normalize infers. */
const IMPLICIT_DEPENDENCIES: readonly ImplicitDependency[] = [
  { key: 'links', target: (link) => link.split(':')[0], restart: true },
  ...['network_mode', 'ipc', 'pid', 'uts', 'cgroup'].map((key) => ({
    key,
    target: (mode: string) => (mode.startsWith('service:') ? mode.slice('service:'.length) : undefined),
    restart: true,
  })),
  {
    key: 'volumes_from',
    target: (from) => (from.startsWith('container:') ? undefined : from.split(':')[0]),
    restart: false,
  },
];

export function dependsOnOf(name: string, spec: Raw, at: TreePath, scope: Scope): Record<string, DependsOn> {
  const refs = [
    ...declaredDependencies(spec.depends_on, [...at, 'depends_on'], scope.context),
    ...implicitDependencies(spec, at),
  ];
  const dependencies: Record<string, DependsOn> = {};
  const services = serviceSet(scope);
  for (const ref of refs) {
    if (Object.hasOwn(dependencies, ref.service)) continue;
    if (services.has(ref.service)) dependencies[ref.service] = ref.dependency;
    else missingDependency(name, ref, scope);
  }
  return dependencies;
}

const SERVICE_SETS = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The project's service names as a set, made once per project (a lookup per dependency). */
function serviceSet(scope: Scope): ReadonlySet<string> {
  let set = SERVICE_SETS.get(scope.services);
  if (!set) {
    set = new Set(scope.services);
    SERVICE_SETS.set(scope.services, set);
  }
  return set;
}

function declaredDependencies(value: unknown, at: TreePath, context: CanonicalContext): DependencyRef[] {
  return keyedEntries(value, at).map(([service, entry, entryAt]) => ({
    service,
    at: entryAt,
    dependency: {
      condition: 'service_started',
      required: true,
      ...mappingOrEmpty(conform(entry, entryAt, DEPENDENCY_SHAPE, context)),
    } as DependsOn,
  }));
}

function implicitDependencies(spec: Raw, at: TreePath): DependencyRef[] {
  return IMPLICIT_DEPENDENCIES.flatMap(({ key, target, restart }) =>
    listed(spec[key], [...at, key]).flatMap(([ref, refAt]) => {
      const service = target(ref);
      const dependency: DependsOn = { condition: 'service_started', required: true, restart };
      return service === undefined ? [] : [{ service, at: refAt, dependency }];
    }),
  );
}

function missingDependency(name: string, ref: DependencyRef, scope: Scope): void {
  if (!ref.dependency.required) {
    warn(
      scope.context,
      'W_DEPENDS_ON_MISSING',
      ref.at,
      `service "${name}" optionally depends on "${ref.service}", which is not a service of this project; ` +
        'the dependency is dropped.',
    );
    return;
  }
  fail(
    scope.context,
    'E_DEPENDS_ON_UNKNOWN',
    ref.at,
    `service "${name}" depends on "${ref.service}", which is not a service of this project.`,
    `Use one of the services (${scope.services.join(', ')}), or remove the dependency.`,
  );
}
