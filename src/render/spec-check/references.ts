/**
 * The targets of Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::FindInMap, DependsOn and Condition: the
 * resources, parameters, conditions and mappings a template defines.
 *
 * Fn::GetAtt (and `${Resource.Attribute}` in Fn::Sub) may name the attributes the spec lists for
 * the type (its documented return values; cfn-lint also allows any readable property of registry
 * types), any attribute of a custom resource and `Outputs.Name` of a nested stack.
 */
import type { Context } from './context.js';
import { describe } from '../template/describe-value.js';
import { functionName, type Mode } from './intrinsic-function.js';
import { isObject } from '../template/json-object.js';
import { keyPath } from './key-path.js';
import { splitAtFirstDot } from '../template/split-at-first-dot.js';

/** The pseudo parameters a Ref or a `${}` in Fn::Sub may name. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Checks that every resource a DependsOn names exists. */
export function checkDependsOn(ctx: Context, id: string, dependsOn: unknown): void {
  if (dependsOn === undefined) return;
  const targets = Array.isArray(dependsOn) ? dependsOn : [dependsOn];
  for (const target of targets) {
    if (typeof target !== 'string') {
      ctx.problems.push(`${id}.DependsOn: expected a resource name, got ${describe(target)}`);
    } else if (!ctx.resources.has(target)) {
      ctx.problems.push(`${id}.DependsOn: no resource named "${target}"`);
    }
  }
}

/** Checks that the condition a Condition attribute (of a resource or an output) names exists. */
export function checkConditionKey(ctx: Context, path: string, name: unknown): void {
  if (name === undefined) return;
  if (typeof name !== 'string') ctx.problems.push(`${path}: expected a condition name, got ${describe(name)}`);
  else if (!ctx.conditions.has(name)) ctx.problems.push(`${path}: no condition named "${name}"`);
}

/**
 * Checks the targets of every function call in `value`, wherever it is. Problems inside the
 * operands of a function are reported at the path of the function call itself.
 */
export function walkReferences(ctx: Context, value: unknown, path: string, mode: Mode, inFunction = false): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walkReferences(ctx, item, inFunction ? path : `${path}[${index}]`, mode, inFunction);
    });
    return;
  }
  if (!isObject(value)) return;
  const fn = functionName(value, mode);
  if (fn === undefined) {
    for (const [key, item] of Object.entries(value)) {
      walkReferences(ctx, item, inFunction ? path : keyPath(path, key), mode, inFunction);
    }
    return;
  }
  const arg = value[fn];
  const problem = functionProblem(ctx, fn, arg, mode);
  if (problem !== undefined) ctx.problems.push(`${path}: ${problem}`);
  walkReferences(ctx, functionOperands(fn, arg), path, mode, true);
}

/** The operands of a function call that may themselves hold function calls. */
function functionOperands(fn: string, arg: unknown): unknown {
  if (fn === 'Ref' || fn === 'Condition') return undefined;
  if (fn === 'Fn::Sub') return Array.isArray(arg) ? arg.slice(1) : undefined;
  if (fn === 'Fn::If' && Array.isArray(arg)) return arg.slice(1);
  return arg;
}

function functionProblem(ctx: Context, fn: string, arg: unknown, mode: Mode): string | undefined {
  switch (fn) {
    case 'Ref':
      if (typeof arg !== 'string') return `Ref: expected a name, got ${describe(arg)}`;
      return prefixed('Ref', refProblem(ctx, arg, mode));
    case 'Fn::GetAtt':
      return getAttProblem(ctx, arg);
    case 'Fn::Sub':
      return subProblem(ctx, arg);
    case 'Fn::If':
      return ifProblem(ctx, arg);
    case 'Condition':
      return typeof arg === 'string' && !ctx.conditions.has(arg) ? `Condition: no condition named "${arg}"` : undefined;
    case 'Fn::FindInMap':
      return findInMapProblem(ctx, arg);
    default:
      return undefined;
  }
}

function prefixed(label: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${label}: ${problem}`;
}

function refProblem(ctx: Context, name: string, mode: Mode): string | undefined {
  if (ctx.parameters.has(name) || PSEUDO_PARAMETERS.has(name)) return undefined;
  if (ctx.resources.has(name)) return mode === 'conditions' ? `resource "${name}" in a condition` : undefined;
  return `no resource, parameter or pseudo parameter named "${name}"`;
}

function getAttProblem(ctx: Context, arg: unknown): string | undefined {
  const parts = typeof arg === 'string' ? splitAtFirstDot(arg) : arg;
  if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== 'string') {
    return `Fn::GetAtt: expected [resource, attribute], got ${describe(arg)}`;
  }
  const [resource, attribute] = parts as [string, unknown];
  if (typeof attribute !== 'string') return prefixed('Fn::GetAtt', attributeProblem(ctx, resource, undefined));
  return prefixed(`Fn::GetAtt ${resource}.${attribute}`, attributeProblem(ctx, resource, attribute));
}

/** Problem with `resource.attribute`; an undefined attribute (given by a function) is not checked. */
function attributeProblem(ctx: Context, resource: string, attribute: string | undefined): string | undefined {
  const info = ctx.resources.get(resource);
  if (info === undefined) return `no resource named "${resource}"`;
  if (attribute === undefined || info.spec === undefined || attribute in info.spec.attributes) return undefined;
  if (info.type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) return undefined;
  const names = Object.keys(info.spec.attributes).sort();
  const listed = names.length > 10 ? `${names.slice(0, 10).join(', ')}, ...` : names.join(', ');
  return `${info.type} has no attribute "${attribute}" (attributes: ${listed || 'none'})`;
}

function subProblem(ctx: Context, arg: unknown): string | undefined {
  const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof text !== 'string' || !isObject(variables)) {
    return `Fn::Sub: expected a string or [string, variables], got ${describe(arg)}`;
  }
  const problems: string[] = [];
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const name = (match[1] ?? '').trim();
    if (name.startsWith('!') || Object.hasOwn(variables, name)) continue;
    const [resource = '', attribute] = splitAtFirstDot(name);
    const problem =
      attribute === undefined ? refProblem(ctx, name, 'template') : attributeProblem(ctx, resource, attribute);
    if (problem !== undefined) problems.push(`Fn::Sub \${${name}}: ${problem}`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

function ifProblem(ctx: Context, arg: unknown): string | undefined {
  if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
    return `Fn::If: expected [condition, value if true, value if false], got ${describe(arg)}`;
  }
  return ctx.conditions.has(arg[0]) ? undefined : `Fn::If: no condition named "${arg[0]}"`;
}

function findInMapProblem(ctx: Context, arg: unknown): string | undefined {
  if (!Array.isArray(arg) || arg.length < 3) return `Fn::FindInMap: expected [map, key, key], got ${describe(arg)}`;
  const map: unknown = arg[0];
  return typeof map === 'string' && !ctx.mappings.has(map) ? `Fn::FindInMap: no mapping named "${map}"` : undefined;
}
