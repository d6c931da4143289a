/** How the review reads values of a template's JSON: references, objects, lists. */

type Json = Record<string, unknown>;

/** A template value as a reviewer reads it: `{Ref: X}` -> X, `{Fn::GetAtt: [X, Arn]}` -> X.Arn, `{Fn::Sub: text}` -> text; lists joined by commas. */
export function readable(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(readable).join(', ');
  const o = obj(value);
  if (typeof o['Ref'] === 'string') return o['Ref'];
  const getAtt = o['Fn::GetAtt'];
  if (getAtt !== undefined) return Array.isArray(getAtt) ? getAtt.map(readable).join('.') : readable(getAtt);
  const sub = o['Fn::Sub'];
  if (sub !== undefined) return readable(Array.isArray(sub) ? sub[0] : sub);
  return JSON.stringify(value) ?? '';
}

/** The logical ID a `Ref` or `Fn::GetAtt` points at ('' for anything else). */
export function refId(value: unknown): string {
  const o = obj(value);
  const getAtt = o['Fn::GetAtt'];
  const target = o['Ref'] ?? (Array.isArray(getAtt) ? getAtt[0] : undefined);
  return typeof target === 'string' ? target : '';
}

export function props(resource: Json | undefined): Json {
  return obj(resource?.['Properties']);
}

export function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
