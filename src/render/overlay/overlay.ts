/**
 * The escape hatch: the top-level `x-cloudformation` overlay (schemas/x-cloudformation.json)
 * merged into the rendered template, and Docker's `x-aws-cloudformation`, a partial template
 * deep-merged into it as Docker's ECS integration did. It runs after every area has
 * rendered, so what it names is the template as written; the specification check of
 * `validate` then reads the merged template like any other.
 */
import { closest } from 'fastest-levenshtein';
import { oneOrMany, ParseError, type TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { RenderContext } from '../context.js';
import type { Resource } from '../template/cfn.js';
import type { Output, Parameter, Template } from '../template/template.js';
import { referencesIn } from '../split/references.js';
import { setAtPath } from './property-path.js';

type Json = Record<string, unknown>;

export type OverlaySource = 'x-cloudformation' | 'x-aws-cloudformation';
export type OverlaySection = 'Parameters' | 'Conditions' | 'Resources' | 'Outputs';

/** One thing an overlay did to the template, for the review. */
export interface OverlayChange {
  source: OverlaySource;
  section: OverlaySection;
  id: string;
  /** added: a new entry; changed: an entry of the render, at `paths`. */
  kind: 'added' | 'changed';
  /** The resource type of an added or changed resource. */
  type?: string;
  /** What an override or a merge changed inside a rendered entry. */
  paths?: string[];
}

const SECTIONS: readonly OverlaySection[] = ['Parameters', 'Conditions', 'Resources', 'Outputs'];
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/** Applies the project's overlays to `ctx.template`, in the order x-aws-cloudformation, x-cloudformation; every problem of both in one error. */
export function applyOverlays(ctx: RenderContext): OverlayChange[] {
  const errors: ParseError[] = [];
  const changes: OverlayChange[] = [];
  const docker = ctx.project.extensions['x-aws-cloudformation'];
  if (isMapping(docker)) mergeDocker(ctx, docker, changes, errors);
  const overlay = ctx.project.extensions['x-cloudformation'];
  if (isMapping(overlay)) applyComposeX(ctx, overlay, changes, errors);
  if (errors.length > 0) throw oneOrMany(errors);
  for (const change of changes) if (change.kind === 'added' && change.section === 'Resources') keepBeside(ctx.template, change.id);
  return changes;
}

/**
 * An added resource that references the resources of one owner only (a service's) is owned by
 * it too, so that a project split into nested stacks keeps it in the same stack; one with a
 * Condition, or that references shared resources or several owners, stays in the root stack.
 */
function keepBeside(template: Template, id: string): void {
  const resource = template.resources.get(id) as Json | undefined;
  if (!resource || resource['Condition'] !== undefined) return;
  const owners = new Set(referencesIn(resource).map((ref) => template.owners.get(ref.target)));
  const [owner] = owners;
  if (owners.size === 1 && owner !== undefined) template.owners.set(id, owner);
}

function applyComposeX(ctx: RenderContext, overlay: Json, changes: OverlayChange[], errors: ParseError[]): void {
  const source = 'x-cloudformation';
  const { template } = ctx;
  const error = (path: TreePath, message: string, hint: string): void => {
    errors.push(new ParseError('E_OVERLAY', message, { path: [source, ...path], position: ctx.locate([source, ...path]), hint }));
  };
  for (const section of SECTIONS) {
    const entries = overlay[section];
    if (!isMapping(entries)) continue;
    for (const [id, value] of Object.entries(entries)) {
      if (!LOGICAL_ID.test(id)) {
        error([section, id], `${id} is not a logical ID: CloudFormation takes letters and digits only.`, 'Rename it with letters and digits only.');
      } else if (has(template, section, id)) {
        error(
          [section, id],
          `the rendered template already has ${singular(section)} ${id}.`,
          section === 'Resources' ? `Change it under x-cloudformation.Overrides.${id}, or give the new resource another logical ID.` : 'Give it another name.',
        );
      } else {
        put(template, section, id, clone(value));
        changes.push({ source, section, id, kind: 'added', ...(section === 'Resources' ? typeOf(value) : {}) });
      }
    }
  }
  const overrides = overlay['Overrides'];
  if (!isMapping(overrides)) return;
  for (const [id, paths] of Object.entries(overrides)) {
    const resource = template.resources.get(id);
    if (!resource) {
      error(['Overrides', id], `the rendered template has no resource ${id}.`, didYouMean(id, template));
      continue;
    }
    const plain = clone(resource) as Json;
    const changed: string[] = [];
    for (const [path, value] of Object.entries(paths as Json)) {
      const problem = setAtPath(plain, path, clone(value));
      if (problem) error(['Overrides', id, path], `cannot override ${id} at ${path}: ${problem}`, `Write the path as ${id} has it in the rendered template (compose-x render prints it).`);
      else changed.push(path);
    }
    template.resources.set(id, plain as unknown as Resource);
    changes.push({ source, section: 'Resources', id, kind: 'changed', ...typeOf(plain), paths: changed });
  }
}

/** Docker's form: each entry merged into the rendered one of that ID (objects key by key, anything else replaced), or added. */
function mergeDocker(ctx: RenderContext, overlay: Json, changes: OverlayChange[], errors: ParseError[]): void {
  const source = 'x-aws-cloudformation';
  const { template } = ctx;
  for (const section of SECTIONS) {
    const entries = overlay[section];
    if (!isMapping(entries)) continue;
    for (const [id, value] of Object.entries(entries)) {
      const at: TreePath = [source, section, id];
      const rendered = entry(template, section, id);
      if (rendered === undefined) {
        if (section === 'Resources' && !(isMapping(value) && typeof value['Type'] === 'string')) {
          errors.push(
            new ParseError('E_OVERLAY', `the rendered template has no resource ${id} to merge this into, and it has no Type to be added.`, {
              path: at,
              position: ctx.locate(at),
              hint: `compose-x names its resources differently from Docker's ECS integration. ${didYouMean(id, template)}`,
            }),
          );
          continue;
        }
        put(template, section, id, clone(value));
        changes.push({ source, section, id, kind: 'added', ...(section === 'Resources' ? typeOf(value) : {}) });
        continue;
      }
      const merged = clone(rendered);
      const paths: string[] = [];
      const result = deepMerge(merged, clone(value), '', paths);
      put(template, section, id, result);
      changes.push({ source, section, id, kind: 'changed', ...(section === 'Resources' ? typeOf(result) : {}), paths });
    }
  }
}

function deepMerge(base: unknown, over: unknown, at: string, paths: string[]): unknown {
  if (isMapping(base) && isMapping(over)) {
    for (const [key, value] of Object.entries(over)) base[key] = deepMerge(base[key], value, at ? `${at}.${key}` : key, paths);
    return base;
  }
  paths.push(at);
  return over;
}

function didYouMean(id: string, template: Template): string {
  const ids = [...template.resources.keys()];
  const near = ids.length > 0 ? closest(id, ids) : undefined;
  return near ? `Did you mean ${near}? (compose-x render writes every logical ID of the template.)` : 'compose-x render writes every logical ID of the template.';
}

function has(template: Template, section: OverlaySection, id: string): boolean {
  return entry(template, section, id) !== undefined;
}

function entry(template: Template, section: OverlaySection, id: string): unknown {
  switch (section) {
    case 'Parameters':
      return template.parameters.get(id);
    case 'Conditions':
      return template.conditions.get(id);
    case 'Resources':
      return template.resources.get(id);
    case 'Outputs':
      return template.outputs.get(id);
  }
}

function put(template: Template, section: OverlaySection, id: string, value: unknown): void {
  switch (section) {
    case 'Parameters':
      template.parameters.set(id, parameter(value as Json));
      return;
    case 'Conditions':
      template.conditions.set(id, value);
      return;
    case 'Resources':
      template.resources.set(id, value as Resource);
      return;
    case 'Outputs':
      template.outputs.set(id, value as Output);
  }
}

/** A parameter as the parameters file takes it: its default written as a string. */
function parameter(value: Json): Parameter {
  const { Default, ...rest } = value;
  return { ...(rest as unknown as Parameter), ...(Default !== undefined ? { Default: typeof Default === 'string' ? Default : JSON.stringify(Default) } : {}) };
}

function typeOf(value: unknown): { type?: string } {
  return isMapping(value) && typeof value['Type'] === 'string' ? { type: value['Type'] } : {};
}

function singular(section: OverlaySection): string {
  return { Parameters: 'a parameter', Conditions: 'a condition', Resources: 'a resource', Outputs: 'an output' }[section];
}

/** The value as JSON data (a cloudform resource becomes its long form). */
function clone(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
