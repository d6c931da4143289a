/**
 * Secrets in the wrong place: a variable whose name says it holds a secret, or a file of
 * variables named like one, would be written in plain text into the template and the task
 * definition, where anyone who can read the stack or describe the task reads it. ECS reads
 * secrets from AWS at task start instead (secrets:, docs/rendering.md).
 */
import path from 'node:path';
import { namedLikeSecrets } from '../../parser/interpolation/dotenv.js';
import { SECRET_INSTEAD } from '../keys/storage.js';
import { finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

/** Names of variables that hold a secret: *PASSWORD*, *SECRET*, *TOKEN*, *_KEY, *CREDENTIALS*... */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|(^|_)KEY$|PRIVATE_?KEY/i;
/** The `_FILE` convention names a file that holds the secret, not the secret. */
const POINTS_TO_A_FILE = /_FILE$/i;
/** Values that switch something on or off, not secrets (ALLOW_EMPTY_PASSWORD: "yes"). */
const SWITCH = /^(yes|no|true|false|on|off|0|1|)$/i;

const PLAIN_TEXT = 'would be written in plain text into the template and the task definition, where anyone who can read the stack or describe the task can read it';

/** The variables of `environment` that look like secrets, and have a value to leak. */
export function checkEnvironment({ service, at }: Scope): SupportFinding[] {
  return Object.entries(service.environment)
    .filter(([name, value]) => SECRET_NAME.test(name) && !POINTS_TO_A_FILE.test(name) && value !== null && !SWITCH.test(value.trim()))
    .map(([name]) => finding('warning', 'W_SECRET_IN_ENVIRONMENT', [...at, 'environment', name], `${name} looks like a secret, and its value ${PLAIN_TEXT}.`, SECRET_INSTEAD));
}

/** The env_file entries whose name says they hold secrets. */
export function checkEnvFile({ service, at }: Scope): SupportFinding[] {
  return (service.env_file ?? []).flatMap((file, i) =>
    namedLikeSecrets(file.path)
      ? [finding('warning', 'W_SECRET_ENV_FILE', [...at, 'env_file', i], `${path.basename(file.path)} is named like a file of secrets, and each of its variables ${PLAIN_TEXT}.`, SECRET_INSTEAD)]
      : [],
  );
}
