/**
 * The settings inside the ECS ComposeX extensions compose-x reads (x-network) that it does not
 * carry: each one set is a W_COMPOSEX_EXTENSION warning at its place, like the extensions of
 * composex-extensions.ts. `*` in a path is every item of a list.
 */
import type { TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import { keyFinding, type SupportFinding } from '../finding.js';

export interface ComposeXSetting {
  /** Under the service, `*` for each item of a list. */
  path: readonly string[];
  would: string;
  without: string;
  instead: string;
}

export const COMPOSEX_SERVICE_SETTINGS: readonly ComposeXSetting[] = [
  {
    path: ['x-network', 'AssignPublicIp'],
    would: 'give the tasks of this service public IP addresses',
    without: 'they keep the addresses compose-x gives them (private, behind the load balancer, unless x-ingress says public-ip)',
    instead: 'Set x-ingress: public-ip on the service to put its tasks on public IPs, with its published ports open to the world.',
  },
  {
    path: ['x-network', 'IsPublic'],
    would: 'place this service in the public subnets',
    without: 'it stays in the subnets compose-x chooses',
    instead: 'Set x-ingress: public-ip on the service to put its tasks on public IPs.',
  },
  {
    path: ['x-network', 'Ingress', 'AwsSources', '*', 'Lookup'],
    would: 'look up this security group or prefix list by its tags',
    without: 'this source is not admitted',
    instead: 'Give its Id (sg-... or pl-...).',
  },
  {
    path: ['x-network', 'Ingress', 'Services', '*', 'DependsOn'],
    would: 'create this service after the one it admits',
    without: 'the order of creation follows depends_on only',
    instead: 'Add the service to depends_on if the order matters.',
  },
  {
    path: ['x-network', 'x-ecs_connect', 'Properties', 'LogConfiguration'],
    would: 'send the Service Connect proxy logs where this says',
    without: "the proxy logs go to the service's log group (x-serviceconnect.Logs)",
    instead: 'Remove it; set x-serviceconnect: {Logs: false} at the top level to keep the proxy logs out.',
  },
];

/** The label that puts services in one ECS ComposeX family (https://docs.compose-x.io/lexicon.html). */
const FAMILY_LABEL = 'ecs.task.family';

/** A warning for each setting of COMPOSEX_SERVICE_SETTINGS a service sets, and for its ecs.task.family label. */
export function checkComposeXSettings(project: Project): SupportFinding[] {
  return Object.keys(project.services)
    .sort()
    .flatMap((name) => {
      const service = project.services[name]!;
      const settings = COMPOSEX_SERVICE_SETTINGS.flatMap((setting) =>
        pathsIn(service.extensions, setting.path).map((at) => {
          const message = `ECS ComposeX would ${setting.would}; compose-x does not, so ${setting.without}.`;
          return keyFinding('warning', 'W_COMPOSEX_EXTENSION', ['services', name, ...at], message, setting.instead);
        }),
      );
      const labels: TreePath[] = [
        ...(service.deploy?.labels?.[FAMILY_LABEL] !== undefined ? [['services', name, 'deploy', 'labels', FAMILY_LABEL]] : []),
        ...(service.labels[FAMILY_LABEL] !== undefined ? [['services', name, 'labels', FAMILY_LABEL]] : []),
      ];
      const family = labels.map((path) =>
        keyFinding(
          'warning',
          'W_COMPOSEX_EXTENSION',
          path,
          'ECS ComposeX would run the services of this family as the containers of one task; compose-x does not, so this service is its own ECS service and task definition.',
          'Run the containers that must share a task as one compose service, or keep them as services that call each other.',
        ),
      );
      return [...settings, ...family];
    });
}

/** The paths in `value` that `pattern` matches, each item of a list for `*`. */
function pathsIn(value: unknown, pattern: readonly string[], at: TreePath = []): TreePath[] {
  const [head, ...rest] = pattern;
  if (head === undefined) return [at];
  if (head === '*') return Array.isArray(value) ? value.flatMap((item, i) => pathsIn(item, rest, [...at, i])) : [];
  return isMapping(value) && value[head] !== undefined ? pathsIn(value[head], rest, [...at, head]) : [];
}
