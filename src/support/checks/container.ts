/** The value checks of the container keys: cap_add and ipc. */
import { DOCKER_DEFAULT_CAPABILITIES, fargateCanHave, FARGATE_ADDABLE_CAPABILITY } from '../capabilities.js';
import { finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

/** A capability beyond Docker's default set is an error unless it is SYS_PTRACE, the only one Fargate adds. */
export function checkCapAdd({ service, at }: Scope): SupportFinding[] {
  return service.cap_add.flatMap((capability, i) =>
    fargateCanHave(capability)
      ? []
      : [
          finding(
            'error',
            'E_CAP_ADD',
            [...at, 'cap_add', i],
            `Fargate cannot add the capability ${capability}: containers get Docker's default set (${DOCKER_DEFAULT_CAPABILITIES.join(', ')}), and only ${FARGATE_ADDABLE_CAPABILITY} can be added to it.`,
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
