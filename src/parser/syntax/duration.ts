/**
 * Compose durations ("1m30s", "500ms", "1.5h", "2d") as nanoseconds, and back to the
 * text Go's `time.Duration.String()` prints, which is how `docker compose config` shows them.
 * Parsing follows compose-go (github.com/xhit/go-str2duration): Go's syntax plus `d` and `w`.
 */
import { ParseError } from '../diagnostics.js';
import type { Duration } from '../model.js';

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;
const SECOND = 1_000_000_000n;
/** One `<digits>[.<digits>]<unit>` part of a duration; the unit is everything up to the next digit or dot. */
const PART = /(\d*)(?:\.(\d*))?([^\d.]*)/y;
const HINT =
  'Write a number followed by a unit, e.g. "30s", "1m30s" or "500ms" (units: ns, us, ms, s, m, h, d, w).';

/**
 * Parses a Compose duration into nanoseconds. A number is read as its decimal text, so only
 * 0 is valid without a unit. Throws a ParseError 'E_DURATION' (without path) when invalid.
 */
export function parseDuration(value: string | number): Duration {
  const text = String(value);
  const sign = text.startsWith('-') ? -1n : 1n;
  const body = /^[-+]/.test(text) ? text.slice(1) : text;
  if (body === '0') return 0;
  if (body === '') throw invalid(text, 'it is empty');
  const nanos = sign * sumParts(body, text);
  if (nanos > BigInt(Number.MAX_SAFE_INTEGER) || nanos < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw invalid(text, 'it is too long');
  }
  return Number(nanos);
}

function sumParts(body: string, text: string): bigint {
  let total = 0n;
  PART.lastIndex = 0;
  while (PART.lastIndex < body.length) {
    const match = PART.exec(body);
    if (match === null) throw invalid(text, 'it is malformed');
    total += partNanos(match[1] ?? '', match[2], match[3] ?? '', text);
    if (total > MAX_INT64) throw invalid(text, 'it is too long');
  }
  return total;
}

function partNanos(whole: string, fraction: string | undefined, unitText: string, text: string): bigint {
  if (whole === '' && (fraction === undefined || fraction === '')) {
    throw invalid(text, 'a unit is not preceded by a number');
  }
  if (unitText === '') throw invalid(text, 'a number has no unit');
  const unit = NANOS_PER_UNIT[unitText];
  if (unit === undefined) throw invalid(text, `"${unitText}" is not a unit`);
  const count = BigInt(whole === '' ? '0' : whole);
  if (count > MAX_INT64 / unit) throw invalid(text, 'it is too long');
  return count * unit + fractionNanos(fraction ?? '', unit);
}

/** Like Go: the fraction's digits as an integer (until it would overflow) scaled in float64. */
function fractionNanos(digits: string, unit: bigint): bigint {
  let numerator = 0n;
  let scale = 1;
  for (const digit of digits) {
    const next = numerator * 10n + BigInt(digit);
    if (next > MAX_INT64) break;
    numerator = next;
    scale *= 10;
  }
  return BigInt(Math.trunc(Number(numerator) * (Number(unit) / scale)));
}

function invalid(text: string, reason: string): ParseError {
  return new ParseError('E_DURATION', `"${text}" is not a valid duration: ${reason}.`, { hint: HINT });
}

/** Formats nanoseconds as Go's `time.Duration.String()`: "1m30s", "1.5s", "500ms", "0s", "1h0m0s". */
export function formatDuration(nanos: Duration): string {
  const magnitude = BigInt(Math.abs(Math.trunc(nanos)));
  const text = magnitude < SECOND ? formatBelowSecond(magnitude) : formatClock(magnitude);
  return nanos < 0 ? `-${text}` : text;
}

function formatBelowSecond(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  if (nanos < 1_000n) return `${nanos}ns`;
  if (nanos < 1_000_000n) return `${decimal(nanos, 3)}µs`;
  return `${decimal(nanos, 6)}ms`;
}

function formatClock(nanos: bigint): string {
  const seconds = nanos / SECOND;
  const secondsText = `${decimal((seconds % 60n) * SECOND + (nanos % SECOND), 9)}s`;
  const minutes = seconds / 60n;
  if (minutes === 0n) return secondsText;
  const hours = minutes / 60n;
  return `${hours > 0n ? `${hours}h` : ''}${minutes % 60n}m${secondsText}`;
}

/** `value / 10^places` with its fraction's trailing zeros (and a bare dot) removed. */
function decimal(value: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const fraction = (value % scale).toString().padStart(places, '0').replace(/0+$/, '');
  return fraction === '' ? `${value / scale}` : `${value / scale}.${fraction}`;
}
