import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { follow, readWindow, type LogEvent } from '../../src/deploy/logs/log-reader.js';
import { streamSource } from '../../src/deploy/logs/log-streams.js';
import { parseTimeSpec } from '../../src/deploy/logs/time-spec.js';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

const logsMock = mockClient(CloudWatchLogsClient);
beforeEach(() => logsMock.reset());

const web = { group: { service: 'web', logGroup: '/compose-x/demo/web', gateway: false } };
const throttling = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });

describe('the times of --since and --until', () => {
  const now = Date.UTC(2026, 11, 1, 12, 0, 0);
  it.each([
    ['10m', now - 600_000],
    ['1h30m', now - 5_400_000],
    ['1.5h', now - 5_400_000],
    ['90s', now - 90_000],
    ['10', 10_000],
    ['1796119200', Date.UTC(2026, 11, 1, 10, 0, 0)],
    ['1796119200.5', Date.UTC(2026, 11, 1, 10, 0, 0, 500)],
    ['2026-12-01T10:00:00Z', Date.UTC(2026, 11, 1, 10, 0, 0)],
    ['2026-12-01T10:00:00+02:00', Date.UTC(2026, 11, 1, 8, 0, 0)],
    ['2026-12-01T10:00', new Date(2026, 11, 1, 10, 0).getTime()],
    ['2026-12-01', new Date(2026, 11, 1).getTime()],
  ])('%s', (text, time) => {
    expect(parseTimeSpec(text, now)).toBe(time);
  });

  it.each(['yesterday', '10 m', '-10m', '2026-13-45', ''])('refuses %j', (text) => {
    expect(parseTimeSpec(text, now)).toBeUndefined();
  });

  it('the CLI refuses a time it cannot read (exit 2), before any AWS call', () => {
    const result = cli(['logs', '-p', 'demo', '--since', 'yesterday'], tmpProject({}));
    expect(result.stderr).toContain("error: option '--since <time>' argument 'yesterday' is invalid. expected a duration before now (10m, 1h30m)");
    expect(result.status).toBe(2);
  });
});

describe('the log streams of a service', () => {
  it.each([
    ['web/web/abc', { taskId: 'abc', container: '', proxy: false }],
    ['web-files/web-files/abc', { taskId: 'abc', container: 'files', proxy: false }],
    ['web-service-connect/ecs-service-connect-Ab1/abc', { taskId: 'abc', container: 'service-connect', proxy: true }],
    ['web-envoy/envoy/abc', { taskId: 'abc', container: 'envoy', proxy: true }],
    ['web-xray/xray-daemon/abc', { taskId: 'abc', container: 'xray', proxy: false }],
  ])('%s', (stream, source) => {
    expect(streamSource('web', stream, false)).toEqual(source);
  });

  it("a gateway's streams are all proxy", () => {
    expect(streamSource('gateway-front', 'xray/xray-daemon/abc', true)).toMatchObject({ proxy: true });
  });
});

describe('reading and following FilterLogEvents', () => {
  const event = (id: string, timestamp: number, stream = 'web/web/t1'): Record<string, unknown> => ({ eventId: id, timestamp, logStreamName: stream, message: `${id}\n` });

  it('reads every page of the window, with the filter pattern, and leaves the proxy out', async () => {
    logsMock
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [event('b', 20)], nextToken: 'page-2' })
      .resolvesOnce({ events: [event('a', 10), event('p', 15, 'web-service-connect/ecs-service-connect-x/t1')] });
    const events = await readWindow(new CloudWatchLogsClient({ region: 'us-east-1' }), { sources: [web], start: 5, end: 50, filter: '"ERROR"', proxy: false });
    expect(events.map((e) => [e.eventId, e.message])).toEqual([['a', 'a'], ['b', 'b']]);
    expect(logsMock.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input)).toEqual([
      { logGroupName: '/compose-x/demo/web', startTime: 5, endTime: 50, filterPattern: '"ERROR"' },
      { logGroupName: '/compose-x/demo/web', startTime: 5, endTime: 50, filterPattern: '"ERROR"', nextToken: 'page-2' },
    ]);
  });

  it('prints each event once across overlapping polls, keeps going after a ThrottlingException, and ends when aborted', async () => {
    const now = Date.now();
    const controller = new AbortController();
    const printed: LogEvent[] = [];
    logsMock
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [event('old', now - 1000), event('new-1', now + 1)] })
      .rejectsOnce(throttling)
      .resolvesOnce({ events: [event('new-1', now + 1), event('new-2', now + 2)] })
      .resolves({ events: [event('new-2', now + 2)] });
    const client = new CloudWatchLogsClient({ region: 'us-east-1' });
    const following = follow(client, { sources: [web], proxy: false, printed: [readWindowOf('old', now - 1000)], signal: controller.signal }, (e) => {
      printed.push(e);
      if (e.eventId === 'new-2') controller.abort();
    });
    await following;
    expect(printed.map((e) => e.eventId)).toEqual(['new-1', 'new-2']);
    // Each poll starts a little before the latest event printed, so a late event is still found.
    const starts = logsMock.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input.startTime ?? 0);
    expect(starts.every((start) => start <= now)).toBe(true);
  }, 30_000);

  /** An event as the first read printed it. */
  function readWindowOf(id: string, timestamp: number): LogEvent {
    return { service: 'web', logGroup: web.group.logGroup, logStream: 'web/web/t1', taskId: 't1', container: '', proxy: false, eventId: id, timestamp, message: id };
  }
});
