import type { Service } from '../../parser/model.js';
import type { ContainerSecret } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A service's secrets as ECS injects them: environment variables whose value ECS reads
 * at start from Secrets Manager or SSM Parameter Store. The template holds only ARNs.
 * The variable is the secret's `target` when that is a variable name, else its source
 * name in upper case. checkComposeSupport has made sure every secret is named by an ARN.
 */
export function containerSecrets(ctx: RenderContext, service: Service): { secrets: ContainerSecret[]; arns: string[] } {
  const secrets: ContainerSecret[] = [];
  const arns = new Set<string>();
  for (const ref of service.secrets) {
    const arn = ctx.project.secrets[ref.source]?.name ?? ref.source;
    const variable = ref.target && ENV_NAME.test(ref.target) ? ref.target : ref.source.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    secrets.push({ Name: variable, ValueFrom: arn });
    arns.add(resourceArn(arn));
  }
  secrets.sort((a, b) => (String(a.Name) < String(b.Name) ? -1 : 1));
  return { secrets, arns: [...arns].sort() };
}

/** `arn:...:secret:name-AbCdEf:json-key::` names the secret `arn:...:secret:name-AbCdEf`. */
function resourceArn(valueFrom: string): string {
  return valueFrom.includes(':secretsmanager:') ? valueFrom.split(':').slice(0, 7).join(':') : valueFrom;
}
