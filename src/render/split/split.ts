import { timed } from '../../parser/diagnostics.js';
import { templateKey } from '../template/template-key.js';
import { LIMITS, NESTED_BUDGET, templateCounts } from './limits.js';
import { initialBuckets, MAX_BUCKETS, placements, type Placement } from './buckets.js';
import { stackId, STACK_KINDS, type StackKind } from './partition.js';
import { crossingName, referencesIn, rewriteReferences, type Reference } from './references.js';

type Json = Record<string, unknown>;

interface Resource {
  Type: string;
  Properties?: Json;
  DependsOn?: string | string[];
  [key: string]: unknown;
}

/** The templates of a project too large for one: the root, and the nested stacks by file name. */
export interface SplitTemplates {
  root: string;
  nested: Record<string, string>;
  /** `depends_on` orderings between services of different nested stacks that would have made two stacks wait for each other. */
  droppedDependencies: string[];
}

/** The parameter the root takes for the bucket its nested templates are in (`up` sets it). */
export const TEMPLATE_BUCKET_PARAMETER = 'TemplateBucket';

/**
 * Splits a template that is over a CloudFormation quota into a root stack (the shared
 * resources) and nested stacks grouping the owners' resources (a service's resources never
 * span two stacks; each stack's resources stay under NESTED_BUDGET, bytes included). References that cross a stack become parameters and outputs;
 * security-group rules between services become their own resources, next to the service
 * that admits the traffic. Returns undefined when the template fits as it is.
 */
export function splitTemplate(
  template: Json,
  owners: ReadonlyMap<string, string>,
  stackName: string,
  serialize: (template: Json) => string,
): SplitTemplates | undefined {
  const counts = templateCounts(template);
  const fits =
    counts.resources <= LIMITS.resources &&
    counts.parameters <= LIMITS.parameters &&
    counts.outputs <= LIMITS.outputs &&
    Buffer.byteLength(serialize(template)) <= LIMITS.bodyBytes;
  if (fits) return undefined;

  const { resources, owner } = detachSecurityGroupRules(template['Resources'] as Record<string, Resource>, owners);
  const placed = placements(resources, owner);
  const buckets = initialBuckets(template, resources, owner, placed);
  const bytes = new Map<string, number>();
  for (;;) {
    const layout = timed('layout', () => layOut(template, resources, owner, placed, buckets));
    const over = STACK_KINDS.filter((kind) => layout.stacks.some((s) => s.kind === kind && !withinBudget(s, buckets[kind], bytes, serialize)));
    if (over.length === 0) return write(template, layout, stackName, serialize);
    for (const kind of over) {
      if (buckets[kind] >= MAX_BUCKETS) throw new Error(`cannot split the ${kind} of ${stackName} under CloudFormation's quotas`);
      buckets[kind] *= 2;
    }
  }
}

/** Rules that admit another security group become AWS::EC2::SecurityGroupIngress resources of the same owner. */
function detachSecurityGroupRules(
  resources: Record<string, Resource>,
  owners: ReadonlyMap<string, string>,
): { resources: Record<string, Resource>; owner: Map<string, string> } {
  const out: Record<string, Resource> = {};
  const owner = new Map(owners);
  for (const [id, resource] of Object.entries(resources)) {
    const rules = resource.Type === 'AWS::EC2::SecurityGroup' ? ((resource.Properties?.['SecurityGroupIngress'] as Json[] | undefined) ?? []) : [];
    const fromGroups = rules.filter((r) => r['SourceSecurityGroupId'] !== undefined);
    if (fromGroups.length === 0 || !owners.has(id)) {
      out[id] = resource;
      continue;
    }
    const kept = rules.filter((r) => r['SourceSecurityGroupId'] === undefined);
    const properties = { ...resource.Properties };
    if (kept.length > 0) properties['SecurityGroupIngress'] = kept;
    else delete properties['SecurityGroupIngress'];
    out[id] = { ...resource, Properties: properties };
    fromGroups.forEach((rule, i) => {
      const ruleId = `${id}Ingress${i}`;
      out[ruleId] = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': [id, 'GroupId'] }, ...rule } };
      owner.set(ruleId, `${owners.get(id) ?? ''}#rules`);
    });
  }
  return { resources: out, owner };
}

interface Param {
  Type: string;
  value: unknown;
}

interface NestedStack {
  id: string;
  kind: StackKind;
  resources: Record<string, Resource>;
  outputs: Record<string, { Description?: string; Value: unknown }>;
  params: Map<string, Param>;
  /** Root resources and other nested stacks this stack must wait for. */
  dependsOn: Set<string>;
  /** Stacks whose outputs this one reads. */
  reads: Set<string>;
  /** Nested stacks the depends_on of its services ask to come first. */
  wants: Set<string>;
}

interface Layout {
  rootResources: Record<string, Resource>;
  rootOutputs: Record<string, unknown>;
  stacks: NestedStack[];
}

/**
 * Whether a nested stack is under every budget. Its resources (references rewritten) depend only
 * on the bucket count of its kind (a reference to another kind always crosses), so their size is
 * measured once per stack and count: a layout done again for another kind serialises none of it.
 */
function withinBudget(stack: NestedStack, buckets: number, bytes: Map<string, number>, serialize: (template: Json) => string): boolean {
  const key = `${stack.id}/${buckets}`;
  const size = (): number => bytes.get(key) ?? bytes.set(key, Buffer.byteLength(serialize({ Resources: stack.resources }))).get(key)!;
  return (
    Object.keys(stack.resources).length <= NESTED_BUDGET.resources &&
    stack.params.size <= NESTED_BUDGET.parameters &&
    Object.keys(stack.outputs).length <= NESTED_BUDGET.outputs &&
    size() <= NESTED_BUDGET.resourceBytes
  );
}

function layOut(
  template: Json,
  resources: Record<string, Resource>,
  owner: ReadonlyMap<string, string>,
  placed: ReadonlyMap<string, Placement>,
  buckets: Record<StackKind, number>,
): Layout {
  const home = new Map<string, string>();
  const stacks = new Map<string, NestedStack>();
  const rootResources: Record<string, Resource> = {};
  for (const id of Object.keys(resources).sort()) {
    const resource = resources[id]!;
    const place = placed.get(id);
    if (!place) {
      rootResources[id] = resource;
      continue;
    }
    const { kind, hash } = place;
    const n = buckets[kind];
    const sid = stackId(kind, hash % n, n);
    home.set(id, sid);
    let stack = stacks.get(sid);
    if (!stack) {
      stack = { id: sid, kind, resources: {}, outputs: {}, params: new Map(), dependsOn: new Set(), reads: new Set(), wants: new Set() };
      stacks.set(sid, stack);
    }
    stack.resources[id] = resource;
  }
  const rootParameters = (template['Parameters'] as Record<string, { Type: string }> | undefined) ?? {};
  const rootOutputs: Record<string, unknown> = {};
  for (const [id, output] of Object.entries((template['Outputs'] as Record<string, Json> | undefined) ?? {})) {
    const who = owner.get(id);
    const refs = referencesIn(output['Value']);
    const sid = who !== undefined ? refs.map((r) => home.get(r.target)).find((s) => s !== undefined) : undefined;
    const stack = sid ? stacks.get(sid) : undefined;
    if (stack) stack.outputs[id] = output as { Value: unknown };
    else rootOutputs[id] = output;
  }

  const crossing = (stack: NestedStack, ref: Reference): string | undefined => {
    if (ref.target.startsWith('AWS::') || home.get(ref.target) === stack.id) return undefined;
    const rootParameter = rootParameters[ref.target];
    if (rootParameter) {
      const type = resolvedType(rootParameter.Type);
      const list = type.startsWith('List<') || type === 'CommaDelimitedList';
      stack.params.set(ref.target, { Type: type, value: list ? { 'Fn::Join': [',', { Ref: ref.target }] } : { Ref: ref.target } });
      return ref.target;
    }
    const name = crossingName(ref);
    const local = ref.attribute ? { 'Fn::GetAtt': [ref.target, ref.attribute] } : { Ref: ref.target };
    const other = home.get(ref.target);
    if (other === undefined) {
      if (!(ref.target in rootResources)) return undefined;
      stack.params.set(name, { Type: 'String', value: local });
      return name;
    }
    stacks.get(other)!.outputs[name] = { Value: local };
    stack.params.set(name, { Type: 'String', value: { 'Fn::GetAtt': [other, `Outputs.${name}`] } });
    stack.reads.add(other);
    return name;
  };

  for (const stack of [...stacks.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const [id, resource] of Object.entries(stack.resources)) {
      const { DependsOn: dependsOn, ...rest } = resource;
      const rewritten = rewriteReferences(rest, (ref) => crossing(stack, ref)) as Resource;
      const local: string[] = [];
      for (const target of dependsOn === undefined ? [] : Array.isArray(dependsOn) ? dependsOn : [dependsOn]) {
        const where = home.get(target);
        if (where === stack.id) local.push(target);
        else if (where === undefined) stack.dependsOn.add(target);
        else stack.wants.add(where);
      }
      stack.resources[id] = local.length > 0 ? { ...rewritten, DependsOn: local } : rewritten;
    }
    for (const [id, output] of Object.entries(stack.outputs)) {
      stack.outputs[id] = rewriteReferences(output, (ref) => crossing(stack, ref)) as { Value: unknown };
    }
  }
  return { rootResources, rootOutputs, stacks: [...stacks.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

/**
 * The type a nested stack gives a root parameter: an SSM parameter type is resolved by the root,
 * so the nested stack receives its value (`AWS::SSM::Parameter::Value<String>` -> `String`).
 */
function resolvedType(type: string): string {
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  return ssm?.[1] ?? type;
}

/** Adds the orderings depends_on asks for between nested stacks, except those that would close a cycle. */
function orderStacks(stacks: NestedStack[]): string[] {
  const edges = new Map(stacks.map((s) => [s.id, new Set([...s.reads])]));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const walk = (at: string): boolean => {
      if (at === to) return true;
      if (seen.has(at)) return false;
      seen.add(at);
      return [...(edges.get(at) ?? [])].some(walk);
    };
    return walk(from);
  };
  const dropped: string[] = [];
  for (const stack of stacks) {
    for (const wanted of [...stack.wants].sort()) {
      if (wanted === stack.id) continue;
      if (reaches(wanted, stack.id)) {
        dropped.push(`${stack.id} -> ${wanted}`);
        continue;
      }
      edges.get(stack.id)?.add(wanted);
      stack.dependsOn.add(wanted);
    }
  }
  return dropped;
}

function write(template: Json, layout: Layout, stackName: string, serialize: (t: Json) => string): SplitTemplates {
  const droppedDependencies = orderStacks(layout.stacks);
  const nested: Record<string, string> = {};
  const rootResources: Record<string, unknown> = { ...layout.rootResources };
  for (const stack of layout.stacks) {
    const params = [...stack.params.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const body = serialize({
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `compose-x: ${stackName}, nested stack ${stack.id}`,
      ...(params.length > 0 ? { Parameters: Object.fromEntries(params.map(([name, p]) => [name, { Type: p.Type }])) } : {}),
      Resources: stack.resources,
      ...(Object.keys(stack.outputs).length > 0 ? { Outputs: sortedRecord(stack.outputs) } : {}),
    });
    const extension = body.trimStart().startsWith('{') ? 'json' : 'yaml';
    nested[`${stackName}.${stack.id.replace(/Stack$/, '').toLowerCase()}.${extension}`] = body;
    const dependsOn = [...stack.dependsOn].sort();
    rootResources[stack.id] = {
      Type: 'AWS::CloudFormation::Stack',
      Properties: {
        TemplateURL: { 'Fn::Sub': `https://\${${TEMPLATE_BUCKET_PARAMETER}}.s3.\${AWS::Region}.\${AWS::URLSuffix}/${templateKey(stackName, body)}` },
        ...(params.length > 0 ? { Parameters: Object.fromEntries(params.map(([name, p]) => [name, p.value])) } : {}),
      },
      ...(dependsOn.length > 0 ? { DependsOn: dependsOn } : {}),
    };
  }
  const root: Json = {
    AWSTemplateFormatVersion: template['AWSTemplateFormatVersion'],
    Description: template['Description'],
    Parameters: sortedRecord({
      ...((template['Parameters'] as Json | undefined) ?? {}),
      [TEMPLATE_BUCKET_PARAMETER]: { Type: 'String', Description: 'The S3 bucket of the nested templates (compose-x up sets it).' },
    }),
    ...(template['Conditions'] ? { Conditions: template['Conditions'] } : {}),
    Resources: sortedRecord(rootResources),
    ...(Object.keys(layout.rootOutputs).length > 0 ? { Outputs: sortedRecord(layout.rootOutputs) } : {}),
  };
  const counts = templateCounts(root);
  if (counts.resources > LIMITS.resources || counts.parameters > LIMITS.parameters || counts.outputs > LIMITS.outputs) {
    throw new Error(`the root stack of ${stackName} is still over CloudFormation's quotas (${JSON.stringify(counts)})`);
  }
  return { root: serialize(root), nested, droppedDependencies };
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
