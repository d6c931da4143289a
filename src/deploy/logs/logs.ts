/**
 * `logs`: the CloudWatch Logs of the stack's services, interleaved by timestamp, once or
 * followed. The groups come from the stack's resources; the CLI prints each event.
 */
import { ComposeXError } from '../../parser/diagnostics.js';
import { cloudFormation, cloudWatchLogs } from '../clients.js';
import { describeStack } from '../stack/stack-status.js';
import type { AwsTarget } from '../types.js';
import { projectLogGroups, type ProjectLogGroup } from './log-groups.js';
import { follow, lastPerService, readWindow, type LogEvent } from './log-reader.js';

export interface LogsOptions {
  target: AwsTarget;
  stackName: string;
  /** The compose services to show; none: all of them. */
  services: string[];
  /** Milliseconds since the epoch. */
  since?: number;
  until?: number;
  /** The last N events of each service. */
  tail?: number;
  /** A CloudWatch Logs filter pattern. */
  filter?: string;
  follow: boolean;
  /** The Service Connect proxy's and Envoy's streams (and the App Mesh gateways' groups). */
  proxy: boolean;
  /** Ends following. */
  signal?: AbortSignal;
  onEvent(event: LogEvent): void;
}

/** The stack's log groups, those of `services` when named; an unknown service is refused with the known ones. */
export async function serviceLogGroups(target: AwsTarget, stackName: string, services: string[], proxy: boolean): Promise<ProjectLogGroup[]> {
  const cf = cloudFormation(target);
  if (!(await describeStack(cf, stackName))) {
    throw new ComposeXError('E_NO_STACK', `there is no stack ${stackName} in this region: deploy it with \`compose-x up\`, or name it with -p.`);
  }
  const groups = (await projectLogGroups(cf, stackName)).filter((group) => proxy || !group.gateway);
  const unknown = services.filter((service) => !groups.some((group) => group.service === service));
  if (unknown.length > 0) {
    const known = groups.map((group) => group.service).join(', ') || 'none';
    throw new ComposeXError('E_NO_SUCH_SERVICE', `no such service: ${unknown.join(', ')} (the services of stack ${stackName} with logs: ${known}).`);
  }
  return services.length === 0 ? groups : groups.filter((group) => services.includes(group.service));
}

/** Prints (through `onEvent`) the services' events in the window, the last `tail` of each when asked; then follows them when asked. */
export async function logs(options: LogsOptions): Promise<void> {
  const groups = await serviceLogGroups(options.target, options.stackName, options.services, options.proxy);
  const client = cloudWatchLogs(options.target);
  const read = {
    sources: groups.map((group) => ({ group })),
    ...(options.since !== undefined ? { start: options.since } : {}),
    ...(options.until !== undefined ? { end: options.until } : {}),
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    proxy: options.proxy,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const now = Date.now();
  const found = options.tail === 0 ? [] : await readWindow(client, read);
  const shown = options.tail === undefined ? found : lastPerService(found, options.tail);
  for (const event of shown) options.onEvent(event);
  if (options.follow && !options.signal?.aborted) await follow(client, { ...read, printed: found, ...(options.tail === 0 ? { notBefore: now } : {}) }, options.onEvent);
}

export type { LogEvent } from './log-reader.js';
