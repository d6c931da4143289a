/** The value checks of the container keys: cap_add and ipc. */
import { finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

/** The only capability Fargate lets a container add. */
const FARGATE_CAPABILITY = 'SYS_PTRACE';

export function checkCapAdd({ service, at }: Scope): SupportFinding[] {
  return service.cap_add.flatMap((capability, i) =>
    capability.toUpperCase().replace(/^CAP_/, '') === FARGATE_CAPABILITY
      ? []
      : [
          finding(
            'error',
            'E_CAP_ADD',
            [...at, 'cap_add', i],
            `Fargate cannot add the capability ${capability}, only ${FARGATE_CAPABILITY}.`,
            `Remove ${capability}, and run the process without it.`,
          ),
        ],
  );
}

/** ipc modes that merely ask for a namespace of the container's own, as Fargate gives. */
const PRIVATE_IPC_MODES: readonly string[] = ['private', 'shareable', 'none'];

export function checkIpc({ at, value }: Scope): SupportFinding[] {
  const mode = String(value);
  const path = [...at, 'ipc'];
  if (PRIVATE_IPC_MODES.includes(mode)) {
    return [
      finding('warning', 'W_IGNORED_KEY', path, `Fargate does not support IPC modes; ${mode} is ignored.`, 'Remove ipc.'),
    ];
  }
  return [
    finding(
      'error',
      'E_UNSUPPORTED_KEY',
      path,
      `Fargate tasks cannot share an IPC namespace (${mode}).`,
      'Remove ipc, and exchange data over the network.',
    ),
  ];
}
