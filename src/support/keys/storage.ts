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
    treatment: 'error',
    ecs: 'ECS has no config objects, so the files would be missing in the container.',
    instead: 'Bake the file into the image, or store its content as a secret in AWS Secrets Manager and use secrets:.',
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
    treatment: 'warning',
    ecs: "Fargate does not support tmpfs mounts; the paths stay on the container's writable layer.",
    instead: 'Remove tmpfs; with read_only: true, mount a named volume on the path so that it stays writable.',
  },
  {
    key: 'volumes',
    treatment: 'partial',
    ecs:
      'Named and anonymous volumes -> task ephemeral storage, with a warning that the data is lost ' +
      'when the task stops; a bind mount of a host path (or a local volume that binds one) and ' +
      'tmpfs, npipe, cluster and image mounts are errors.',
    instead:
      'Bake files into the image, and keep data that must survive in a managed service (e.g. Amazon RDS, Amazon S3).',
  },
  {
    key: 'volumes_from',
    treatment: 'error',
    ecs: 'Containers of different ECS services cannot share volumes.',
    instead: 'Bake the files into each image, or share them through a managed service (e.g. Amazon S3).',
  },
];
