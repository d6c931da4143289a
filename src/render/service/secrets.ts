import type { Service } from '../../parser/model.js';
import { secretResource } from '../../support/secret-arn.js';
import type { ContainerSecret } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a service's secrets take: the container's Secrets, and what its execution role must be granted. */
export interface ServiceSecrets {
  secrets: ContainerSecret[];
  /** The secret and parameter ARNs to read, a partial Secrets Manager ARN as `<arn>-??????`. */
  arns: string[];
  /** The customer managed KMS keys the secrets are encrypted with (x-kms-key). */
  kmsKeys: string[];
}

/**
 * A service's secrets as ECS injects them: environment variables whose value ECS reads
 * at start from Secrets Manager or SSM Parameter Store. The template holds only ARNs.
 * The variable is the secret's `target` when that is a variable name, else its source
 * name in upper case. checkComposeSupport has made sure every secret is named by an ARN.
 * ValueFrom is the ARN as written (ECS finds a secret by a partial ARN); the grant of a
 * partial ARN is `<arn>-??????`, which the complete ARN matches, as the Secrets Manager
 * guide writes policies (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html).
 * kms:Decrypt is needed only for a customer managed key, on that key's ARN
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 */
export function containerSecrets(ctx: RenderContext, service: Service): ServiceSecrets {
  const secrets: ContainerSecret[] = [];
  const arns = new Set<string>();
  const kmsKeys = new Set<string>();
  for (const ref of service.secrets) {
    const declared = ctx.project.secrets[ref.source];
    const valueFrom = declared?.name ?? ref.source;
    const variable = ref.target && ENV_NAME.test(ref.target) ? ref.target : ref.source.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    secrets.push({ Name: variable, ValueFrom: valueFrom });
    const { arn, partial } = secretResource(valueFrom);
    arns.add(partial ? `${arn}-??????` : arn);
    const key = declared?.extensions['x-kms-key'];
    if (typeof key === 'string') kmsKeys.add(key);
  }
  secrets.sort((a, b) => (String(a.Name) < String(b.Name) ? -1 : 1));
  return { secrets, arns: [...arns].sort(), kmsKeys: [...kmsKeys].sort() };
}
