import { parseByteSize } from '../../../src/parser/syntax/byte-size.js';
import { ParseError } from '../../../src/parser/diagnostics.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

describe('parseByteSize', () => {
  const cases: { name: string; input: string | number; want: number }[] = [
    { name: 'a number is bytes', input: 1048576, want: MIB },
    { name: 'zero', input: 0, want: 0 },
    { name: 'a negative number (memswap_limit: -1)', input: -1, want: -1 },
    { name: 'digits', input: '1024', want: KIB },
    { name: 'bytes', input: '10b', want: 10 },
    { name: 'k', input: '1k', want: KIB },
    { name: 'K', input: '1K', want: KIB },
    { name: 'kb is binary', input: '1kb', want: KIB },
    { name: 'KiB', input: '1KiB', want: KIB },
    { name: 'm', input: '512m', want: 512 * MIB },
    { name: 'MB is binary', input: '512MB', want: 512 * MIB },
    { name: 'g', input: '1g', want: GIB },
    { name: 'Gb', input: '2Gb', want: 2 * GIB },
    { name: 'fraction', input: '1.5GiB', want: 1.5 * GIB },
    { name: 'fraction of a byte is dropped', input: '1.5', want: 1 },
    { name: 'one space before the unit', input: '1 g', want: GIB },
    { name: 't', input: '2t', want: 2 * 1024 * GIB },
    { name: 'p', input: '1p', want: 1024 * 1024 * GIB },
  ];
  it.each(cases)('$name: $input', ({ input, want }) => {
    expect(parseByteSize(input)).toBe(want);
  });

  const errors: { name: string; input: string | number }[] = [
    { name: 'empty', input: '' },
    { name: 'a word', input: 'lots' },
    { name: 'unknown unit', input: '1x' },
    { name: 'negative text', input: '-1' },
    { name: 'two dots', input: '1.5.5m' },
    { name: 'exponent', input: '1e3' },
    { name: 'leading space', input: ' 1g' },
    { name: 'two b', input: '1gbb' },
    { name: 'fractional number', input: 1.5 },
    { name: 'too large', input: '9000p' },
  ];
  it.each(errors)('rejects $name ($input) with E_BYTES and a hint', ({ input }) => {
    let error: unknown;
    try {
      parseByteSize(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ code: 'E_BYTES', path: undefined });
    expect((error as ParseError).hint).toMatch(/512m/);
  });
});
