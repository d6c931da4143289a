import { Command, InvalidArgumentError } from 'commander';
import { parseTimeSpec } from '../../../src/deploy/logs/time-spec.js';
import { JsonOutput } from '../../io/json-output.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../../options/aws.js';
import { addProjectOptions, refuseUnknownProfiles, stackName as stackNameOf, type ProjectFlags } from '../../options/project.js';
import { LogPrinter, logEventJson } from '../../printers/log-lines.js';
import { run } from '../../run.js';

interface LogsFlags extends ProjectFlags, AwsFlags {
  follow?: boolean;
  since?: number;
  until?: number;
  tail?: number;
  filter?: string;
  timestamps?: boolean;
  proxy?: boolean;
  json?: boolean;
}

/** `--since` / `--until`: `10m`, `1h30m`, a Unix timestamp, or an RFC 3339 date (local time without a zone). */
export function timeArgument(value: string): number {
  const time = parseTimeSpec(value);
  if (time === undefined) throw new InvalidArgumentError('expected a duration before now (10m, 1h30m), a Unix timestamp, or a date (2026-12-01T10:00, 2026-12-01T10:00:00Z).');
  return time;
}

/** `--tail`: a number of lines, or `all` (docker compose's default). */
function tailArgument(value: string): number | undefined {
  if (value === 'all') return undefined;
  const lines = Number(value);
  if (!Number.isInteger(lines) || lines < 0) throw new InvalidArgumentError('expected a number of lines, or all.');
  return lines;
}

/** Aborts on Ctrl-C: following ends and the command exits 0, as `docker compose logs -f` does. */
export function interruptible(): AbortController {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return controller;
}

export function logsCommand(debug: () => boolean): Command {
  const command = new Command('logs')
    .description("print the services' CloudWatch logs, interleaved by time")
    .argument('[services...]', 'the compose services (default: all)')
    .option('--follow', 'follow the logs; Ctrl-C stops (-f is the compose file, as on every compose-x command)')
    .option('--since <time>', 'from this time: a duration before now (10m, 1h30m), a Unix timestamp, or a date (2026-12-01T10:00)', timeArgument)
    .option('--until <time>', 'up to this time, in the forms of --since', timeArgument)
    .option('-n, --tail <lines>', 'the last lines of each service (default: all)', tailArgument)
    .option('--filter <pattern>', 'only the events that match a CloudWatch Logs filter pattern')
    .option('-t, --timestamps', 'show the time of each line')
    .option('--proxy', "include the Service Connect proxy's and Envoy's logs")
    .option('--json', 'print each event as JSON, one object a line (schemas/output/logs.json)');
  addProjectOptions(command);
  addAwsOptions(command);
  return command.action((services: string[], flags: LogsFlags) => {
    const json = flags.json ? new JsonOutput('logs', true) : undefined;
    return run(
      async () => {
        await refuseUnknownProfiles(flags);
        const stackName = await stackNameOf(flags, json?.warn);
        const { logs } = await import('../../../src/deploy/index.js');
        const printer = new LogPrinter(services, flags.timestamps === true);
        const signal = flags.follow ? interruptible().signal : undefined;
        await logs({
          target: awsTarget(flags),
          stackName,
          services,
          ...(flags.since !== undefined ? { since: flags.since } : {}),
          ...(flags.until !== undefined ? { until: flags.until } : {}),
          ...(flags.tail !== undefined ? { tail: flags.tail } : {}),
          ...(flags.filter !== undefined ? { filter: flags.filter } : {}),
          follow: flags.follow === true,
          proxy: flags.proxy === true,
          ...(signal ? { signal } : {}),
          onEvent: json ? (event) => json.line(logEventJson(event)) : printer.print,
        });
      },
      debug(),
      json,
    );
  });
}
