import type { LogEvent } from '../../src/deploy/index.js';
import { painter, type Style } from '../io/colour.js';

/** The colours of the service prefixes, in the order docker compose gives them. */
const PALETTE: readonly Style[] = ['cyan', 'yellow', 'green', 'magenta', 'blue'];

/** An event as a line of `--json`: where it comes from, its time in ISO 8601, its message. */
export function logEventJson(event: LogEvent): Record<string, unknown> {
  return {
    kind: 'log',
    service: event.service,
    taskId: event.taskId,
    ...(event.container ? { container: event.container } : {}),
    logGroup: event.logGroup,
    logStream: event.logStream,
    eventId: event.eventId,
    timestamp: new Date(event.timestamp).toISOString(),
    message: event.message,
  };
}

/**
 * Prints events as `docker compose logs` prints containers' lines: `web-1  | message`, the
 * prefix in its service's colour and padded to the longest so far. A service's tasks are
 * numbered in the order their lines first come (`web-1`, `web-2`); a line of another container
 * of the task names it (`web-1/envoy`).
 */
export class LogPrinter {
  private readonly paint = painter(process.stdout);
  private readonly tasks = new Map<string, string[]>();
  private readonly colours = new Map<string, Style>();
  private width: number;

  constructor(
    services: readonly string[],
    private readonly timestamps: boolean,
  ) {
    this.width = Math.max(0, ...services.map((service) => `${service}-1`.length));
  }

  private prefix(event: LogEvent): string {
    const tasks = this.tasks.get(event.service) ?? [];
    if (!tasks.includes(event.taskId)) tasks.push(event.taskId);
    this.tasks.set(event.service, tasks);
    const name = `${event.service}-${tasks.indexOf(event.taskId) + 1}${event.container ? `/${event.container}` : ''}`;
    this.width = Math.max(this.width, name.length);
    return name;
  }

  private colour(service: string): Style {
    const known = this.colours.get(service);
    if (known) return known;
    const colour = PALETTE[this.colours.size % PALETTE.length] ?? 'cyan';
    this.colours.set(service, colour);
    return colour;
  }

  readonly print = (event: LogEvent): void => {
    const name = this.prefix(event);
    const time = this.timestamps ? `${new Date(event.timestamp).toISOString()} ` : '';
    process.stdout.write(`${this.paint(`${name.padEnd(this.width)}  |`, this.colour(event.service))} ${time}${event.message}\n`);
  };
}
