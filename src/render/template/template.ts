import type { Resource } from './cfn.js';
import { cfnYaml } from './yaml-emitter.js';

export interface Parameter {
  Type: string;
  Description?: string;
  Default?: string;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  ConstraintDescription?: string;
  MinLength?: number;
  MaxLength?: number;
  MinValue?: number;
  MaxValue?: number;
  NoEcho?: boolean;
}

export interface Output {
  Description?: string;
  Value: unknown;
  Export?: unknown;
  Condition?: string;
}

/**
 * A CloudFormation template under construction. Sections are written in sorted order.
 * Each resource and output may have an owner (a compose service, `gateway:<name>`,
 * `mesh:<name>`): what must stay together when a large project is split into nested
 * stacks. Unowned ones are shared (the network, the cluster, namespaces, the mesh).
 */
export class Template {
  readonly resources = new Map<string, Resource>();
  readonly parameters = new Map<string, Parameter>();
  /** Conditions of the x-cloudformation overlay (the render itself writes none). */
  readonly conditions = new Map<string, unknown>();
  readonly outputs = new Map<string, Output>();
  /** Owner of each owned resource and output, by logical ID. */
  readonly owners = new Map<string, string>();
  private owner: string | undefined;
  /** The JSON of the template as it is, until a resource, parameter or output is added. */
  private json: Record<string, unknown> | undefined;

  constructor(readonly description: string) {}

  /** Runs `build` with every resource and output it adds owned by `owner`. */
  owning<T>(owner: string, build: () => T): T {
    const previous = this.owner;
    this.owner = owner;
    try {
      return build();
    } finally {
      this.owner = previous;
    }
  }

  add(id: string, resource: Resource): string {
    if (this.resources.has(id)) throw new Error(`duplicate logical ID ${id}`);
    this.json = undefined;
    this.resources.set(id, resource);
    if (this.owner !== undefined) this.owners.set(id, this.owner);
    return id;
  }

  parameter(id: string, parameter: Parameter): string {
    this.json = undefined;
    this.parameters.set(id, parameter);
    return id;
  }

  output(id: string, output: Output): void {
    this.json = undefined;
    this.outputs.set(id, output);
    if (this.owner !== undefined) this.owners.set(id, this.owner);
  }

  /**
   * The template as plain JSON data: intrinsics in long form, sections sorted by logical ID.
   * Built once (the files, the split and the review of a render share it), so it is read, never changed.
   */
  toJSON(): Record<string, unknown> {
    this.json ??= this.build();
    return this.json;
  }

  private build(): Record<string, unknown> {
    const sorted = <T>(map: Map<string, T>): Record<string, T> =>
      Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const out: Record<string, unknown> = { AWSTemplateFormatVersion: '2010-09-09', Description: this.description };
    if (this.parameters.size > 0) out['Parameters'] = sorted(this.parameters);
    if (this.conditions.size > 0) out['Conditions'] = sorted(this.conditions);
    out['Resources'] = sorted(this.resources);
    if (this.outputs.size > 0) out['Outputs'] = sorted(this.outputs);
    return plainJson(out, '') as Record<string, unknown>;
  }
}

/** JSON text, two-space indented, newline-terminated. */
export function templateJson(template: Template): string {
  return jsonText(template.toJSON());
}

/**
 * YAML text with short-form intrinsics (`!Ref`, `!GetAtt A.B`, `!Sub`, `!If`...). Written
 * as YAML 1.1, so strings that a 1.1 reader would take for dates or booleans are quoted.
 */
export function templateYaml(template: Template): string {
  return yamlText(template.toJSON());
}

/** templateJson of a template already in its JSON form. */
export function jsonText(template: Record<string, unknown>): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** templateYaml of a template already in its JSON form. */
export function yamlText(template: Record<string, unknown>): string {
  return cfnYaml(template);
}

/**
 * A deep copy of `value` as `JSON.parse(JSON.stringify(value))` makes it, without the text
 * in between (about half the time): `toJSON(key)` applied (cloudform's intrinsics become
 * their long form), undefined, functions and symbols dropped from objects and written as
 * null in arrays, non-finite numbers as null, -0 as 0, boxed primitives unboxed, BigInt
 * refused. (A cycle overflows the stack rather than throwing JSON.stringify's TypeError.)
 */
function plainJson(value: unknown, key: string | number): unknown {
  let v = value;
  if (typeof v === 'object' && v !== null) {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (key: string) => unknown).call(v, String(key));
  } else if (typeof v === 'bigint') {
    const toJSON = (BigInt.prototype as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (key: string) => unknown).call(v, String(key));
  }
  if (typeof v === 'object' && v !== null) {
    if (v instanceof Number) v = Number(v);
    else if (v instanceof String) v = String(v);
    else if (v instanceof Boolean) v = v.valueOf();
    else if (typeof BigInt !== 'undefined' && v instanceof BigInt) v = v.valueOf();
  }
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      if (v === null) return null;
      break;
    default:
      return undefined;
  }
  if (Array.isArray(v)) {
    const list: unknown[] = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const item = plainJson(v[i], i);
      list[i] = item === undefined ? null : item;
    }
    return list;
  }
  const object: Record<string, unknown> = {};
  const record = v as Record<string, unknown>;
  for (const k in record) {
    if (!Object.hasOwn(record, k)) continue;
    const item = plainJson(record[k], k);
    if (item === undefined) continue;
    if (k === '__proto__') Object.defineProperty(object, k, { value: item, enumerable: true, writable: true, configurable: true });
    else object[k] = item;
  }
  return object;
}
