/**
 * A render read back from its template files: the resources of the root and the nested
 * stacks by logical ID, with the references a split turned into nested-stack parameters read
 * as the references they stand for, and the service each resource belongs to.
 */
import { ComposeXError } from '../../parser/diagnostics.js';
import { isObject, type JsonObject } from '../../render/template/json-object.js';
import { isTemplateFile } from '../../render/files.js';
import { parseTemplate } from '../../render/template/parse-template.js';

const NESTED_STACK = 'AWS::CloudFormation::Stack';
export const SERVICE = 'AWS::ECS::Service';
export const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
export const ROLE = 'AWS::IAM::Role';
export const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
export const INGRESS = 'AWS::EC2::SecurityGroupIngress';
const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;

/** A resource of a render: its type, its properties, and its declaration without DependsOn (what is compared). */
export interface Resource {
  type: string;
  properties: JsonObject;
  declaration: JsonObject;
}

export type Resources = ReadonlyMap<string, Resource>;

/** A render read once, with what the sections need to name things. */
export interface Render {
  resources: Resources;
  /** Service name by ECS service logical ID. */
  services: ReadonlyMap<string, string>;
  /** Service name by the logical ID of its task definition, and of the roles that task definition uses. */
  serviceOf: ReadonlyMap<string, string>;
  /** Service name by the logical ID of a security group that only that service uses. */
  groupOwner: ReadonlyMap<string, string>;
}

export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
export const objectAt = (value: unknown): JsonObject => (isObject(value) ? value : {});

/** Code-point order, for sorting deterministically whatever the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Templates by file name, parameter files left out; a file that is not a template is an error. */
function readTemplates(files: Record<string, string>): Map<string, JsonObject> {
  const templates = new Map<string, JsonObject>();
  for (const name of Object.keys(files).sort(compareText)) {
    if (!isTemplateFile(name)) continue;
    const { template, problems } = parseTemplate(files[name] ?? '');
    if (!isObject(template) || !isObject(template['Resources'])) {
      throw new ComposeXError('E_DIFF_TEMPLATE', `${name} cannot be read as a template: ${problems[0] ?? 'it has no Resources'}.`);
    }
    templates.set(name, template);
  }
  return templates;
}

/** The nested stack written to each nested template (`Services03Stack` -> `<project>.services03.yaml`), by file name. */
function nestedStacks(templates: ReadonlyMap<string, JsonObject>): Map<string, { id: string; parameters: JsonObject }> {
  const fileOf = new Map<string, string>();
  for (const name of templates.keys()) {
    const parts = name.split('.');
    if (parts.length >= 3) fileOf.set(parts[parts.length - 2] ?? '', name);
  }
  const stacks = new Map<string, { id: string; parameters: JsonObject }>();
  for (const template of templates.values()) {
    for (const [id, declaration] of Object.entries(objectAt(template['Resources']))) {
      const file = fileOf.get(id.replace(/Stack$/, '').toLowerCase());
      if (objectAt(declaration)['Type'] !== NESTED_STACK || file === undefined) continue;
      stacks.set(file, { id, parameters: objectAt(objectAt(objectAt(declaration)['Properties'])['Parameters']) });
    }
  }
  return stacks;
}

/** What a nested stack parameter stands for: another nested stack's output is that output's value; a joined list is the list. */
function parameterValue(value: unknown, outputsOf: (stack: string) => JsonObject): unknown {
  const getAtt = objectAt(value)['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[1] === 'string' && getAtt[1].startsWith('Outputs.')) {
    const output = objectAt(outputsOf(String(getAtt[0]))[getAtt[1].slice('Outputs.'.length)]);
    return 'Value' in output ? output['Value'] : value;
  }
  const join = objectAt(value)['Fn::Join'];
  if (Array.isArray(join) && join[0] === ',' && isObject(join[1]) && 'Ref' in join[1]) return join[1];
  return value;
}

/** A reference as Fn::Sub writes it: `X` for Ref X, `X.Y` for GetAtt X.Y (either form); undefined for other values. */
function referenceText(value: unknown): string | undefined {
  const { Ref: ref, 'Fn::GetAtt': getAtt } = objectAt(value);
  if (typeof ref === 'string') return ref;
  return Array.isArray(getAtt) ? getAtt.join('.') : typeof getAtt === 'string' ? getAtt : undefined;
}

/** The resource (or parameter) a Ref or GetAtt points to; undefined for other values. */
export function referenceTarget(value: unknown): string | undefined {
  return referenceText(value)?.split('.')[0];
}

/** `value` with each Ref to a parameter (and each `${parameter}` of a Fn::Sub) replaced by what the parameter stands for. */
function substitute(value: unknown, parameters: ReadonlyMap<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, parameters));
  if (!isObject(value)) return value;
  const ref = value['Ref'];
  if (typeof ref === 'string' && parameters.has(ref)) return parameters.get(ref);
  const sub = value['Fn::Sub'];
  if (sub !== undefined && Object.keys(value).length === 1) {
    const [text, variables] = Array.isArray(sub) ? sub : [sub, undefined];
    const replace = (whole: string, name: string): string => {
      const variable = parameters.has(name) ? referenceText(parameters.get(name)) : undefined;
      return variable === undefined ? whole : `\${${variable}}`;
    };
    const substituted = typeof text === 'string' ? text.replace(SUB_VARIABLE, replace) : text;
    return { 'Fn::Sub': Array.isArray(sub) ? [substituted, substitute(variables, parameters)] : substituted };
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, parameters)]));
}

/** The resources of all the templates of a render, by logical ID, nested stacks read through. */
function readResources(files: Record<string, string>): Map<string, Resource> {
  const templates = readTemplates(files);
  const nested = nestedStacks(templates);
  const stackIds = new Set([...nested.values()].map((stack) => stack.id));
  const fileOfStack = new Map([...nested].map(([file, stack]) => [stack.id, file]));
  const outputsOf = (stack: string): JsonObject => objectAt(templates.get(fileOfStack.get(stack) ?? '')?.['Outputs']);
  const resources = new Map<string, Resource>();
  for (const [name, template] of templates) {
    const given = Object.entries(nested.get(name)?.parameters ?? {});
    const parameters = new Map(given.map(([key, value]) => [key, parameterValue(value, outputsOf)]));
    for (const [id, declared] of Object.entries(objectAt(template['Resources']))) {
      const { DependsOn: _dependsOn, ...declaration } = objectAt(substitute(declared, parameters));
      if (declaration['Type'] === NESTED_STACK && stackIds.has(id)) continue;
      resources.set(id, { type: String(declaration['Type']), properties: objectAt(declaration['Properties']), declaration });
    }
  }
  return new Map([...resources].sort(([a], [b]) => compareText(a, b)));
}

/** A value as a reviewer reads it: `X` for Ref X, `X.Arn` for GetAtt X.Arn, the text of a Fn::Sub, the parts of a Fn::Join. */
export function readable(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const reference = referenceText(value);
  if (reference !== undefined) return reference;
  const { 'Fn::Sub': sub, 'Fn::Join': join } = objectAt(value);
  if (sub !== undefined) return readable(Array.isArray(sub) ? sub[0] : sub);
  if (Array.isArray(join)) return asArray(join[1]).map(readable).join(String(join[0]));
  return JSON.stringify(value);
}

/** `compose-x:service` among the tags of an ECS service, else its logical ID without `Service`. */
function serviceName(id: string, service: Resource): string {
  const tag = asArray(service.properties['Tags']).map(objectAt).find((t) => t['Key'] === 'compose-x:service');
  return typeof tag?.['Value'] === 'string' ? tag['Value'] : id.replace(/Service$/, '');
}

/** The resources of one type, in logical ID order. */
export function ofType(resources: Resources, type: string): [string, Resource][] {
  return [...resources].filter(([, resource]) => resource.type === type);
}

/** Service name by task definition, and by the roles of that task definition. */
function servicesOfTasks(resources: Resources, services: ReadonlyMap<string, string>): Map<string, string> {
  const serviceOf = new Map<string, string>();
  for (const [id, name] of services) {
    const task = referenceTarget(resources.get(id)?.properties['TaskDefinition']);
    if (task === undefined) continue;
    serviceOf.set(task, name);
    const taskProperties = resources.get(task)?.properties ?? {};
    for (const role of [taskProperties['ExecutionRoleArn'], taskProperties['TaskRoleArn']].map(referenceTarget)) {
      if (role !== undefined) serviceOf.set(role, name);
    }
  }
  return serviceOf;
}

/** Service name by security group, for the groups exactly one service uses. */
function groupOwners(resources: Resources, services: ReadonlyMap<string, string>): Map<string, string> {
  const users = new Map<string, string[]>();
  for (const [id, name] of services) {
    const network = objectAt(objectAt(resources.get(id)?.properties['NetworkConfiguration'])['AwsvpcConfiguration']);
    for (const group of asArray(network['SecurityGroups']).map(referenceTarget)) {
      if (group !== undefined) users.set(group, [...(users.get(group) ?? []), name]);
    }
  }
  return new Map([...users].flatMap(([group, names]) => (names.length === 1 ? [[group, names[0] ?? '']] : [])));
}

/** A render's resources and the service names of the ones that belong to a service. */
export function readRender(files: Record<string, string>): Render {
  const resources = readResources(files);
  const services = new Map(ofType(resources, SERVICE).map(([id, resource]) => [id, serviceName(id, resource)]));
  return { resources, services, serviceOf: servicesOfTasks(resources, services), groupOwner: groupOwners(resources, services) };
}
