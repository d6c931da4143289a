/**
 * Linux capabilities on Fargate. A container starts with Docker's default set (moby's
 * oci/caps/defaults.go), and Fargate lets a task definition add only SYS_PTRACE to it (ECS
 * KernelCapabilities), so `cap_add` of a capability of the default set needs nothing, and
 * `cap_drop: [ALL]` with `cap_add` of some defaults becomes a Drop of the other defaults.
 */

/** Docker's default capabilities, in moby's order. */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

/** The only capability a Fargate task definition may add. */
export const FARGATE_ADDABLE_CAPABILITY = 'SYS_PTRACE';

/** `cap_chown` -> `CHOWN`: the name ECS takes. */
function capabilityName(written: string): string {
  return written.toUpperCase().replace(/^CAP_/, '');
}

/** Whether a container on Fargate can have the capability: one of Docker's defaults, or SYS_PTRACE. */
export function fargateCanHave(capability: string): boolean {
  const name = capabilityName(capability);
  return name === FARGATE_ADDABLE_CAPABILITY || DOCKER_DEFAULT_CAPABILITIES.includes(name);
}

/**
 * The ECS KernelCapabilities of a container that ends with the capabilities Docker gives it for
 * `cap_add` and `cap_drop` (drop first, then add): Add holds only SYS_PTRACE; re-adding a
 * default after `cap_drop: [ALL]` drops the other defaults instead. Every capability of
 * `add` is one Fargate can have (the support stage refuses the others).
 */
export function kernelCapabilities(add: readonly string[], drop: readonly string[]): { Add?: string[]; Drop?: string[] } {
  const added = [...new Set(add.map(capabilityName))];
  const dropped = [...new Set(drop.map(capabilityName))];
  const extra = added.includes(FARGATE_ADDABLE_CAPABILITY) ? [FARGATE_ADDABLE_CAPABILITY] : [];
  const kept = added.filter((c) => DOCKER_DEFAULT_CAPABILITIES.includes(c));
  const removed = dropped.includes('ALL')
    ? kept.length === 0
      ? ['ALL']
      : DOCKER_DEFAULT_CAPABILITIES.filter((c) => !kept.includes(c))
    : dropped.filter((c) => !added.includes(c));
  return { ...(extra.length > 0 ? { Add: extra } : {}), ...(removed.length > 0 ? { Drop: removed } : {}) };
}
