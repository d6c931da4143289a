/** The top-level networks, volumes, secrets and configs, with their names defaulted and host paths absolute. */
import mapValues from 'lodash/mapValues.js';
import type { CanonicalContext, Resource } from './context.js';
import type { TreePath } from '../diagnostics.js';
import { hostPath } from './host-paths.js';
import { isMapping } from '../mapping.js';
import type { Extensions, FileObject, Network, Project, Volume } from '../model.js';
import { mappingOrEmpty, splitExtensions, type Raw } from './raw-values.js';
import { conform, toBoolean, type Shape } from './scalar-conversions.js';

const NETWORK_SHAPE: Shape = {
  internal: 'bool',
  attachable: 'bool',
  enable_ipv4: 'bool',
  enable_ipv6: 'bool',
  labels: 'map',
  driver_opts: 'map',
};
const VOLUME_SHAPE: Shape = { labels: 'map', driver_opts: 'map' };
const FILE_OBJECT_SHAPE: Shape = { labels: 'map', driver_opts: 'map' };

/** The resources of the project; `usesDefaultNetwork` tells whether a service is on the network `default`. */
export function projectResources(
  raw: Raw,
  usesDefaultNetwork: boolean,
  context: CanonicalContext,
): Pick<Project, Resource> {
  return {
    networks: projectNetworks(raw.networks, usesDefaultNetwork, context),
    volumes: resources('volumes', raw.volumes, context, projectVolume),
    secrets: resources('secrets', raw.secrets, context, fileObject),
    configs: resources('configs', raw.configs, context, configObject),
  };
}

export function declaredResources(raw: Raw): Record<Resource, ReadonlySet<string>> {
  const keys = (value: unknown): string[] => Object.keys(mappingOrEmpty(value));
  return {
    networks: new Set(['default', ...keys(raw.networks)]),
    volumes: new Set(keys(raw.volumes)),
    secrets: new Set(keys(raw.secrets)),
    configs: new Set(keys(raw.configs)),
  };
}

type ResourceOf<T> = (key: string, value: unknown, at: TreePath, context: CanonicalContext) => T;

function resources<T>(kind: Resource, value: unknown, context: CanonicalContext, of: ResourceOf<T>): Record<string, T> {
  return mapValues(mappingOrEmpty(value), (entry, key) => of(key, entry, [kind, key], context));
}

/** The implicit `default` network is added when a service is on it and the file does not declare it. */
function projectNetworks(value: unknown, usesDefault: boolean, context: CanonicalContext): Record<string, Network> {
  const networks = resources('networks', value, context, (key, entry, at) =>
    named<Network>(key, entry, at, NETWORK_SHAPE, context),
  );
  if (!usesDefault || Object.hasOwn(networks, 'default')) return networks;
  return { ...networks, default: { name: `${context.projectName}_default`, extensions: {} } };
}

/** A local volume with driver_opts `o: bind` is a bind mount of its (resolved) `device`. */
function projectVolume(key: string, value: unknown, at: TreePath, context: CanonicalContext): Volume {
  const volume = named<Volume>(key, value, at, VOLUME_SHAPE, context);
  const options = volume.driver_opts ?? {};
  const isLocalBind = (volume.driver === undefined || volume.driver === 'local') && options.o === 'bind';
  if (!isLocalBind || options.device === undefined) return volume;
  const device = hostPath(options.device, [...at, 'driver_opts', 'device'], context);
  return { ...volume, driver_opts: { ...options, device } };
}

function fileObject(key: string, value: unknown, at: TreePath, context: CanonicalContext): FileObject {
  const object = named<FileObject>(key, value, at, FILE_OBJECT_SHAPE, context);
  return object.file === undefined ? object : { ...object, file: hostPath(object.file, [...at, 'file'], context) };
}

/** A config, with the value of its `environment` variable, which becomes its content when it is mounted. */
function configObject(key: string, value: unknown, at: TreePath, context: CanonicalContext): FileObject {
  const object = fileObject(key, value, at, context);
  const variable = object.environment === undefined ? undefined : context.lookup(object.environment);
  return variable === undefined ? object : { ...object, environment_value: variable };
}

/**
 * A top-level entry (null is {}), with `external` a boolean and its name defaulted: the key for
 * an external resource (or the deprecated external.name), `<project>_<key>` otherwise.
 */
function named<T extends { name: string; extensions: Extensions }>(
  key: string,
  value: unknown,
  at: TreePath,
  shape: Shape,
  context: CanonicalContext,
): T {
  const { spec, extensions } = splitExtensions(mappingOrEmpty(conform(value ?? {}, at, shape, context)));
  const external = externalOf(spec.external, [...at, 'external'], context);
  const name = spec.name ?? external.name ?? (external.external === true ? key : `${context.projectName}_${key}`);
  const externalFlag = external.external === undefined ? {} : { external: external.external };
  return { ...spec, ...externalFlag, name, extensions } as unknown as T;
}

function externalOf(value: unknown, at: TreePath, context: CanonicalContext): { external?: boolean; name?: string } {
  if (value === undefined) return {};
  if (!isMapping(value)) return { external: toBoolean(value, at, context) };
  return { external: true, ...(typeof value.name === 'string' ? { name: value.name } : {}) };
}
