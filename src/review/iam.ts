/** The IAM statements of a role as the review's IAM table prints them. */
import { list, obj, readable } from './template-values.js';

type Json = Record<string, unknown>;

export function statementsOf(role: Json): Json[] {
  return list(role['Policies']).flatMap((policy) => {
    const statement = obj(obj(policy)['PolicyDocument'])['Statement'];
    return (Array.isArray(statement) ? statement : statement === undefined ? [] : [statement]).map(obj);
  });
}

/** A role's managed policies (`managed policy <arn>`) and permissions boundary (`bounded by <arn>`), as the user attached them. */
export function attachedPolicies(role: Json): string[] {
  const boundary = role['PermissionsBoundary'];
  return [...list(role['ManagedPolicyArns']).map((arn) => `managed policy ${readable(arn)}`), ...(boundary === undefined ? [] : [`bounded by ${readable(boundary)}`])];
}

/**
 * `logs:CreateLogStream, logs:PutLogEvents on CounterLogGroup.Arn`; an EFS permission names the
 * access points it is limited to; a Deny (or NotAction, NotResource) statement says so.
 */
export function permission(statement: Json): string {
  const through = obj(obj(statement['Condition'])['StringEquals'])['elasticfilesystem:AccessPointArn'];
  const action = statement['Action'] ?? `all but ${readable(statement['NotAction'])}`;
  const resource = statement['Resource'] ?? `all but ${readable(statement['NotResource'])}`;
  const effect = statement['Effect'] === 'Deny' ? 'deny ' : '';
  return `${effect}${readable(action)} on ${readable(resource)}${through === undefined ? '' : ` through ${readable(through)}`}`;
}
