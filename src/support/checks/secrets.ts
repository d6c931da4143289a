/** The value check of secrets: only external secrets named by their ARN can be read by ECS. */
import type { TreePath } from '../../parser/diagnostics.js';
import type { Project } from '../../parser/model.js';
import { SECRET_INSTEAD } from '../keys/storage.js';
import { finding, type SupportFinding } from '../finding.js';
import { KMS_KEY_ARN, secretResource } from '../secret-arn.js';
import { subKeyFindings, type SubKeyRule } from '../sub-keys.js';
import type { Scope } from '../value-check.js';

/** The ARN of a Secrets Manager secret or an SSM parameter, which ECS can read at task start. */
const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:(secret:|parameter\/)/;

const SECRET_FILE_RULE: Omit<SubKeyRule, 'path'> = {
  severity: 'warning',
  ecs: 'ECS passes secrets as environment variables, not files; the file setting is ignored.',
  instead: 'Remove it.',
};
const SECRET_REF_RULES: readonly SubKeyRule[] = ['gid', 'mode', 'uid'].map((key) => ({
  path: [key],
  ...SECRET_FILE_RULE,
}));

/** Top-level secret keys that hold the value itself, which would put it in the template. */
const SECRET_VALUE_SOURCES = ['content', 'environment', 'file'] as const;

function secretFindings(source: string, scope: Scope, at: TreePath): SupportFinding[] {
  const secret = scope.project.secrets[source];
  if (secret === undefined) return [];
  const from = SECRET_VALUE_SOURCES.find((key) => secret[key] !== undefined);
  if (from !== undefined) {
    return [
      finding('error', 'E_FILE_SECRET', at, `ECS reads secrets from AWS, not from the ${from} of "${source}".`, SECRET_INSTEAD),
    ];
  }
  if (SECRET_ARN.test(secret.name)) return [];
  return [
    finding(
      'error',
      'E_SECRET_NOT_ARN',
      at,
      `the secret "${source}" is named ${secret.name}, not by the ARN ECS needs to read it.`,
      SECRET_INSTEAD,
    ),
  ];
}

export function checkSecrets(scope: Scope): SupportFinding[] {
  return scope.service.secrets.flatMap((ref, i) => {
    const at = [...scope.at, 'secrets', i];
    return [...secretFindings(ref.source, scope, at), ...subKeyFindings(ref, at, SECRET_REF_RULES)];
  });
}

/**
 * The checks of each top-level secret a service uses, once per secret: a Secrets Manager ARN
 * without its random suffix is a warning (the execution roles are granted `<arn>-??????`), and
 * `x-kms-key`, the customer managed key the secret is encrypted with, must be a key ARN.
 */
export function checkSecretDefinitions(project: Project): SupportFinding[] {
  const used = new Set(Object.values(project.services).flatMap((service) => service.secrets.map((ref) => ref.source)));
  return [...used].sort().flatMap((source): SupportFinding[] => {
    const secret = project.secrets[source];
    if (secret === undefined || !SECRET_ARN.test(secret.name)) return [];
    const findings: SupportFinding[] = [];
    const { arn, partial } = secretResource(secret.name);
    if (partial) {
      findings.push(
        finding(
          'warning',
          'W_SECRET_ARN_SUFFIX',
          ['secrets', source, 'name'],
          `the ARN of the secret "${source}" has no suffix (the hyphen and 6 random characters Secrets Manager adds to a secret's ARN), so an IAM grant of it as written would match nothing: the execution roles may read ${arn}-?????? instead. ECS finds the secret by this partial ARN in the deploying account.`,
          'Name the secret by its complete ARN (aws secretsmanager describe-secret --secret-id NAME --query ARN) to grant exactly that secret; a secret of another account needs its complete ARN.',
        ),
      );
    }
    const key = secret.extensions['x-kms-key'];
    if (key !== undefined && (typeof key !== 'string' || !KMS_KEY_ARN.test(key))) {
      findings.push(
        finding(
          'error',
          'E_SECRET_KMS_KEY',
          ['secrets', source, 'x-kms-key'],
          `x-kms-key of the secret "${source}" is ${JSON.stringify(key)}, not the ARN of a KMS key: the execution roles are granted kms:Decrypt on the key's ARN, which an alias or key ID does not name.`,
          'Give the ARN of the customer managed key the secret is encrypted with (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID: aws kms describe-key --key-id alias/NAME --query KeyMetadata.Arn), or remove x-kms-key when the secret uses the AWS managed key.',
        ),
      );
    }
    return findings;
  });
}
