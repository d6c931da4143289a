import { Document, Scalar, type Node } from 'yaml';
import type { Resource } from './cfn.js';

export interface Parameter {
  Type: string;
  Description: string;
  Default?: string;
  AllowedValues?: string[];
}

export interface Output {
  Description: string;
  Value: unknown;
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
  readonly outputs = new Map<string, Output>();
  /** Owner of each owned resource and output, by logical ID. */
  readonly owners = new Map<string, string>();
  private owner: string | undefined;

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
    this.resources.set(id, resource);
    if (this.owner !== undefined) this.owners.set(id, this.owner);
    return id;
  }

  parameter(id: string, parameter: Parameter): string {
    this.parameters.set(id, parameter);
    return id;
  }

  output(id: string, output: Output): void {
    this.outputs.set(id, output);
    if (this.owner !== undefined) this.owners.set(id, this.owner);
  }

  /** The template as plain JSON data: intrinsics in long form, sections sorted by logical ID. */
  toJSON(): Record<string, unknown> {
    const sorted = <T>(map: Map<string, T>): Record<string, T> =>
      Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const out: Record<string, unknown> = { AWSTemplateFormatVersion: '2010-09-09', Description: this.description };
    if (this.parameters.size > 0) out['Parameters'] = sorted(this.parameters);
    out['Resources'] = sorted(this.resources);
    if (this.outputs.size > 0) out['Outputs'] = sorted(this.outputs);
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  }
}

/** JSON text, two-space indented, newline-terminated. */
export function templateJson(template: Template): string {
  return `${JSON.stringify(template.toJSON(), null, 2)}\n`;
}

/**
 * YAML text with short-form intrinsics (`!Ref`, `!GetAtt A.B`, `!Sub`, `!If`...). Written
 * as YAML 1.1, so strings that a 1.1 reader would take for dates or booleans are quoted.
 */
export function templateYaml(template: Template): string {
  const doc = new Document(null, { version: '1.1' });
  doc.contents = shortForm(doc, template.toJSON());
  return doc.toString({ lineWidth: 0 });
}

function shortForm(doc: Document, value: unknown): Node {
  if (Array.isArray(value)) return doc.createNode(value.map((v) => shortForm(doc, v)), { aliasDuplicateObjects: false });
  if (typeof value !== 'object' || value === null) return doc.createNode(value);
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && isIntrinsic(first[0]) && !isIntrinsicObject(first[1])) {
    return tagged(doc, first[0], first[1]);
  }
  const map = doc.createNode({}, { aliasDuplicateObjects: false });
  for (const [k, v] of entries) (map as { add: (pair: unknown) => void }).add(doc.createPair(k, shortForm(doc, v)));
  return map;
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

/** YAML cannot stack two tags (`!Base64 !Sub x`): an intrinsic of an intrinsic keeps its long key. */
function isIntrinsicObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && isIntrinsic(keys[0] ?? '');
}

function tagged(doc: Document, key: string, payload: unknown): Node {
  const name = key === 'Ref' ? 'Ref' : key.slice('Fn::'.length);
  const getAttShort = name === 'GetAtt' && Array.isArray(payload) && payload.every((p) => typeof p === 'string');
  const node = getAttShort
    ? new Scalar((payload as string[]).join('.'))
    : shortForm(doc, payload);
  node.tag = `!${name}`;
  return node;
}
