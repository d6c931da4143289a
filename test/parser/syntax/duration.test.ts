import fc from 'fast-check';
import { ParseError } from '../../../src/parser/diagnostics.js';
import { formatDuration, parseDuration } from '../../../src/parser/syntax/duration.js';

const SECOND = 1_000_000_000;

describe('parseDuration', () => {
  const cases: { name: string; input: string | number; want: number }[] = [
    { name: 'bare zero', input: '0', want: 0 },
    { name: 'the number zero', input: 0, want: 0 },
    { name: 'signed zero', input: '-0', want: 0 },
    { name: 'zero seconds', input: '0s', want: 0 },
    { name: 'nanoseconds', input: '1ns', want: 1 },
    { name: 'microseconds (us)', input: '10us', want: 10_000 },
    { name: 'microseconds (micro sign)', input: '10µs', want: 10_000 },
    { name: 'microseconds (greek mu)', input: '10μs', want: 10_000 },
    { name: 'milliseconds', input: '500ms', want: 500_000_000 },
    { name: 'seconds', input: '30s', want: 30 * SECOND },
    { name: 'minutes and seconds', input: '1m30s', want: 90 * SECOND },
    { name: 'Go String() form', input: '1h0m0s', want: 3600 * SECOND },
    { name: 'fraction of an hour', input: '1.5h', want: 5400 * SECOND },
    { name: 'fraction without leading digit', input: '.5s', want: SECOND / 2 },
    { name: 'trailing dot', input: '1.s', want: SECOND },
    { name: 'nanosecond fraction', input: '1.000000001s', want: SECOND + 1 },
    { name: 'days (str2duration)', input: '2d', want: 2 * 86_400 * SECOND },
    { name: 'weeks (str2duration)', input: '1w', want: 7 * 86_400 * SECOND },
    { name: 'repeated unit', input: '1h1h', want: 7200 * SECOND },
    { name: 'explicit plus', input: '+5s', want: 5 * SECOND },
    { name: 'negative', input: '-1.5s', want: -1.5 * SECOND },
  ];
  it.each(cases)('$name: $input', ({ input, want }) => {
    expect(parseDuration(input)).toBe(want);
  });

  const errors: { name: string; input: string | number }[] = [
    { name: 'empty', input: '' },
    { name: 'a sign alone', input: '-' },
    { name: 'number without unit', input: '10' },
    { name: 'a YAML number other than 0', input: 10 },
    { name: 'unknown unit', input: '1x' },
    { name: 'unit without number', input: 's' },
    { name: 'dot without digits', input: '.s' },
    { name: 'two dots', input: '1.5.5s' },
    { name: 'trailing number', input: '1m30' },
    { name: 'spaces', input: '1 s' },
    { name: 'beyond int64', input: '3000000h' },
    { name: 'beyond a safe JavaScript integer', input: '3000h' },
  ];
  it.each(errors)('rejects $name ($input) with E_DURATION and a hint', ({ input }) => {
    let error: unknown;
    try {
      parseDuration(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ code: 'E_DURATION', path: undefined });
    expect((error as ParseError).hint).toMatch(/30s/);
  });
});

describe('formatDuration', () => {
  const cases: { name: string; input: number; want: string }[] = [
    { name: 'zero', input: 0, want: '0s' },
    { name: 'one nanosecond', input: 1, want: '1ns' },
    { name: 'microseconds', input: 1_100, want: '1.1µs' },
    { name: 'milliseconds', input: 2_200_000, want: '2.2ms' },
    { name: 'whole milliseconds', input: 500_000_000, want: '500ms' },
    { name: 'seconds', input: SECOND, want: '1s' },
    { name: 'fractional seconds', input: 1.5 * SECOND, want: '1.5s' },
    { name: 'minutes', input: 90 * SECOND, want: '1m30s' },
    { name: 'hours keep zero minutes and seconds', input: 3600 * SECOND, want: '1h0m0s' },
    { name: 'all units', input: (3600 + 4 * 60 + 5) * SECOND + 1_000_000, want: '1h4m5.001s' },
    { name: 'nanoseconds past minutes', input: 8 * 60 * SECOND + 1, want: '8m0.000000001s' },
    { name: 'days are hours', input: 2 * 86_400 * SECOND, want: '48h0m0s' },
    { name: 'negative', input: -1.5 * SECOND, want: '-1.5s' },
  ];
  it.each(cases)('$name: $input', ({ input, want }) => {
    expect(formatDuration(input)).toBe(want);
  });

  it('is read back by parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (nanos) => {
        expect(parseDuration(formatDuration(nanos))).toBe(nanos);
      }),
    );
  });
});
