/**
 * Compose memory sizes ("512m", "1g", "2Gb", "1.5GiB", 1048576) as bytes, read like Docker's
 * `units.RAMInBytes` (github.com/docker/go-units): binary units whatever the spelling, so
 * k, kb, kib and KiB all mean 1024; the unit and its `b` are optional and case-insensitive.
 */
import { ParseError } from '../diagnostics.js';
import type { Bytes } from '../model.js';

const MULTIPLIERS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** go-units' pattern, with the number narrowed to what strconv.ParseFloat then accepts. */
const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp]?)i?b?$/i;
const HINT =
  'Write a whole number of bytes, or a number with a unit b, k, m, g, t or p (binary: 1k = 1024 bytes), e.g. "512m" or "1.5g".';

/**
 * Parses a size into bytes; a fraction of a byte is dropped, as Docker does. Numbers must be
 * whole (negative ones pass, e.g. memswap_limit: -1). Throws a ParseError 'E_BYTES' (without path).
 */
export function parseByteSize(value: string | number): Bytes {
  const bytes = typeof value === 'number' ? value : fromText(value);
  if (!Number.isSafeInteger(bytes)) {
    throw new ParseError('E_BYTES', `${JSON.stringify(value)} is not a valid size in bytes.`, { hint: HINT });
  }
  return bytes;
}

function fromText(text: string): number {
  const match = SIZE.exec(text);
  const multiplier = MULTIPLIERS[(match?.[2] ?? '').toLowerCase()];
  if (match === null || multiplier === undefined) return Number.NaN;
  return Math.trunc(Number(match[1]) * multiplier);
}
