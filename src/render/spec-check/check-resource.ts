import type { Context } from './context.js';
import { describe } from '../template/describe-value.js';
import { functionName } from './intrinsic-function.js';
import { isObject, type JsonObject } from '../template/json-object.js';
import { checkObject, type Properties } from './property-values.js';
import { checkConditionKey, checkDependsOn, walkReferences } from './references.js';

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'CreationPolicy',
  'UpdatePolicy',
]);
/** Resource attributes that name other parts of the template instead of holding values. */
const NAME_KEYS = new Set(['Type', 'DependsOn', 'Condition']);
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);
const UPDATE_REPLACE_POLICIES = new Set(['Delete', 'Retain', 'Snapshot']);
const CUSTOM_RESOURCE_PROPERTIES: Properties = { ServiceToken: { type: { type: 'string' }, required: true } };

/** Checks one declaration of the Resources section: attributes, properties and references. */
export function checkResource(ctx: Context, id: string, declaration: unknown): void {
  if (!isObject(declaration)) {
    ctx.problems.push(`${id}: expected a resource declaration object, got ${describe(declaration)}`);
    return;
  }
  for (const key of Object.keys(declaration)) {
    if (!RESOURCE_KEYS.has(key)) ctx.problems.push(`${id}.${key}: unknown resource attribute`);
  }
  checkResourceProperties(ctx, id, declaration);
  checkDependsOn(ctx, id, declaration.DependsOn);
  checkConditionKey(ctx, `${id}.Condition`, declaration.Condition);
  checkPolicy(ctx, `${id}.DeletionPolicy`, declaration.DeletionPolicy, DELETION_POLICIES);
  checkPolicy(ctx, `${id}.UpdateReplacePolicy`, declaration.UpdateReplacePolicy, UPDATE_REPLACE_POLICIES);
  for (const [key, value] of Object.entries(declaration)) {
    if (!NAME_KEYS.has(key)) walkReferences(ctx, value, `${id}.${key}`, 'template');
  }
}

function checkResourceProperties(ctx: Context, id: string, declaration: JsonObject): void {
  const info = ctx.resources.get(id);
  if (info === undefined) return;
  if (info.type === '') {
    ctx.problems.push(`${id}.Type: expected a resource type, got ${describe(declaration.Type)}`);
    return;
  }
  const properties = declaration.Properties ?? {};
  const path = `${id}.Properties`;
  if (info.custom) {
    ctx.problems.push(...checkObject(ctx.db, CUSTOM_RESOURCE_PROPERTIES, properties, path, info.type, true));
  } else if (info.spec === undefined) {
    ctx.problems.push(`${id}.Type: unknown resource type ${info.type}`);
  } else {
    ctx.problems.push(...checkObject(ctx.db, info.spec.properties, properties, path, info.type));
  }
}

function checkPolicy(ctx: Context, path: string, value: unknown, allowed: ReadonlySet<string>): void {
  if (value === undefined || functionName(value, 'template') !== undefined) return;
  if (typeof value !== 'string' || !allowed.has(value)) {
    ctx.problems.push(`${path}: expected one of ${[...allowed].join(', ')}, got ${describe(value)}`);
  }
}
