import type { Context } from './context.js';
import { describe } from '../template/describe-value.js';
import { isObject } from '../template/json-object.js';

/** Checks one declaration of the Parameters section: an object with a Type. */
export function checkParameter(ctx: Context, name: string, declaration: unknown): void {
  const path = `Parameters.${name}`;
  if (!isObject(declaration)) {
    ctx.problems.push(`${path}: expected a parameter declaration object, got ${describe(declaration)}`);
  } else if (typeof declaration.Type !== 'string') {
    ctx.problems.push(`${path}.Type: expected a parameter type, got ${describe(declaration.Type)}`);
  }
}
