/**
 * The ARNs a secret is named by, as ECS reads them and IAM grants them: a Secrets Manager
 * `ValueFrom` may carry a JSON key, version stage and version ID after the secret's ARN, and
 * the secret's own ARN ends in a hyphen and 6 random characters, which a partial ARN leaves
 * out. Secrets Manager takes a name that ends in a hyphen and 6 characters for a complete ARN
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen),
 * and so does this module.
 */

/** `arn:aws:kms:REGION:ACCOUNT:key/ID`: what an IAM policy can grant kms:Decrypt on (an alias it cannot). */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

const RANDOM_SUFFIX = /-[A-Za-z0-9]{6}$/;

export interface SecretResource {
  /** The ARN of the secret or parameter itself (a Secrets Manager JSON key and versions cut off). */
  arn: string;
  /** A Secrets Manager ARN without its random suffix. */
  partial: boolean;
}

/** `arn:...:secret:name-AbCdEf:json-key::` is the secret `arn:...:secret:name-AbCdEf`; an SSM parameter ARN is itself. */
export function secretResource(valueFrom: string): SecretResource {
  if (!valueFrom.includes(':secretsmanager:')) return { arn: valueFrom, partial: false };
  const parts = valueFrom.split(':');
  return { arn: parts.slice(0, 7).join(':'), partial: !RANDOM_SUFFIX.test(parts[6] ?? '') };
}
