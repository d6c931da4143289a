/**
 * Generates src/render/template/cfn-spec-types.ts: TypeScript property types and resource classes for
 * the CloudFormation resource types compose-x renders, from the specification database the
 * offline check uses (@aws-cdk/aws-service-spec). cloudform-types lags the specification;
 * these types carry every property of the current one.
 *
 * Run with `npm run gen:types`; test/render/cfn-spec-types.test.ts checks the committed file is current.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';

/** The CloudFormation resource types the generated module covers. */
export const RESOURCE_TYPES: readonly string[] = [
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::ECS::Cluster',
  'AWS::ServiceDiscovery::HttpNamespace',
  'AWS::ServiceDiscovery::PrivateDnsNamespace',
  'AWS::ServiceDiscovery::Service',
  'AWS::ServiceDiscovery::Instance',
  'AWS::AppMesh::Mesh',
  'AWS::AppMesh::VirtualNode',
  'AWS::AppMesh::VirtualRouter',
  'AWS::AppMesh::Route',
  'AWS::AppMesh::VirtualService',
  'AWS::AppMesh::VirtualGateway',
  'AWS::AppMesh::GatewayRoute',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
];

/** The name prefix of each service's declarations (`AWS::ECS::Service` -> `EcsService...`). */
const SERVICE_PREFIXES: Readonly<Record<string, string>> = {
  AppMesh: 'AppMesh',
  ECS: 'Ecs',
  ElasticLoadBalancingV2: 'Elbv2',
  ServiceDiscovery: 'ServiceDiscovery',
};

const SPEC_PACKAGE = '@aws-cdk/aws-service-spec';
const OUTPUT = new URL('../../src/render/template/cfn-spec-types.ts', import.meta.url);
const INDENT = '  ';

/** An interface to emit: its name, its JSDoc line, its properties and the names of the definitions they use. */
interface InterfaceDeclaration {
  name: string;
  doc: string;
  properties: Readonly<Record<string, Property>>;
  typeNames: ReadonlyMap<string, string>;
}

/** A resource class to emit. */
interface ClassDeclaration {
  name: string;
  cloudFormationType: string;
  propertiesName: string;
}

/** Everything the generated module declares. */
interface Declarations {
  interfaces: InterfaceDeclaration[];
  classes: ClassDeclaration[];
}

/** The text of src/render/template/cfn-spec-types.ts for the installed specification. */
export async function generate(): Promise<string> {
  const [db, version] = await Promise.all([loadAwsServiceSpec(), specVersion()]);
  const declarations = RESOURCE_TYPES.map((type) => resourceDeclarations(db, type));
  const interfaces = sortByName(declarations.flatMap((d) => d.interfaces));
  const classes = sortByName(declarations.flatMap((d) => d.classes));
  assertUniqueNames([...interfaces, ...classes]);
  const blocks = [
    header(version),
    imports(),
    jsonAlias(),
    ...interfaces.map(renderInterface),
    ...classes.map(renderClass),
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** The installed version of the specification package. */
async function specVersion(): Promise<string> {
  const path = createRequire(import.meta.url).resolve(`${SPEC_PACKAGE}/package.json`);
  const manifest: unknown = JSON.parse(await readFile(path, 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error(`${path} has no version`);
  return version;
}

/** The interfaces and class of one resource type: its properties and every type definition they reach. */
function resourceDeclarations(db: SpecDatabase, type: string): Declarations {
  const resource = db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
  if (!resource) throw new Error(`${type} is not in ${SPEC_PACKAGE}`);
  const prefix = declarationPrefix(type);
  const propertiesName = `${prefix}Properties`;
  const className = `${prefix}Resource`;
  const definitions = reachedDefinitions(db, resource.properties).map((definition) => ({
    definition,
    name: definitionName(prefix, definition.name, [propertiesName, className]),
  }));
  const typeNames = new Map(definitions.map(({ definition, name }) => [definition.$id, name]));
  const definitionInterfaces = definitions.map(({ definition, name }) => ({
    name,
    doc: `${type}.${definition.name}`,
    properties: definition.properties,
    typeNames,
  }));
  return {
    interfaces: [
      { name: propertiesName, doc: `The properties of ${type}.`, properties: resource.properties, typeNames },
      ...definitionInterfaces,
    ],
    classes: [{ name: className, cloudFormationType: type, propertiesName }],
  };
}

/** `AWS::ECS::Service` -> `EcsService`. */
function declarationPrefix(type: string): string {
  const [, service = '', resource = ''] = type.split('::');
  const servicePrefix = SERVICE_PREFIXES[service];
  if (servicePrefix === undefined) throw new Error(`No name prefix for the service of ${type}`);
  return servicePrefix + resource;
}

/**
 * The interface name of a type definition: the resource's prefix and the definition's name, and
 * `Property` after it (as the CDK names them) where that would take the resource's own names
 * (`AWS::ServiceDiscovery::PrivateDnsNamespace.Properties`).
 */
function definitionName(prefix: string, name: string, taken: readonly string[]): string {
  const plain = prefix + name;
  return taken.includes(plain) ? `${plain}Property` : plain;
}

/** The type definitions these properties reach, directly or through other definitions. */
function reachedDefinitions(db: SpecDatabase, properties: Readonly<Record<string, Property>>): TypeDefinition[] {
  const reached = new Map<string, TypeDefinition>();
  const visit = (type: PropertyType): void => {
    for (const id of referencedIds(type)) {
      if (reached.has(id)) continue;
      const definition = db.get('typeDefinition', id);
      reached.set(id, definition);
      Object.values(definition.properties).forEach((p) => visit(p.type));
    }
  };
  Object.values(properties).forEach((p) => visit(p.type));
  return [...reached.values()];
}

/** The ids of the type definitions a property type names. */
function referencedIds(type: PropertyType): string[] {
  switch (type.type) {
    case 'ref':
      return [type.reference.$ref];
    case 'array':
    case 'map':
      return referencedIds(type.element);
    case 'union':
      return type.types.flatMap(referencedIds);
    default:
      return [];
  }
}

/** Declarations sorted by name. */
function sortByName<T extends { name: string }>(declarations: T[]): T[] {
  return declarations.sort((a, b) => compareCodeUnits(a.name, b.name));
}

/** Orders strings by UTF-16 code unit, the same on every machine whatever its locale. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fails when two declarations would share a name. */
function assertUniqueNames(declarations: readonly { name: string }[]): void {
  const seen = new Set<string>();
  for (const { name } of declarations) {
    if (seen.has(name)) throw new Error(`Two declarations are named ${name}`);
    seen.add(name);
  }
}

/** The module's opening comment. */
function header(version: string): string {
  return [
    '/**',
    ' * CloudFormation property types and resource classes for the resource types where',
    ` * cloudform-types lags the specification, generated from ${SPEC_PACKAGE} ${version}.`,
    ' *',
    ' * GENERATED by scripts/generate-cfn-types.ts: do not edit. Regenerate with `npm run gen:types`.',
    ' */',
  ].join('\n');
}

/** The module's imports. */
function imports(): string {
  return [
    "import type { List, Value } from 'cloudform-types/types/dataTypes.js';",
    "import { ResourceBase, type ResourceTag } from 'cloudform-types/types/resource.js';",
  ].join('\n');
}

/** The alias of `json` properties. */
function jsonAlias(): string {
  return [
    '/** A `json` property: an object, or a JSON document in a string. */',
    'export type Json = { [key: string]: unknown } | string;',
  ].join('\n');
}

/** One interface, its fields sorted by name; required properties have no `?`. */
function renderInterface(declaration: InterfaceDeclaration): string {
  const fields = Object.entries(declaration.properties)
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .flatMap(([name, property]) => renderField(name, property, declaration.typeNames));
  return [`/** ${declaration.doc} */`, `export interface ${declaration.name} {`, ...fields, '}'].join('\n');
}

/** The lines of one field: a deprecation note when the specification has one, then the field. */
function renderField(name: string, property: Property, typeNames: ReadonlyMap<string, string>): string[] {
  const optional = property.required ? '' : '?';
  const field = `${INDENT}${fieldName(name)}${optional}: ${typeExpression(property.type, typeNames)};`;
  return property.deprecated && property.deprecated !== 'NONE' ? [`${INDENT}/** @deprecated */`, field] : [field];
}

/** A property name, quoted when it is not an identifier. */
function fieldName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`;
}

/** The TypeScript type of a property type; `typeNames` names the type definitions by id. */
function typeExpression(type: PropertyType, typeNames: ReadonlyMap<string, string>): string {
  switch (type.type) {
    case 'string':
    case 'date-time':
      return 'Value<string>';
    case 'integer':
    case 'number':
      return 'Value<number>';
    case 'boolean':
      return 'Value<boolean>';
    case 'json':
      return 'Value<Json>';
    case 'null':
      return 'null';
    case 'tag':
      return 'ResourceTag';
    case 'ref':
      return definitionReference(type.reference.$ref, typeNames);
    case 'array':
      return `List<${typeExpression(type.element, typeNames)}>`;
    case 'map':
      return `{ [key: string]: ${typeExpression(type.element, typeNames)} }`;
    case 'union':
      return type.types.map((t) => typeExpression(t, typeNames)).join(' | ');
  }
}

/** The interface name of a type definition. */
function definitionReference(id: string, typeNames: ReadonlyMap<string, string>): string {
  const name = typeNames.get(id);
  if (name === undefined) throw new Error(`Type definition ${id} was not reached`);
  return name;
}

/** A resource class: `new EcsServiceResource({...})` serializes as `{ Type, Properties }`. */
function renderClass(declaration: ClassDeclaration): string {
  const type = declaration.cloudFormationType;
  return [
    `/** The resource ${type}. */`,
    `export class ${declaration.name} extends ResourceBase<${declaration.propertiesName}> {`,
    `${INDENT}/** An ${type} with these properties. */`,
    `${INDENT}constructor(properties: ${declaration.propertiesName}) {`,
    `${INDENT}${INDENT}super('${type}', properties);`,
    `${INDENT}}`,
    '}',
  ].join('\n');
}

/** Writes the generated module over src/render/template/cfn-spec-types.ts. */
async function main(): Promise<void> {
  const text = await generate();
  await writeFile(OUTPUT, text);
  console.log(`Wrote ${fileURLToPath(OUTPUT)} (${Buffer.byteLength(text)} bytes)`);
}

/** Whether this module is the script node was started with. */
function isMain(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(script).href;
}

if (isMain()) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
