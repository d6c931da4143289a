import type { Finding } from './finding.js';
import { allStatements } from './iam-policies.js';
import { resolveText, unjudgeable } from './resolve-text.js';
import type { TemplateView } from './template-view.js';

/** The hyphen and six random characters Secrets Manager adds to the name in a secret's ARN. */
const RANDOM_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * The secret name of a Secrets Manager ARN, `arn:aws:secretsmanager:region:account:secret:name`,
 * as ECS also takes it with `:json-key:version-stage:version-id` after it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html);
 * undefined for anything else, or a name the rules cannot judge (a wildcard, an intrinsic).
 */
function secretName(resolved: string): string | undefined {
  const parts = resolved.split(':');
  if (parts[0] !== 'arn' || parts[2] !== 'secretsmanager' || parts[5] !== 'secret' || parts.length > 10) return undefined;
  const name = parts[6];
  return name === undefined || name === '' || /[*?]/.test(name) || unjudgeable(name) ? undefined : name;
}

/** What the ARN is without its `:json-key:version-stage:version-id`. */
function secretArn(resolved: string): string {
  return resolved.split(':').slice(0, 7).join(':');
}

/**
 * Rule secret-arn-suffix: an IAM statement on a Secrets Manager secret names it with the six
 * random characters of its ARN (`name-AbCdEf`) or a wildcard (`name-??????`). The secret's
 * real ARN always ends with them, so a statement on the ARN without them allows nothing, and
 * ECS cannot read the secret with the task execution role
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources).
 * A container's `ValueFrom` may be the partial ARN: Secrets Manager matches it to the one secret
 * of that name (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
 */
export function checkSecretArns(view: TemplateView): Finding[] {
  const findings: Finding[] = [];
  for (const { resource, path, statement } of allStatements(view)) {
    const resources = statement['Resource'];
    const list = Array.isArray(resources) ? resources : [resources];
    list.forEach((arn, index) => {
      const resolved = resolveText(arn, view);
      const name = secretName(resolved);
      if (name === undefined || RANDOM_SUFFIX.test(name)) return;
      findings.push({
        rule: 'secret-arn-suffix',
        resource: resource.id,
        path: Array.isArray(resources) ? `${path}.Resource[${index}]` : `${path}.Resource`,
        message: `an IAM statement names the secret "${name}" by an ARN without the six random characters Secrets Manager adds to it (${secretArn(resolved)}), so it never matches the secret and ECS cannot read it when the task starts.`,
        fix: `Name the secret's full ARN (aws secretsmanager describe-secret --secret-id ${name}), or end it with "${name}-??????".`,
      });
    });
  }
  return findings;
}
