import { createHash } from 'node:crypto';

/**
 * The S3 key of a template body, root or nested: `compose-x/<stack>/<sha256 of the body,
 * first 16 hex digits>.<yaml|json>`. The same body always gets the same key, so the
 * renderer writes a nested template's TemplateURL before `up` uploads it, and uploading the
 * same body again is a no-op.
 */
export function templateKey(stack: string, body: string): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return `compose-x/${stack}/${hash}.${body.trimStart().startsWith('{') ? 'json' : 'yaml'}`;
}
