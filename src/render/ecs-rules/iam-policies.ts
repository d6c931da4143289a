import { isObject, type JsonObject } from '../template/json-object.js';
import { resolveText, UNKNOWN, unjudgeable } from './resolve-text.js';
import { objectsOf, refOf, type TemplateResource, type TemplateView } from './template-view.js';

/** A statement of an IAM policy of the template, where it is. */
export interface PolicyStatement {
  resource: TemplateResource;
  /** `Properties.Policies[0].PolicyDocument.Statement[1]` */
  path: string;
  statement: JsonObject;
}

const POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy'];

/** The policy documents of a resource that holds some (roles, policies, managed policies). */
function documentsOf(resource: TemplateResource): { path: string; document: unknown }[] {
  if (resource.type === 'AWS::IAM::Role') {
    return objectsOf(resource.properties['Policies']).map(([index, policy]) => ({ path: `Properties.Policies[${index}].PolicyDocument`, document: policy['PolicyDocument'] }));
  }
  if (POLICY_TYPES.includes(resource.type)) {
    return [{ path: 'Properties.PolicyDocument', document: resource.properties['PolicyDocument'] }];
  }
  return [];
}

function statementsOf(resource: TemplateResource): PolicyStatement[] {
  return documentsOf(resource).flatMap(({ path, document }) => {
    if (!isObject(document)) return [];
    const statement = document['Statement'];
    if (isObject(statement)) return [{ resource, path: `${path}.Statement`, statement }];
    return objectsOf(statement).map(([index, s]) => ({ resource, path: `${path}.Statement[${index}]`, statement: s }));
  });
}

/** A policy document whose statements are all there to read (not an intrinsic, nor a list of them). */
function readable(document: unknown): boolean {
  if (!isObject(document)) return false;
  const statement = document['Statement'];
  return Array.isArray(statement) ? statement.every((s) => isObject(s) && typeof s['Effect'] === 'string') : isObject(statement) && typeof statement['Effect'] === 'string';
}

/** Every statement of every IAM policy of the template. */
export function allStatements(view: TemplateView): PolicyStatement[] {
  return view.resources.flatMap(statementsOf);
}

/**
 * AWS managed policies that let a role pull from every Amazon ECR repository of its account
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/security-iam-awsmanpol.html).
 */
const PULLING_MANAGED_POLICIES =
  /:iam::aws:policy\/(?:service-role\/)?(?:AmazonECSTaskExecutionRolePolicy|AmazonEC2ContainerRegistryReadOnly|AmazonEC2ContainerRegistryPullOnly|AmazonEC2ContainerRegistryPowerUser|AmazonEC2ContainerRegistryFullAccess)$/;

/** What a role of the template may do, as far as the template says. */
export interface RolePermissions {
  statements: PolicyStatement[];
  /** An AWS managed policy that allows pulling from Amazon ECR is attached. */
  managedPull: boolean;
  /** Something is attached whose statements are not read here (another managed policy, a parameter). */
  opaque: boolean;
}

/** The statements of a role: inline, in policies and managed policies of the template that name it, and what its ManagedPolicyArns say. */
export function rolePermissions(view: TemplateView, role: TemplateResource): RolePermissions {
  const statements = statementsOf(role);
  let managedPull = false;
  const policies = role.properties['Policies'];
  let opaque = (policies !== undefined && !Array.isArray(policies)) || documentsOf(role).some(({ document }) => !readable(document));
  const managed = role.properties['ManagedPolicyArns'];
  if (managed !== undefined && !Array.isArray(managed)) opaque = true;
  for (const arn of Array.isArray(managed) ? managed : []) {
    const policy = view.byId.get(refOf(arn) ?? '');
    if (policy?.type === 'AWS::IAM::ManagedPolicy') {
      statements.push(...statementsOf(policy));
      continue;
    }
    if (PULLING_MANAGED_POLICIES.test(resolveText(arn, view))) managedPull = true;
    else opaque = true;
  }
  for (const policy of view.resources) {
    if (policy === role || statements.some((s) => s.resource === policy)) continue;
    const roles = policy.properties['Roles'];
    const names = Array.isArray(roles) ? roles.map(refOf) : [refOf(policy.properties['RoleName'])];
    if (POLICY_TYPES.includes(policy.type) && names.includes(role.id)) {
      statements.push(...statementsOf(policy));
    }
  }
  return { statements, managedPull, opaque };
}

/**
 * Whether an Allow statement grants `action` on `arn` (`undefined` for "any resource", as
 * ecr:GetAuthorizationToken needs). A statement the rules cannot read in full (NotAction,
 * NotResource, a resource they cannot resolve) counts as granting it.
 */
export function allows(statement: JsonObject, action: string, view: TemplateView, arn?: string): boolean {
  if (statement['Effect'] !== 'Allow') return false;
  if (statement['NotAction'] !== undefined || statement['NotResource'] !== undefined) return true;
  const actions = listOf(statement['Action']);
  if (!actions.some((a) => typeof a !== 'string' || glob(a, 'i').test(action))) return false;
  return listOf(statement['Resource']).some((r) => {
    const pattern = resolveText(r, view);
    if (pattern === '*') return true;
    return arn === undefined ? pattern.includes(UNKNOWN) : arnMatches(pattern, arn);
  });
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** An ARN pattern (with `*` and `?`) against an ARN, segment by segment; a segment of either that cannot be judged matches. */
function arnMatches(pattern: string, arn: string): boolean {
  const patterns = segments(masked(pattern));
  const parts = segments(masked(arn));
  if (patterns.length !== parts.length) return unjudgeable(pattern) || unjudgeable(arn) || glob(pattern).test(arn);
  return patterns.every((p, i) => {
    const part = parts[i] ?? '';
    return unjudgeable(p) || unjudgeable(part) || glob(p).test(part);
  });
}

/** `${AWS::Region}` as `${}`: the colons of pseudo parameters are not those of the ARN. */
function masked(text: string): string {
  return text.replace(/\$\{[^}]*\}/g, '${}');
}

/** The six segments of an ARN (the last one keeps its colons), or the whole text. */
function segments(arn: string): string[] {
  const parts = arn.split(':');
  return parts.length < 6 ? [arn] : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function glob(pattern: string, flags = ''): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}
