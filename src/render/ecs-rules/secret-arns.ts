import type { Finding } from './finding.js';
import { allStatements } from './iam-policies.js';
import { resolveText, unjudgeable } from './resolve-text.js';
import { isObject } from '../template/json-object.js';
import { label, objectsOf, type TemplateView } from './template-view.js';

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
 * Rule secret-arn-suffix: a Secrets Manager secret named by ARN carries the six random
 * characters of its ARN (`name-AbCdEf`). The secret's real ARN always ends with them, so an
 * IAM statement on the ARN without them allows nothing, and ECS cannot read the secret with
 * the task execution role: name it in full, or with the wildcard `name-??????`
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources).
 * Checked in containers' Secrets and log SecretOptions (ValueFrom), and in the Resource of
 * every IAM statement of the template.
 */
export function checkSecretArns(view: TemplateView): Finding[] {
  const findings: Finding[] = [];
  const judge = (resource: string, path: string, value: unknown, where: string, policy = false): void => {
    const resolved = resolveText(value, view);
    const name = secretName(resolved);
    if (name === undefined || RANDOM_SUFFIX.test(name)) return;
    findings.push({
      rule: 'secret-arn-suffix',
      resource,
      path,
      message: `${where} names the secret "${name}" by an ARN without the six random characters Secrets Manager adds to it (${secretArn(resolved)}), so the IAM permission to read it never matches and ECS cannot read the secret when the task starts.`,
      fix: policy
        ? `Name the secret's full ARN (aws secretsmanager describe-secret --secret-id ${name}), or end it with "${name}-??????".`
        : `Use the secret's full ARN, "${name}-" and six characters (aws secretsmanager describe-secret --secret-id ${name}; compose: the secret's name:).`,
    });
  };
  for (const task of view.taskDefinitions) {
    for (const container of task.containers) {
      for (const [index, secret] of objectsOf(container.definition['Secrets'])) {
        judge(task.resource.id, `${container.path}.Secrets[${index}].ValueFrom`, secret['ValueFrom'], `the variable ${String(secret['Name'] ?? index)} of container ${label(container)}`);
      }
      const logging = container.definition['LogConfiguration'];
      for (const [index, secret] of objectsOf(isObject(logging) ? logging['SecretOptions'] : undefined)) {
        judge(task.resource.id, `${container.path}.LogConfiguration.SecretOptions[${index}].ValueFrom`, secret['ValueFrom'], `a log option secret of container ${label(container)}`);
      }
    }
  }
  for (const { resource, path, statement } of allStatements(view)) {
    const resources = statement['Resource'];
    const list = Array.isArray(resources) ? resources : [resources];
    list.forEach((arn, index) => {
      judge(resource.id, Array.isArray(resources) ? `${path}.Resource[${index}]` : `${path}.Resource`, arn, 'an IAM statement', true);
    });
  }
  return findings;
}
