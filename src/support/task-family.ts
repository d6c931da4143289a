/**
 * ECS ComposeX's family labels (https://docs.compose-x.io/lexicon.html): services with the same
 * ecs.task.family run as the containers of one task (src/mesh/family.ts groups them), and
 * ecs.essential: "false" makes a container non-essential. Read in deploy.labels or labels.
 */
import type { Project, Service } from '../parser/model.js';

export const FAMILY_LABEL = 'ecs.task.family';
export const ESSENTIAL_LABEL = 'ecs.essential';

export function familyOf(service: Service | undefined): string | undefined {
  return service?.deploy?.labels?.[FAMILY_LABEL] ?? service?.labels[FAMILY_LABEL];
}

/** Whether two services of the project are in one family (one task). */
export function sameFamily(project: Project, a: string, b: string): boolean {
  const family = familyOf(project.services[a]);
  return family !== undefined && a !== b && familyOf(project.services[b]) === family;
}
