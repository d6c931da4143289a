/**
 * Reading log groups with FilterLogEvents: one window of time across groups, the events
 * interleaved by timestamp; and following them by polling within the CloudWatch Logs quotas.
 * FilterLogEvents allows 5 transactions per second per account and region
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html), shared
 * with every other reader of the account: a follower asks at most once per REQUEST_GAP_MS (2
 * a second), starts a round across all its groups at most once per ROUND_MS, and waits twice
 * as long between requests after each ThrottlingException.
 */
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ProjectLogGroup } from './log-groups.js';
import { streamSource, type StreamSource } from './log-streams.js';

const REQUEST_GAP_MS = 500;
const MAX_REQUEST_GAP_MS = 16_000;
const ROUND_MS = 1_500;
/**
 * Each poll reads again this far behind the latest event it printed: CloudWatch takes some
 * seconds to make an event searchable, and an event put late with an earlier timestamp is
 * still found. Events already printed are known by their eventId.
 */
const OVERLAP_MS = 10_000;

/** One event of a service's logs. */
export interface LogEvent extends StreamSource {
  service: string;
  logGroup: string;
  logStream: string;
  eventId: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  message: string;
}

/** A group to read, and, for `run`, the one task whose streams to read. */
export interface LogSource {
  group: ProjectLogGroup;
  taskId?: string;
}

export interface ReadOptions {
  sources: LogSource[];
  /** Milliseconds since the epoch, inclusive. */
  start?: number;
  end?: number;
  /** A CloudWatch Logs filter pattern. */
  filter?: string;
  /** The Service Connect proxy's and Envoy's streams too. */
  proxy: boolean;
  signal?: AbortSignal;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Keeps the requests of a follower apart, further apart after each throttling. */
class Pacer {
  private gap = REQUEST_GAP_MS;
  private last = 0;

  async turn(signal?: AbortSignal): Promise<void> {
    await pause(this.last + this.gap - Date.now(), signal);
    this.last = Date.now();
  }

  throttled(): void {
    this.gap = Math.min(this.gap * 2, MAX_REQUEST_GAP_MS);
  }

  answered(): void {
    this.gap = Math.max(REQUEST_GAP_MS, this.gap / 2);
  }
}

const byTime = (a: LogEvent, b: LogEvent): number => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** The events of one source in the window, every page of them. */
async function readSource(client: CloudWatchLogsClient, source: LogSource, options: ReadOptions, pacer?: Pacer): Promise<LogEvent[]> {
  const { group } = source;
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  do {
    await pacer?.turn(options.signal);
    if (options.signal?.aborted) return events;
    const command = new FilterLogEventsCommand({
      logGroupName: group.logGroup,
      ...(options.start !== undefined ? { startTime: Math.max(0, options.start) } : {}),
      ...(options.end !== undefined ? { endTime: options.end } : {}),
      ...(options.filter ? { filterPattern: options.filter } : {}),
      ...(nextToken ? { nextToken } : {}),
    });
    const page = await client.send(command, options.signal ? { abortSignal: options.signal } : {});
    pacer?.answered();
    for (const event of page.events ?? []) {
      const logStream = event.logStreamName ?? '';
      const from = streamSource(group.service, logStream, group.gateway);
      if (from.proxy && !options.proxy) continue;
      if (source.taskId !== undefined && from.taskId !== source.taskId) continue;
      events.push({
        service: group.service,
        logGroup: group.logGroup,
        logStream,
        ...from,
        eventId: event.eventId ?? `${logStream}/${event.timestamp ?? 0}/${events.length}`,
        timestamp: event.timestamp ?? 0,
        message: (event.message ?? '').replace(/\r?\n$/, ''),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

async function readEvents(client: CloudWatchLogsClient, options: ReadOptions, pacer?: Pacer): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for (const source of options.sources) events.push(...(await readSource(client, source, options, pacer)));
  return events.sort(byTime);
}

/** The events of every source in the window, interleaved by timestamp. */
export function readWindow(client: CloudWatchLogsClient, options: ReadOptions): Promise<LogEvent[]> {
  return readEvents(client, options);
}

/** The last `count` events of each service. */
export function lastPerService(events: LogEvent[], count: number): LogEvent[] {
  const kept = new Map<string, LogEvent[]>();
  for (const event of events) {
    const list = kept.get(event.service) ?? [];
    list.push(event);
    if (list.length > count) list.shift();
    kept.set(event.service, list);
  }
  return [...kept.values()].flat().sort(byTime);
}

function isThrottling(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ThrottlingException' || error.name === 'Throttling');
}

export interface FollowOptions extends ReadOptions {
  /** The events already printed (their ids and latest timestamp), so that none is printed twice. */
  printed: LogEvent[];
  /** Events before this time are not printed (`--tail 0`: only what comes from now on). */
  notBefore?: number;
  /** Asked after each round: when it says true, one more round reads what came last, and following ends. */
  finished?: () => Promise<boolean>;
}

/**
 * Polls the sources for new events, each one handed to `onEvent` once, interleaved by
 * timestamp within each round, until the signal aborts, `end` has passed, or `finished` says so.
 */
export async function follow(client: CloudWatchLogsClient, options: FollowOptions, onEvent: (event: LogEvent) => void): Promise<void> {
  const pacer = new Pacer();
  const seen = new Map(options.printed.map((event) => [event.eventId, event.timestamp]));
  let cursor = Math.max(options.start ?? Date.now(), ...options.printed.map((event) => event.timestamp));
  let last = false;
  while (!options.signal?.aborted) {
    const round = Date.now();
    try {
      const events = await readEvents(client, { ...options, start: cursor - OVERLAP_MS }, pacer);
      for (const event of events) {
        if (seen.has(event.eventId) || options.signal?.aborted || event.timestamp < (options.notBefore ?? 0)) continue;
        seen.set(event.eventId, event.timestamp);
        cursor = Math.max(cursor, event.timestamp);
        onEvent(event);
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      if (!isThrottling(error)) throw error;
      pacer.throttled();
    }
    for (const [id, timestamp] of seen) if (timestamp < cursor - OVERLAP_MS) seen.delete(id);
    if (last || (options.end !== undefined && Date.now() > options.end)) return;
    if (options.finished && (await options.finished())) last = true;
    await pause(round + ROUND_MS - Date.now(), options.signal);
  }
}
