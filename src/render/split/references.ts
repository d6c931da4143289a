/**
 * References between resources in a template's JSON: `Ref`, `Fn::GetAtt`, `${...}` in
 * `Fn::Sub`. Splitting rewrites the ones that cross a stack boundary into parameters.
 */
import { createHash } from 'node:crypto';
import { LIMITS } from './limits.js';

/** A reference to a resource or parameter, with the attribute for GetAtt. */
export interface Reference {
  target: string;
  attribute?: string;
}

type Rewrite = (reference: Reference) => string | undefined;

const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getAttOf(payload: unknown): Reference | undefined {
  if (Array.isArray(payload) && typeof payload[0] === 'string' && typeof payload[1] === 'string') {
    return { target: payload[0], attribute: payload[1] };
  }
  if (typeof payload === 'string' && payload.includes('.')) {
    const at = payload.indexOf('.');
    return { target: payload.slice(0, at), attribute: payload.slice(at + 1) };
  }
  return undefined;
}

function subReference(name: string): Reference {
  const at = name.indexOf('.');
  return at < 0 ? { target: name } : { target: name.slice(0, at), attribute: name.slice(at + 1) };
}

/** Every reference a value makes (pseudo parameters included: the caller filters them). */
export function referencesIn(value: unknown, found: Reference[] = []): Reference[] {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
    return found;
  }
  if (!isObject(value)) return found;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const payload = value[key ?? ''];
    if (key === 'Ref' && typeof payload === 'string') {
      found.push({ target: payload });
      return found;
    }
    if (key === 'Fn::GetAtt') {
      const reference = getAttOf(payload);
      if (reference) found.push(reference);
      return found;
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(payload) ? payload : [payload, undefined];
      const local = new Set(isObject(variables) ? Object.keys(variables) : []);
      if (typeof text === 'string') {
        for (const match of text.matchAll(SUB_VARIABLE)) {
          const name = match[1] ?? '';
          if (!local.has(name)) found.push(subReference(name));
        }
      }
      if (isObject(variables)) referencesIn(variables, found);
      return found;
    }
  }
  for (const key of keys) referencesIn(value[key], found);
  return found;
}

/**
 * `value` where each reference `rewrite` maps to a name becomes `{Ref: name}` (in Fn::Sub:
 * `${name}`); the others are kept. What holds no rewritten reference is returned as it is
 * (the same object, not a copy), so only the paths to a change are new.
 */
export function rewriteReferences(value: unknown, rewrite: Rewrite): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => rewriteReferences(item, rewrite));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const payload = value[key ?? ''];
    if (key === 'Ref' && typeof payload === 'string') {
      const name = rewrite({ target: payload });
      return name ? { Ref: name } : value;
    }
    if (key === 'Fn::GetAtt') {
      const reference = getAttOf(payload);
      const name = reference ? rewrite(reference) : undefined;
      return name ? { Ref: name } : value;
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(payload) ? payload : [payload, undefined];
      const local = new Set(isObject(variables) ? Object.keys(variables) : []);
      const rewritten =
        typeof text === 'string'
          ? text.replace(SUB_VARIABLE, (whole, name: string) => (local.has(name) ? whole : `\${${rewrite(subReference(name)) ?? name}}`))
          : text;
      if (!Array.isArray(payload)) return rewritten === text ? value : { 'Fn::Sub': rewritten };
      const rewrittenVariables = rewriteReferences(variables, rewrite);
      return rewritten === text && rewrittenVariables === variables ? value : { 'Fn::Sub': [rewritten, rewrittenVariables] };
    }
  }
  const entries = keys.map((key) => [key, rewriteReferences(value[key], rewrite)] as const);
  return entries.every(([key, item]) => item === value[key]) ? value : Object.fromEntries(entries);
}

/** The output and parameter that carry a reference across stacks: `Svc0007SecurityGroupGroupId`. */
export function crossingName(ref: Reference): string {
  return shortName(`${ref.target}${ref.attribute ? ref.attribute.replace(/[^A-Za-z0-9]/g, '') : 'Ref'}`, LIMITS.outputName);
}

/** Names past a length limit keep a readable start and a hash of the whole. */
function shortName(name: string, limit: number): string {
  if (name.length <= limit) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8).toUpperCase();
  return `${name.slice(0, limit - hash.length)}${hash}`;
}
