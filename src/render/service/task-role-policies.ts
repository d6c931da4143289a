import { ParseError, type Position, type TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Service } from '../../parser/model.js';
import { Sub, type Value } from '../template/cfn.js';

/** What the user asks of a service's task role (schemas/x-iam.json), on top of what compose-x gives it. */
export interface TaskRolePolicies {
  policies: { PolicyName: string; PolicyDocument: object }[];
  managedPolicyArns: Value<string>[];
  permissionsBoundary?: Value<string>;
}

/** The inline policy of the statements compose-x itself gives a task role (src/render/service/iam.ts). */
export const TASK_POLICY = 'task';

interface XIam {
  Policies?: { PolicyName: string; PolicyDocument: object }[];
  ManagedPolicyArns?: string[];
  PermissionsBoundary?: string;
}

/**
 * The task role's policies from ECS ComposeX's x-iam (Policies, ManagedPolicyArns,
 * PermissionsBoundary: a name resolves to arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/<name>,
 * https://docs.compose-x.io/syntax/compose_x/ecs.details/iam.html) and Docker's x-aws-role (one
 * inline policy, `<Service>Policy`) and x-aws-policies (managed policy ARNs), as
 * docker/compose-cli's ecs/cloudformation.go put them on the task role. The statements are
 * the user's, `*` included: the review lists them.
 */
export function taskRolePolicies(
  name: string,
  service: Service,
  id: string,
  locate: (path: TreePath) => Position | undefined,
): TaskRolePolicies {
  const iam = (isMapping(service.extensions['x-iam']) ? service.extensions['x-iam'] : {}) as XIam;
  const role = service.extensions['x-aws-role'];
  const awsPolicies = Array.isArray(service.extensions['x-aws-policies']) ? (service.extensions['x-aws-policies'] as string[]) : [];
  const policies: TaskRolePolicies['policies'] = [
    ...(iam.Policies ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: p.PolicyDocument })),
    ...(isMapping(role) ? [{ PolicyName: `${id}Policy`, PolicyDocument: role }] : []),
  ];
  const names = new Set([TASK_POLICY]);
  for (const [i, p] of policies.entries()) {
    if (names.has(p.PolicyName)) {
      const path: TreePath = i < (iam.Policies ?? []).length ? ['services', name, 'x-iam', 'Policies', i, 'PolicyName'] : ['services', name, 'x-aws-role'];
      throw new ParseError('E_IAM_POLICY_NAME', `the task role of "${name}" already has a policy named "${p.PolicyName}".`, {
        path,
        position: locate(path),
        hint: `Give it another PolicyName: a role's inline policies have unique names, and "${TASK_POLICY}" is compose-x's own.`,
      });
    }
    names.add(p.PolicyName);
  }
  const managed = [...new Set([...(iam.ManagedPolicyArns ?? []), ...awsPolicies])];
  return {
    policies,
    managedPolicyArns: managed.map(policyArn),
    ...(iam.PermissionsBoundary !== undefined ? { permissionsBoundary: policyArn(iam.PermissionsBoundary) } : {}),
  };
}

/** A policy ARN as written, or the customer managed policy of that name (or path) in the stack's account. */
function policyArn(nameOrArn: string): Value<string> {
  return nameOrArn.startsWith('arn:') ? nameOrArn : Sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${nameOrArn.replace(/^\//, '')}`);
}
