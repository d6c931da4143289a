/**
 * Rules that CloudFormation's schema cannot express and ECS enforces when it registers a task
 * definition, creates a service or starts a task (docs/ecs-rules.md lists them with their AWS
 * sources). They read one template as JSON (intrinsics in long form, as `validate` reads it
 * back); a nested stack is checked on its own, and what only another template could tell (a
 * parameter, an import) is not judged.
 */
import { checkHealthyDependencies } from './container-dependencies.js';
import { checkStrategySettings, checkTrafficShift } from './deployment-strategy.js';
import { checkExecuteCommand } from './execute-command.js';
import { checkFargateSize } from './fargate-task-size.js';
import type { Finding } from './finding.js';
import { checkImagePull } from './image-pull.js';
import { checkPortMappingNames } from './port-mapping-names.js';
import { checkPrivilegedPorts } from './privileged-ports.js';
import { checkSecretArns } from './secret-arns.js';
import { checkServiceConnectAccessLogs, checkServiceConnectNames } from './service-connect.js';
import { checkContainerResources, checkMemoryReservation } from './task-resources.js';
import { readTemplate } from './template-view.js';

export { describeFinding, ECS_RULES, type EcsRule, type Finding } from './finding.js';

/** Every finding of every rule on a template, rule by rule; an empty list means none was found. */
export function checkEcsRules(template: object): Finding[] {
  const view = readTemplate(template);
  return [
    ...checkPortMappingNames(view),
    ...checkMemoryReservation(view.taskDefinitions),
    ...checkPrivilegedPorts(view.taskDefinitions),
    ...checkHealthyDependencies(view.taskDefinitions),
    ...checkServiceConnectAccessLogs(view),
    ...checkSecretArns(view),
    ...checkImagePull(view),
    ...checkServiceConnectNames(view),
    ...checkFargateSize(view.taskDefinitions),
    ...checkContainerResources(view.taskDefinitions),
    ...checkTrafficShift(view),
    ...checkStrategySettings(view),
    ...checkExecuteCommand(view),
  ];
}
