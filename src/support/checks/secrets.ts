/** The value check of secrets: only external secrets named by their ARN can be read by ECS. */
import type { TreePath } from '../../parser/diagnostics.js';
import { SECRET_INSTEAD } from '../keys/storage.js';
import { finding, type SupportFinding } from '../finding.js';
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
