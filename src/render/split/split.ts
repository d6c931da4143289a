import { createHash } from 'node:crypto';
import { timed } from '../../parser/diagnostics.js';
import { templateKey } from '../template/template-key.js';
import { LIMITS, NESTED_BUDGET, templateCounts } from './limits.js';
import { bucketOf, kindOf, ownerHash, stackId, STACK_KINDS, type StackKind } from './partition.js';
import { referencesIn, rewriteReferences, type Reference } from './references.js';

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

const MAX_BUCKETS = 4096;

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
  const buckets = initialBuckets(template, resources, owner);
  const bytes = new Map<string, number>();
  for (;;) {
    const layout = timed('layout', () => layOut(template, resources, owner, buckets));
    const over = STACK_KINDS.filter((kind) => layout.stacks.some((s) => s.kind === kind && !withinBudget(s, buckets[kind], bytes, serialize)));
    if (over.length === 0) return write(template, layout, stackName, serialize);
    for (const kind of over) {
      if (buckets[kind] >= MAX_BUCKETS) throw new Error(`cannot split the ${kind} of ${stackName} under CloudFormation's quotas`);
      buckets[kind] *= 2;
    }
  }
}

/** What lands in the stacks of one kind, by the hash of the owner that takes it to a bucket. */
interface KindLoad {
  resources: number[];
  /** An output's name -> the hash of the stack that holds it, for the outputs that are there at any count. */
  outputs: Map<string, number>;
  /** A parameter's name -> the hashes of the stacks that take it, for the references that cross at any count. */
  params: Map<string, Set<number>>;
  /** References between two owners of this kind: they cross when the owners' buckets differ. */
  between: { name: string; from: number; to: number }[];
}

/**
 * The first guess of bucket counts, by every quota of a nested stack: for each kind, the
 * smallest power of two that gives its stacks about 250 resources on average, and where no
 * stack is over the budget of resources, outputs (its resources another stack references, and
 * the template's outputs of its owners) or parameters (the resources of another stack it
 * references), counted in the buckets the owners' hashes give. References to root parameters
 * and bytes are left to the layout, so these counts are never more than a stack's, the guess
 * never more than the layout needs, and the layout is mostly computed once (a kind whose stack
 * is still over budget is doubled again).
 */
function initialBuckets(template: Json, resources: Record<string, Resource>, owner: ReadonlyMap<string, string>): Record<StackKind, number> {
  const loads = new Map<StackKind, KindLoad>(STACK_KINDS.map((k) => [k, { resources: [], outputs: new Map(), params: new Map(), between: [] }]));
  const load = (kind: StackKind): KindLoad => loads.get(kind)!;
  const placed = new Map<string, { kind: StackKind; hash: number }>();
  const hashes = new Map<string, number>();
  for (const [id, resource] of Object.entries(resources)) {
    const who = owner.get(id);
    const kind = kindOf(who?.replace(/#rules$/, ''), who?.endsWith('#rules') ? 'AWS::EC2::SecurityGroupIngress' : resource.Type);
    if (!kind || !who) continue;
    const bucketOwner = who.replace(/#rules$/, '');
    const hash = hashes.get(bucketOwner) ?? hashes.set(bucketOwner, ownerHash(bucketOwner)).get(bucketOwner)!;
    placed.set(id, { kind, hash });
    load(kind).resources.push(hash);
  }
  for (const [id, resource] of Object.entries(resources)) {
    const from = placed.get(id);
    if (!from) continue;
    for (const ref of referencesIn(resource)) {
      if (!(ref.target in resources)) continue;
      const to = placed.get(ref.target);
      const name = crossingName(ref);
      if (to?.kind === from.kind) {
        if (to.hash !== from.hash) load(from.kind).between.push({ name, from: from.hash, to: to.hash });
        continue;
      }
      const params = load(from.kind).params;
      params.set(name, (params.get(name) ?? new Set()).add(from.hash));
      if (to) load(to.kind).outputs.set(name, to.hash);
    }
  }
  // A template output of an owner moves to the stack of the first resource it reads (see layOut).
  for (const [id, output] of Object.entries((template['Outputs'] as Record<string, Json> | undefined) ?? {})) {
    if (!owner.has(id)) continue;
    const home = referencesIn(output['Value']).map((r) => placed.get(r.target)).find((p) => p !== undefined);
    if (home) load(home.kind).outputs.set(id, home.hash);
  }
  const under = (buckets: Iterable<number>, n: number, limit: number): boolean => {
    const counts = new Uint32Array(n);
    for (const bucket of buckets) if (++counts[bucket]! > limit) return false;
    return true;
  };
  const fits = ({ resources: held, outputs, params, between }: KindLoad, n: number): boolean => {
    if (!under(held.map((hash) => hash % n), n, NESTED_BUDGET.resources)) return false;
    const outputsAt = new Map<string, number>();
    for (const [name, hash] of outputs) outputsAt.set(name, hash % n);
    const paramsAt = new Map<string, Set<number>>();
    for (const [name, hashes] of params) paramsAt.set(name, new Set([...hashes].map((hash) => hash % n)));
    for (const ref of between) {
      if (ref.from % n === ref.to % n) continue;
      outputsAt.set(ref.name, ref.to % n);
      paramsAt.set(ref.name, (paramsAt.get(ref.name) ?? new Set()).add(ref.from % n));
    }
    return under(outputsAt.values(), n, NESTED_BUDGET.outputs) && under([...paramsAt.values()].flatMap((buckets) => [...buckets]), n, NESTED_BUDGET.parameters);
  };
  /** Where the counts start: the averages, which no count of stacks below can meet. */
  const least = ({ resources: held, outputs, params }: KindLoad): number => {
    const stacks = Math.max(held.length / 250, outputs.size / NESTED_BUDGET.outputs, params.size / NESTED_BUDGET.parameters);
    return 2 ** Math.max(0, Math.ceil(Math.log2(stacks)));
  };
  const guess = (kind: StackKind): number => {
    let n = least(load(kind));
    while (n < MAX_BUCKETS && !fits(load(kind), n)) n *= 2;
    return n;
  };
  return Object.fromEntries(STACK_KINDS.map((k) => [k, guess(k)])) as Record<StackKind, number>;
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

function layOut(template: Json, resources: Record<string, Resource>, owner: ReadonlyMap<string, string>, buckets: Record<StackKind, number>): Layout {
  const home = new Map<string, string>();
  const stacks = new Map<string, NestedStack>();
  const rootResources: Record<string, Resource> = {};
  for (const id of Object.keys(resources).sort()) {
    const resource = resources[id]!;
    const who = owner.get(id);
    const kind = kindOf(who?.replace(/#rules$/, ''), who?.endsWith('#rules') ? 'AWS::EC2::SecurityGroupIngress' : resource.Type);
    if (!kind || !who) {
      rootResources[id] = resource;
      continue;
    }
    const n = buckets[kind];
    const sid = stackId(kind, bucketOf(who.replace(/#rules$/, ''), n), n);
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

/** The output and parameter that carry a reference across stacks: `Svc0007SecurityGroupGroupId`. */
function crossingName(ref: Reference): string {
  return shortName(`${ref.target}${ref.attribute ? ref.attribute.replace(/[^A-Za-z0-9]/g, '') : 'Ref'}`, LIMITS.outputName);
}

/** Names past a length limit keep a readable start and a hash of the whole. */
function shortName(name: string, limit: number): string {
  if (name.length <= limit) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8).toUpperCase();
  return `${name.slice(0, limit - hash.length)}${hash}`;
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
