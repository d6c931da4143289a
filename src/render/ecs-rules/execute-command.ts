import type { Finding } from './finding.js';
import { allows, rolePermissions } from './iam-policies.js';
import { getAttOf, refOf, type TemplateResource, type TemplateView } from './template-view.js';

/** What the task role needs for the SSM agent of ECS Exec to open its channels. */
const CHANNEL_ACTIONS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'] as const;

/** The task definition an ECS service runs (Properties.TaskDefinition), or a schedule's target (Target.EcsParameters.TaskDefinitionArn). */
function execTaskDefinition(view: TemplateView, resource: TemplateResource): { path: string; task?: TemplateResource } | undefined {
  if (resource.type === 'AWS::ECS::Service' && resource.properties['EnableExecuteCommand'] === true) {
    return { path: 'Properties.EnableExecuteCommand', task: view.byId.get(refOf(resource.properties['TaskDefinition']) ?? '') };
  }
  const target = resource.type === 'AWS::Scheduler::Schedule' ? (resource.properties['Target'] as { EcsParameters?: Record<string, unknown> } | undefined) : undefined;
  if (target?.EcsParameters?.['EnableExecuteCommand'] === true) {
    return { path: 'Properties.Target.EcsParameters.EnableExecuteCommand', task: view.byId.get(refOf(target.EcsParameters['TaskDefinitionArn']) ?? '') };
  }
  return undefined;
}

/**
 * Rule execute-command: the tasks of a service (or a schedule) with EnableExecuteCommand have a
 * task role allowed the four ssmmessages channel actions, else ECS starts them and every
 * session fails (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html, IAM
 * permissions required for ECS Exec). Judged when the task definition and its role are
 * resources of the template whose policies are all there to read.
 */
export function checkExecuteCommand(view: TemplateView): Finding[] {
  return view.resources.flatMap((resource): Finding[] => {
    const found = execTaskDefinition(view, resource);
    if (!found?.task) return [];
    const fix = `Allow ${CHANNEL_ACTIONS.join(', ')} on "*" in the task role of ${found.task.id}.`;
    const taskRole = found.task.properties['TaskRoleArn'];
    if (taskRole === undefined) {
      return [{ rule: 'execute-command', resource: resource.id, path: found.path, message: `ECS Exec is on, but the task definition ${found.task.id} has no task role, which the SSM agent opens its channels with; every session fails.`, fix: `Give the task definition a TaskRoleArn. ${fix}` }];
    }
    const attribute = getAttOf(taskRole);
    const role = attribute?.attribute === 'Arn' ? view.byId.get(attribute.id) : undefined;
    if (role?.type !== 'AWS::IAM::Role') return [];
    const permissions = rolePermissions(view, role);
    if (permissions.opaque) return [];
    const missing = CHANNEL_ACTIONS.filter((action) => !permissions.statements.some((s) => allows(s.statement, action, view)));
    if (missing.length === 0) return [];
    return [{ rule: 'execute-command', resource: resource.id, path: found.path, message: `ECS Exec is on, but the task role ${role.id} is not allowed ${missing.join(', ')}; every session fails.`, fix }];
  });
}
