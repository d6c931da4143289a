import type { Context } from './context.js';
import { describe } from '../template/describe-value.js';
import { isObject } from '../template/json-object.js';
import { checkConditionKey, walkReferences } from './references.js';

const OUTPUT_KEYS = new Set(['Value', 'Description', 'Export', 'Condition']);

/** Checks one declaration of the Outputs section: its attributes, Value and references. */
export function checkOutput(ctx: Context, name: string, declaration: unknown): void {
  const path = `Outputs.${name}`;
  if (!isObject(declaration)) {
    ctx.problems.push(`${path}: expected an output declaration object, got ${describe(declaration)}`);
    return;
  }
  for (const key of Object.keys(declaration)) {
    if (!OUTPUT_KEYS.has(key)) ctx.problems.push(`${path}.${key}: unknown output attribute`);
  }
  if (declaration.Value === undefined) ctx.problems.push(`${path}: missing required Value`);
  checkConditionKey(ctx, `${path}.Condition`, declaration.Condition);
  walkReferences(ctx, declaration.Value, `${path}.Value`, 'template');
  walkReferences(ctx, declaration.Export, `${path}.Export`, 'template');
}
