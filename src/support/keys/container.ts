import type { ComposeKeySupport } from './key-support.js';
import { SECRET_INSTEAD } from './storage.js';

/** The rows of COMPOSE_KEYS for the container's process, user, privileges and namespaces. */
export const CONTAINER_KEYS: readonly ComposeKeySupport[] = [
  {
    key: 'cap_add',
    treatment: 'partial',
    ecs:
      "A capability of Docker's default set (CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, " +
      'SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE) needs nothing: containers on Fargate have ' +
      'it. SYS_PTRACE -> ContainerDefinitions[].LinuxParameters.Capabilities.Add; any other capability is an error, ' +
      'as Fargate adds no other.',
    instead: 'Remove the capabilities beyond the default set and SYS_PTRACE, and run the process without them.',
  },
  {
    key: 'cap_drop',
    treatment: 'rendered',
    ecs:
      'ContainerDefinitions[].LinuxParameters.Capabilities.Drop; with cap_drop: [ALL], the defaults cap_add gives ' +
      'back are kept by dropping the other defaults instead.',
  },
  { key: 'command', treatment: 'rendered', ecs: 'ContainerDefinitions[].Command' },
  {
    key: 'credential_spec',
    treatment: 'error',
    ecs: 'compose-x renders no gMSA credential specs, so the container would run without its Active Directory identity.',
    instead: 'Remove credential_spec, and give the app its credentials as a secret (secrets:).',
  },
  { key: 'entrypoint', treatment: 'rendered', ecs: 'ContainerDefinitions[].EntryPoint' },
  {
    key: 'env_file',
    treatment: 'parser',
    ecs:
      'Read by the parser and folded into environment (environment wins); a file named like one of secrets ' +
      '(secrets.env, db-password.env...) is a warning, since its values would be in the template in plain text.',
    instead: SECRET_INSTEAD,
  },
  {
    key: 'environment',
    treatment: 'partial',
    ecs:
      'ContainerDefinitions[].Environment (sorted by name). A variable named like a secret (*PASSWORD*, *SECRET*, ' +
      '*TOKEN*, *_KEY, *CREDENTIALS*; not *_FILE, not yes/no/true/false) is a warning: its value would be in the ' +
      "template and the task definition in plain text. A task definition over ECS's 64 KiB (the renderer measures it) is an error.",
    instead: SECRET_INSTEAD,
  },
  {
    key: 'group_add',
    treatment: 'warning',
    ecs: 'Fargate adds no supplementary groups to the container user; they are ignored.',
    instead: 'Add the user to the groups in the image (Dockerfile), or set user: uid:gid.',
  },
  { key: 'init', treatment: 'rendered', ecs: 'ContainerDefinitions[].LinuxParameters.InitProcessEnabled' },
  {
    key: 'ipc',
    treatment: 'error',
    ecs:
      'Fargate tasks share no IPC namespace: host, service:<name> and container:<name> are errors; ' +
      'private, shareable and none are ignored with a warning.',
    instead: 'Remove ipc, and exchange data over the network.',
  },
  {
    key: 'isolation',
    treatment: 'warning',
    ecs: 'A Windows isolation technology, ignored for Linux tasks on Fargate.',
    instead: 'Remove isolation.',
  },
  {
    key: 'pid',
    treatment: 'error',
    ecs: "Fargate tasks cannot share the host's or another service's PID namespace.",
    instead: 'Remove pid; run processes that must see each other in the same container.',
  },
  {
    key: 'privileged',
    treatment: 'error',
    ecs: 'Fargate does not run privileged containers.',
    instead: 'Remove privileged; the only capability Fargate can add is SYS_PTRACE (cap_add).',
  },
  { key: 'read_only', treatment: 'rendered', ecs: 'ContainerDefinitions[].ReadonlyRootFilesystem' },
  {
    key: 'runtime',
    treatment: 'warning',
    ecs: 'Fargate chooses the container runtime; the setting is ignored.',
    instead: 'Remove runtime.',
  },
  {
    key: 'security_opt',
    treatment: 'warning',
    ecs: 'Fargate does not support Docker security options (seccomp, AppArmor, SELinux, no-new-privileges); they are ignored.',
    instead: 'Remove security_opt; harden the container with user:, read_only: and cap_drop:.',
  },
  { key: 'stdin_open', treatment: 'rendered', ecs: 'ContainerDefinitions[].Interactive' },
  { key: 'sysctls', treatment: 'rendered', ecs: 'ContainerDefinitions[].SystemControls' },
  { key: 'tty', treatment: 'rendered', ecs: 'ContainerDefinitions[].PseudoTerminal' },
  {
    key: 'use_api_socket',
    treatment: 'error',
    ecs: 'Fargate has no Docker engine whose API the container could use.',
    instead: 'Call the AWS APIs (e.g. Amazon ECR, Amazon ECS) with the task role instead.',
  },
  { key: 'user', treatment: 'rendered', ecs: 'ContainerDefinitions[].User' },
  {
    key: 'userns_mode',
    treatment: 'warning',
    ecs: 'Fargate does not support user namespace modes; the mode is ignored.',
    instead: 'Remove userns_mode, and run as a non-root user with user:.',
  },
  {
    key: 'uts',
    treatment: 'error',
    ecs: "Fargate tasks cannot share the host's UTS namespace.",
    instead: "Remove uts; the task has a hostname of its own.",
  },
  { key: 'working_dir', treatment: 'rendered', ecs: 'ContainerDefinitions[].WorkingDirectory' },
];
