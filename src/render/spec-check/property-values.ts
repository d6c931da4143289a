/**
 * Property values checked against their types in the specification, recursively through type
 * definitions.
 *
 * Value rule, the same leniency as cfn-lint's (CloudFormation coerces scalars):
 * - string and date-time accept strings, numbers and booleans;
 * - integer accepts integral numbers and strings holding an integer ("80"), but not 1.5 or "1.5";
 * - number accepts finite numbers and strings holding a decimal number ("0.5", "1e3");
 * - boolean accepts true, false and the strings true/True/TRUE/false/False/FALSE;
 * - json accepts objects and strings (several registry schemas, e.g. AWS::Logs::LogGroup's
 *   DataProtectionPolicy, also take a serialized document where the spec only says json);
 * - a property's current type is used, never its `previousTypes`;
 * - an intrinsic function is accepted for any scalar or list; Fn::If branches are checked against
 *   the expected type; functions that yield a string or a list (Ref other than AWS::NoValue,
 *   Fn::Sub, Fn::Join, ...) are reported where an object (a type definition or a map) is expected.
 */
import type { Property, PropertyType, SpecDatabase } from '@aws-cdk/service-spec-types';
import { closest, distance } from 'fastest-levenshtein';
import { describe } from '../template/describe-value.js';
import { functionName } from './intrinsic-function.js';
import { isObject, type JsonObject } from '../template/json-object.js';
import { keyPath } from './key-path.js';

/** The properties of a resource type or type definition, by name. */
export type Properties = Readonly<Record<string, Property>>;

const INTEGER_STRING = /^\s*[-+]?\d+\s*$/;
const NUMBER_STRING = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const BOOLEAN_STRINGS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** Functions whose result is a string or a list, never an object. */
const SCALAR_OR_LIST_FUNCTIONS = new Set([
  'Ref',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Split',
  'Fn::Sub',
]);
const STRING_TYPE: PropertyType = { type: 'string' };
const TAG_PROPERTIES: Properties = {
  Key: { type: STRING_TYPE, required: true },
  Value: { type: STRING_TYPE, required: true },
};

function typeName(db: SpecDatabase, type: PropertyType): string {
  switch (type.type) {
    case 'ref':
      return db.get('typeDefinition', type.reference).name;
    case 'array':
      return `list of ${typeName(db, type.element)}`;
    case 'map':
      return `map of ${typeName(db, type.element)}`;
    case 'union':
      return type.types.map((member) => typeName(db, member)).join(' | ');
    case 'tag':
      return 'Tag';
    default:
      return type.type;
  }
}

/** Whether a scalar-valued function call could stand for a value of this type. */
function acceptsScalarOrList(type: PropertyType): boolean {
  if (type.type === 'union') return type.types.some(acceptsScalarOrList);
  return type.type !== 'ref' && type.type !== 'tag' && type.type !== 'map';
}

/** Whether a literal value has the rough shape of the type (object, list or scalar). */
function shapeMatches(type: PropertyType, value: unknown): boolean {
  switch (type.type) {
    case 'array':
      return Array.isArray(value);
    case 'ref':
    case 'tag':
    case 'map':
    case 'json':
      return isObject(value);
    case 'union':
      return type.types.some((member) => shapeMatches(member, value));
    default:
      return !isObject(value) && !Array.isArray(value);
  }
}

function scalarMatches(type: PropertyType['type'], value: unknown): boolean {
  switch (type) {
    case 'string':
    case 'date-time':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) || (typeof value === 'string' && INTEGER_STRING.test(value));
    case 'number':
      return Number.isFinite(value) || (typeof value === 'string' && NUMBER_STRING.test(value));
    case 'boolean':
      return typeof value === 'boolean' || (typeof value === 'string' && BOOLEAN_STRINGS.has(value));
    case 'json':
      return isObject(value) || typeof value === 'string';
    case 'null':
      return value === null;
    default:
      return false;
  }
}

/** Problems of `value` against `type`, one line each. */
function checkValue(db: SpecDatabase, type: PropertyType, value: unknown, path: string): string[] {
  const fn = functionName(value, 'template');
  if (fn !== undefined) return checkFunctionValue(db, type, fn, (value as JsonObject)[fn], path);
  switch (type.type) {
    case 'ref': {
      const definition = db.get('typeDefinition', type.reference);
      return checkObject(db, definition.properties, value, path, definition.name);
    }
    case 'tag':
      return checkObject(db, TAG_PROPERTIES, value, path, 'Tag');
    case 'array':
      return checkList(db, type.element, value, path);
    case 'map':
      return checkMap(db, type.element, value, path);
    case 'union':
      return checkUnion(db, type.types, value, path);
    default:
      return scalarMatches(type.type, value) ? [] : [`${path}: expected ${typeName(db, type)}, got ${describe(value)}`];
  }
}

function checkFunctionValue(db: SpecDatabase, type: PropertyType, fn: string, arg: unknown, path: string): string[] {
  if (fn === 'Fn::If') {
    return Array.isArray(arg) ? arg.slice(1).flatMap((branch) => checkValue(db, type, branch, path)) : [];
  }
  if (arg === 'AWS::NoValue' && fn === 'Ref') return [];
  if (SCALAR_OR_LIST_FUNCTIONS.has(fn) && !acceptsScalarOrList(type)) {
    return [`${path}: expected ${typeName(db, type)}, got ${fn}`];
  }
  return [];
}

function checkList(db: SpecDatabase, element: PropertyType, value: unknown, path: string): string[] {
  if (!Array.isArray(value)) return [`${path}: expected list of ${typeName(db, element)}, got ${describe(value)}`];
  return value.flatMap((item, index) => checkValue(db, element, item, `${path}[${index}]`));
}

function checkMap(db: SpecDatabase, element: PropertyType, value: unknown, path: string): string[] {
  if (!isObject(value)) return [`${path}: expected map of ${typeName(db, element)}, got ${describe(value)}`];
  return Object.entries(value).flatMap(([key, item]) => checkValue(db, element, item, keyPath(path, key)));
}

/**
 * A union accepts a value one of its members accepts. Otherwise the problems of the only member of
 * the value's shape are reported, or one line naming the whole union.
 */
function checkUnion(db: SpecDatabase, members: PropertyType[], value: unknown, path: string): string[] {
  const results = members.map((member) => checkValue(db, member, value, path));
  if (results.some((problems) => problems.length === 0)) return [];
  const shaped = members.flatMap((member, index) => (shapeMatches(member, value) ? [results[index] ?? []] : []));
  const only = shaped.length === 1 ? shaped[0] : undefined;
  return only ?? [`${path}: expected ${typeName(db, { type: 'union', types: members })}, got ${describe(value)}`];
}

/**
 * Problems of an object against the properties of a resource type or type definition; an open
 * object (a custom resource's properties) may have other properties too.
 */
export function checkObject(
  db: SpecDatabase,
  properties: Properties,
  value: unknown,
  path: string,
  owner: string,
  open = false,
): string[] {
  if (!isObject(value)) return [`${path}: expected ${owner}, got ${describe(value)}`];
  const problems: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key];
    const itemPath = keyPath(path, key);
    if (property !== undefined && item !== undefined) problems.push(...checkValue(db, property.type, item, itemPath));
    else if (property === undefined && !open) problems.push(unknownProperty(properties, key, itemPath, owner));
  }
  for (const [key, property] of Object.entries(properties)) {
    if (property.required === true && value[key] === undefined) {
      problems.push(`${path}: missing required property ${key} of ${owner}`);
    }
  }
  return problems;
}

function unknownProperty(properties: Properties, key: string, path: string, owner: string): string {
  const names = Object.keys(properties);
  const nearest = names.length > 0 ? closest(key, names) : undefined;
  const near = nearest !== undefined && distance(key.toLowerCase(), nearest.toLowerCase()) <= 2;
  return `${path}: unknown property of ${owner}${near ? ` (did you mean ${nearest}?)` : ''}`;
}
