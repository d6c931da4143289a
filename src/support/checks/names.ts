/**
 * The names compose-x gives AWS resources after the project and its services: the stack
 * (CloudFormation: a letter, then letters, digits and hyphens, at most 128 characters), and
 * each service's task family and container (ECS: letters, digits, hyphens and underscores,
 * at most 255 characters, `<project>-<service>` for the family).
 */
import type { Project } from '../../parser/model.js';
import { keyFinding, finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const MAX_STACK_NAME = 128;
const ECS_NAME = /^[a-zA-Z0-9_-]+$/;
const MAX_FAMILY = 255;

/** A stack name close to `name`: underscores as hyphens, a leading letter. */
function stackNameLike(name: string): string {
  const hyphens = name.replace(/[^-a-zA-Z0-9]+/g, '-').slice(0, MAX_STACK_NAME - 4);
  return /^[a-zA-Z]/.test(hyphens) ? hyphens : `app-${hyphens}`;
}

/** The project name is the stack name: it must be one CloudFormation takes. */
export function checkProjectName(project: Project): SupportFinding[] {
  const { name } = project;
  if (STACK_NAME.test(name) && name.length <= MAX_STACK_NAME) return [];
  const why =
    name.length > MAX_STACK_NAME
      ? `it is ${name.length} characters long, over CloudFormation's ${MAX_STACK_NAME}`
      : /^[a-zA-Z]/.test(name)
        ? 'a stack name has only letters, digits and hyphens'
        : 'a stack name starts with a letter';
  return [
    finding(
      'error',
      'E_STACK_NAME',
      ['name'],
      `the project name "${name}" cannot be the name of its CloudFormation stack: ${why}.`,
      `Name the project with -p ${stackNameLike(name)} (or the top-level name:).`,
    ),
  ];
}

/** A service's name is in its task family and container name: ECS's characters, within ECS's length. */
export function checkServiceName({ project, service, at }: Scope): SupportFinding[] {
  const family = `${project.name}-${service.name}`;
  if (ECS_NAME.test(service.name) && family.length <= MAX_FAMILY) return [];
  const why = ECS_NAME.test(service.name)
    ? `its task family "${family.slice(0, 40)}..." would be ${family.length} characters, over ECS's ${MAX_FAMILY}`
    : 'ECS task families and container names take only letters, digits, hyphens and underscores';
  const hint = ECS_NAME.test(service.name)
    ? `Shorten the service's name or the project's (-p): the family is ${MAX_FAMILY} characters at most.`
    : `Rename the service (e.g. "${service.name.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 60)}") and the names that refer to it.`;
  return [keyFinding('error', 'E_SERVICE_NAME', at, `service "${service.name}" cannot be named so on ECS: ${why}.`, hint)];
}
