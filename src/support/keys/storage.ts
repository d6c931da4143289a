import type { ComposeKeySupport } from './key-support.js';

/** What to do instead of a secret ECS cannot read; the secret checks say it too. */
export const SECRET_INSTEAD =
  'Store the value in AWS Secrets Manager (aws secretsmanager create-secret --name NAME --secret-string file://...) ' +
  'or SSM Parameter Store, and declare the secret with external: true and name: its ARN ' +
  '(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX).';

/** The rows of COMPOSE_KEYS for volumes, secrets and configs: files in the container. */
export const STORAGE_KEYS: readonly ComposeKeySupport[] = [
  {
    key: 'configs',
    treatment: 'partial',
    ecs:
      'Written in the container as a file that travels with the deployment, as a bind mount of a file is: the ' +
      "config's file: (a file of the project), content: or environment: (the variable's value) at target, with " +
      'mode (default 0444), uid and gid. A target at / (the default /<config>), an external config and a file ' +
      'outside the project are errors.',
    instead: 'Give the config a target: in a directory the app reads (e.g. target: /etc/app/app.conf).',
  },
  {
    key: 'secrets',
    treatment: 'partial',
    ecs:
      'ContainerDefinitions[].Secrets with ValueFrom = the ARN of an external secret (an environment ' +
      'variable in the container). A secret from file:, environment: or content:, or whose name is ' +
      'not an ARN, is an error; uid, gid and mode are ignored with a warning.',
    instead: SECRET_INSTEAD,
  },
  {
    key: 'tmpfs',
    treatment: 'partial',
    ecs:
      "A directory of the task's ephemeral storage at each path (on disk, not in memory), emptied when the task " +
      'stops, as for volumes of type tmpfs; the size and mode are ignored, with a warning.',
    instead: 'Keep only temporary files there.',
  },
  {
    key: 'volumes',
    treatment: 'partial',
    ecs:
      'A bind mount of a file of the project, or a read-only one of a directory of the project, travels with the ' +
      "deployment (at most 32 KiB of files per service, in its task definition): an init container running the service's " +
      "image with sh -c copies the image's own directory into a task volume, writes the files over it, and the app " +
      'container mounts it there (a warning says the image needs a shell). A named volume, or a writable bind of a ' +
      "directory (whose current content is not copied, warning), is kept on Amazon EFS: an access point of the project's " +
      'encrypted, backed-up file system, kept when the stack is deleted; external: true names an existing file system ' +
      '(name: fs-ID, or fs-ID/fsap-ID). Anonymous volumes, tmpfs and local volumes with driver_opts type: tmpfs are task ' +
      'ephemeral storage (warning). Paths outside the project, sockets (docker.sock), files over the limit, private keys, ' +
      'images without a shell, a volume subpath, npipe, cluster and image mounts are errors.',
    instead:
      'Mount files read-only (:ro) from the project; bake larger files into the image, and keep keys in AWS Secrets Manager (secrets:).',
  },
  {
    key: 'volumes_from',
    treatment: 'error',
    ecs: 'Containers of different ECS services cannot share volumes.',
    instead: 'Bake the files into each image, or share them through a managed service (e.g. Amazon S3).',
  },
];
