/**
 * The storage plan of a project (types.ts) and its findings, made once per project: the
 * support stage reports the findings (checks/volumes.ts), the render lays out the plan
 * (src/render/storage/). The files that travel are read from the project directory here.
 */
import { createHash } from 'node:crypto';
import type { TreePath } from '../../parser/diagnostics.js';
import type { Project, Service } from '../../parser/model.js';
import { finding, type SupportFinding } from '../finding.js';
import { classifyConfig } from './configs.js';
import { externalVolumeRef } from './external-volumes.js';
import { fileRoots, mountConflicts } from './file-roots.js';
import { initImageFinding } from './init-image.js';
import { SERVICE_FILES_BYTES } from './limits.js';
import { classifyMount, tmpfsWarning, type Classified, type MountScope } from './mounts.js';
import type { DataMount, DataSource, DataVolume, EphemeralMount, PosixUser, ServiceStorage, StoragePlan, TravellingMount } from './types.js';
import { DEFAULT_VOLUME_USER, numericUser, userText } from './volume-users.js';

export type { DataVolume, FilesRoot, ServiceStorage } from './types.js';

interface PlannedService {
  storage: ServiceStorage;
  sources: Map<string, DataSource>;
  findings: SupportFinding[];
}

/** A `tmpfs:` entry (`/run`, `/run:size=64m`): task storage at its path. */
function tmpfsEntry(entry: string, at: TreePath): Classified {
  const target = entry.split(':')[0] ?? entry;
  return { placement: { kind: 'ephemeral', mount: { at, target, readOnly: false, origin: 'tmpfs' } }, findings: [tmpfsWarning(at, target)] };
}

function planService(project: Project, service: Service): PlannedService {
  const scope: MountScope = { project, service, budget: { left: SERVICE_FILES_BYTES } };
  const at = ['services', service.name];
  const tmpfs = (service.other['tmpfs'] as string[] | undefined) ?? [];
  const classified = [
    ...service.volumes.map((volume, i) => classifyMount(scope, volume, [...at, 'volumes', i])),
    ...service.configs.map((ref, i) => classifyConfig(scope, ref, [...at, 'configs', i])),
    ...tmpfs.map((entry, i) => tmpfsEntry(entry, [...at, 'tmpfs', i])),
  ];
  const travelling: TravellingMount[] = [];
  const data: DataMount[] = [];
  const ephemeral: EphemeralMount[] = [];
  const sources = new Map<string, DataSource>();
  for (const { placement } of classified) {
    if (placement.kind === 'travelling') travelling.push(placement.mount);
    if (placement.kind === 'ephemeral') ephemeral.push(placement.mount);
    if (placement.kind === 'data') {
      data.push(placement.mount);
      sources.set(placement.mount.volume, placement.source);
    }
  }
  const findings = [...classified.flatMap((c) => c.findings), ...mountConflicts(travelling, [...data, ...ephemeral])];
  const first = travelling[0];
  if (first) findings.push(...initImageFinding(service.name, service.image, first.at));
  return { storage: { roots: fileRoots(travelling), data, ephemeral }, sources, findings };
}

/** A directory name EFS takes (letters, digits, `.`, `_`, `-`; not starting with a dot), with a hash when it had to change. */
function directoryName(name: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,60}$/.test(name)) return name;
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '').join('-').slice(0, 40);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return words === '' ? hash : `${words}-${hash}`;
}

/** The access point's root directory: `/volumes/<volume>`, or `/bind-mounts/<host directory>`. */
function directoryOf(source: DataSource, key: string): string {
  return source.kind === 'volume' ? `/volumes/${directoryName(source.name)}` : `/bind-mounts/${directoryName(key.replace(/^\.\//, ''))}`;
}

/** The POSIX user of a volume from the `user:` of the services that mount it; conflicting numbers are an error. */
function volumeUser(project: Project, mounts: { service: string; mount: DataMount }[]): { user: PosixUser; findings: SupportFinding[] } {
  let chosen: { user: PosixUser; service: string } | undefined;
  const findings: SupportFinding[] = [];
  for (const { service, mount } of mounts) {
    const written = project.services[service]?.user;
    if (written === undefined) continue;
    const user = numericUser(written);
    if (user === undefined) {
      findings.push(
        finding(
          'warning',
          'W_VOLUME_USER_NAME',
          mount.at,
          `the access point of the volume at ${mount.target} needs a numeric user, and user: ${written} is a name; ${userText(chosen?.user ?? DEFAULT_VOLUME_USER)} is used.`,
          'Write user: as UID:GID (e.g. user: "999:999") for the files of the volume to be the app\'s.',
        ),
      );
    } else if (chosen && userText(chosen.user) !== userText(user)) {
      findings.push(
        finding(
          'error',
          'E_VOLUME_USERS',
          mount.at,
          `the volume at ${mount.target} has one POSIX user, and "${service}" runs as ${userText(user)} where "${chosen.service}" runs as ${userText(chosen.user)}.`,
          'Give the services that share the volume the same user:.',
        ),
      );
    } else {
      chosen = { user, service };
    }
  }
  return { user: chosen?.user ?? DEFAULT_VOLUME_USER, findings };
}

function dataVolumes(project: Project, planned: ReadonlyMap<string, PlannedService>): { volumes: Record<string, DataVolume>; findings: SupportFinding[] } {
  const users = new Map<string, { service: string; mount: DataMount }[]>();
  const sources = new Map<string, DataSource>();
  for (const [service, { storage, sources: own }] of planned) {
    for (const mount of storage.data) users.set(mount.volume, [...(users.get(mount.volume) ?? []), { service, mount }]);
    for (const [key, source] of own) sources.set(key, source);
  }
  const volumes: Record<string, DataVolume> = {};
  const findings: SupportFinding[] = [];
  for (const key of [...sources.keys()].sort()) {
    const source = sources.get(key)!;
    const declared = source.kind === 'volume' ? project.volumes[source.name] : undefined;
    const external = declared?.external === true ? externalVolumeRef(declared.name) : undefined;
    const owner = volumeUser(project, users.get(key) ?? []);
    findings.push(...owner.findings);
    volumes[key] = { key, source, ...(external ? { external } : {}), directory: directoryOf(source, key), user: owner.user };
  }
  return { volumes, findings };
}

const plans = new WeakMap<Project, { plan: StoragePlan; findings: SupportFinding[] }>();

/** The storage plan of the project and its findings, made once per project (the files of the project are read once). */
export function planStorage(project: Project): { plan: StoragePlan; findings: SupportFinding[] } {
  const known = plans.get(project);
  if (known) return known;
  const planned = new Map(
    Object.keys(project.services)
      .sort()
      .map((name) => [name, planService(project, project.services[name]!)] as const),
  );
  const data = dataVolumes(project, planned);
  const made = {
    plan: { services: Object.fromEntries([...planned].map(([name, p]) => [name, p.storage])), volumes: data.volumes },
    findings: [...[...planned.values()].flatMap((p) => p.findings), ...data.findings],
  };
  plans.set(project, made);
  return made;
}
