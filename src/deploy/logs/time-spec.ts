/**
 * The times of `logs --since` and `--until`, in the forms `docker compose logs` accepts
 * (Docker's timetypes.GetTimestamp): a Go duration before now (`10m`, `1h30m`, `1.5h`), a Unix
 * timestamp in seconds (`1764583200`, `1764583200.5`), or an RFC 3339 / ISO 8601 date, in local
 * time when it names no zone (`2026-12-01`, `2026-12-01T10:00`, `2026-12-01T10:00:00Z`).
 */

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const UNIX = /^\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Milliseconds of a Go duration (`1h30m`); undefined when it is not one. */
function durationMs(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return total;
}

/** The time `text` names, in milliseconds since the epoch; undefined when it names none. */
export function parseTimeSpec(text: string, now: number = Date.now()): number | undefined {
  const duration = durationMs(text);
  if (duration !== undefined) return now - duration;
  if (UNIX.test(text)) return Math.round(Number(text) * 1000);
  if (!DATE.test(text)) return undefined;
  // A date alone is UTC midnight to Date.parse; Docker reads it, as any date without a zone, in local time.
  const parsed = Date.parse(text.length === 10 ? `${text}T00:00` : text);
  return Number.isNaN(parsed) ? undefined : parsed;
}
