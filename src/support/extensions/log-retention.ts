/**
 * The retention of the log groups: ECS ComposeX's x-logging.RetentionInDays (on a service, else
 * at the top level) and Docker's x-aws-logs_retention, snapped to a value CloudWatch Logs
 * allows (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html,
 * RetentionInDays); the other keys of x-logging (FireLens, Docker's log options) are not carried.
 */
import type { TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import { finding, keyFinding, type SupportFinding } from '../finding.js';

/** Days CloudWatch Logs keeps a service's logs when nothing says otherwise. */
export const LOG_RETENTION_DAYS = 30;

/** The values of RetentionInDays CloudWatch Logs accepts. */
const ALLOWED_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The allowed value nearest to `days` (the longer of two as near). */
export function snapRetention(days: number): number {
  return ALLOWED_DAYS.reduce((best, allowed) => (Math.abs(allowed - days) <= Math.abs(best - days) ? allowed : best));
}

/** Where the retention of `service`'s log group is written, and the days it asks for. */
function retentionSource(project: Project, service?: string): { path: TreePath; days: number } | undefined {
  const own = service === undefined ? undefined : project.services[service]?.extensions['x-logging'];
  if (isMapping(own) && typeof own['RetentionInDays'] === 'number') return { path: ['services', service ?? '', 'x-logging', 'RetentionInDays'], days: own['RetentionInDays'] };
  const top = project.extensions['x-logging'];
  if (isMapping(top) && typeof top['RetentionInDays'] === 'number') return { path: ['x-logging', 'RetentionInDays'], days: top['RetentionInDays'] };
  const docker = project.extensions['x-aws-logs_retention'];
  return typeof docker === 'number' ? { path: ['x-aws-logs_retention'], days: docker } : undefined;
}

/** The days the log group of `service` (or of the project's other log groups) keeps its logs. */
export function logRetention(project: Project, service?: string): number {
  const source = retentionSource(project, service);
  return source === undefined ? LOG_RETENTION_DAYS : snapRetention(source.days);
}

/** A warning for each retention CloudWatch Logs does not allow (and the value it becomes), and each key of x-logging not carried. */
export function checkLogRetention(project: Project): SupportFinding[] {
  const places: { path: TreePath; value: unknown }[] = [
    { path: ['x-logging'], value: project.extensions['x-logging'] },
    { path: ['x-aws-logs_retention'], value: project.extensions['x-aws-logs_retention'] },
    ...Object.keys(project.services).sort().map((name) => ({ path: ['services', name, 'x-logging'], value: project.services[name]?.extensions['x-logging'] })),
  ];
  return places.flatMap(({ path, value }): SupportFinding[] => {
    if (value === undefined) return [];
    const days = isMapping(value) ? value['RetentionInDays'] : value;
    const at = isMapping(value) ? [...path, 'RetentionInDays'] : path;
    const snapped = typeof days === 'number' && snapRetention(days) !== days ? [finding('warning', 'W_LOG_RETENTION', at, `CloudWatch Logs does not keep logs for ${days} days: the log groups keep them ${snapRetention(days)} days, the nearest it allows.`, `Write one of ${ALLOWED_DAYS.join(', ')}.`)] : [];
    const others = isMapping(value) ? Object.keys(value).filter((key) => key !== 'RetentionInDays') : [];
    return [
      ...snapped,
      ...others.map((key) => keyFinding('warning', 'W_COMPOSEX_EXTENSION', [...path, key], `compose-x does not carry x-logging.${key}: its log groups are CloudWatch Logs groups with a retention, and the containers log to them with awslogs.`, 'Remove it, or set it up outside compose-x.')),
    ];
  });
}
