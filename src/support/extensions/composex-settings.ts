/**
 * The settings inside the ECS ComposeX extensions compose-x reads (x-network) that it does not
 * carry: each one set is a W_COMPOSEX_EXTENSION warning at its place, like the extensions of
 * composex-extensions.ts. `*` in a path is every item of a list.
 */
import type { TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import { keyFinding, type SupportFinding } from '../finding.js';
import { FAMILY_LABEL, familyOf as familyOfService } from '../task-family.js';

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


/**
 * A warning for each setting of COMPOSEX_SERVICE_SETTINGS a service sets, and for an
 * ecs.task.family label no other service shares (a family of one service is that service).
 */
export function checkComposeXSettings(project: Project): SupportFinding[] {
  const familyOf = (name: string): string | undefined => familyOfService(project.services[name]);
  const names = Object.keys(project.services).sort();
  return names.flatMap((name) => {
    const service = project.services[name]!;
    const settings = COMPOSEX_SERVICE_SETTINGS.flatMap((setting) =>
      pathsIn(service.extensions, setting.path).map((at) => {
        const message = `ECS ComposeX would ${setting.would}; compose-x does not, so ${setting.without}.`;
        return keyFinding('warning', 'W_COMPOSEX_EXTENSION', ['services', name, ...at], message, setting.instead);
      }),
    );
    const family = familyOf(name);
    if (family === undefined || names.some((other) => other !== name && familyOf(other) === family)) return settings;
    const path: TreePath = service.deploy?.labels?.[FAMILY_LABEL] !== undefined ? ['services', name, 'deploy', 'labels', FAMILY_LABEL] : ['services', name, 'labels', FAMILY_LABEL];
    const message = `ECS ComposeX would name the task family of this service ${family}; compose-x does not, so it is named after the project and the service.`;
    return [...settings, keyFinding('warning', 'W_COMPOSEX_EXTENSION', path, message, 'Give the label to the other services that share its task, or remove it.')];
  });
}

/** The paths in `value` that `pattern` matches, each item of a list for `*`. */
function pathsIn(value: unknown, pattern: readonly string[], at: TreePath = []): TreePath[] {
  const [head, ...rest] = pattern;
  if (head === undefined) return [at];
  if (head === '*') return Array.isArray(value) ? value.flatMap((item, i) => pathsIn(item, rest, [...at, i])) : [];
  return isMapping(value) && value[head] !== undefined ? pathsIn(value[head], rest, [...at, head]) : [];
}
