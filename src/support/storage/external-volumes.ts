/**
 * `external: true` volumes name an existing Amazon EFS file system, as Docker's ECS integration
 * read them (`name: fs-...`), or one of its access points (`name: fs-.../fsap-...`): compose-x
 * mounts it, and neither creates nor deletes it.
 */

const EXTERNAL_NAME = /^(fs-[0-9a-f]{8,40})(?:\/(fsap-[0-9a-f]{8,40}))?$/;

/** The file system (and access point) an external volume's name gives; undefined for any other name. */
export function externalVolumeRef(name: string): { fileSystemId: string; accessPointId?: string } | undefined {
  const match = EXTERNAL_NAME.exec(name);
  if (!match?.[1]) return undefined;
  return { fileSystemId: match[1], ...(match[2] ? { accessPointId: match[2] } : {}) };
}
