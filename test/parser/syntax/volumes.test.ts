import { ParseError } from '../../../src/parser/diagnostics.js';
import { parseVolumeShortSyntax, type ShortVolume } from '../../../src/parser/syntax/volumes.js';

describe('parseVolumeShortSyntax', () => {
  const cases: { name: string; input: string; want: ShortVolume }[] = [
    {
      name: 'anonymous volume',
      input: '/var/lib/data',
      want: { volume: { type: 'volume', target: '/var/lib/data', volume: {} }, ignoredOptions: [] },
    },
    {
      name: 'named volume',
      input: 'dbdata:/var/lib/postgresql/data',
      want: {
        volume: { type: 'volume', source: 'dbdata', target: '/var/lib/postgresql/data', volume: {} },
        ignoredOptions: [],
      },
    },
    {
      name: 'relative bind',
      input: './data:/data',
      want: {
        volume: { type: 'bind', source: './data', target: '/data', bind: { create_host_path: true } },
        ignoredOptions: [],
      },
    },
    {
      name: 'parent bind',
      input: '../data:/data',
      want: {
        volume: { type: 'bind', source: '../data', target: '/data', bind: { create_host_path: true } },
        ignoredOptions: [],
      },
    },
    {
      name: 'home bind',
      input: '~/cache:/cache',
      want: {
        volume: { type: 'bind', source: '~/cache', target: '/cache', bind: { create_host_path: true } },
        ignoredOptions: [],
      },
    },
    {
      name: 'absolute bind',
      input: '/etc/app:/etc/app',
      want: {
        volume: { type: 'bind', source: '/etc/app', target: '/etc/app', bind: { create_host_path: true } },
        ignoredOptions: [],
      },
    },
    {
      name: 'read-only',
      input: './conf:/conf:ro',
      want: {
        volume: { type: 'bind', source: './conf', target: '/conf', read_only: true, bind: { create_host_path: true } },
        ignoredOptions: [],
      },
    },
    {
      name: 'read-write is the default',
      input: './conf:/conf:rw',
      want: {
        volume: { type: 'bind', source: './conf', target: '/conf', bind: { create_host_path: true } },
        ignoredOptions: [],
      },
    },
    {
      name: 'nocopy',
      input: 'cache:/cache:nocopy',
      want: {
        volume: { type: 'volume', source: 'cache', target: '/cache', volume: { nocopy: true } },
        ignoredOptions: [],
      },
    },
    {
      name: 'read-only with shared SELinux label',
      input: '/src:/dst:ro,z',
      want: {
        volume: {
          type: 'bind',
          source: '/src',
          target: '/dst',
          read_only: true,
          bind: { create_host_path: true, selinux: 'z' },
        },
        ignoredOptions: [],
      },
    },
    {
      name: 'private SELinux label',
      input: '/src:/dst:Z',
      want: {
        volume: { type: 'bind', source: '/src', target: '/dst', bind: { create_host_path: true, selinux: 'Z' } },
        ignoredOptions: [],
      },
    },
    ...['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'].map((propagation) => ({
      name: `propagation ${propagation}`,
      input: `/src:/dst:${propagation}`,
      want: {
        volume: {
          type: 'bind' as const,
          source: '/src',
          target: '/dst',
          bind: { create_host_path: true, propagation },
        },
        ignoredOptions: [],
      },
    })),
    {
      name: 'unknown options are ignored and reported',
      input: 'data:/data:ro,bogus,delegated',
      want: {
        volume: { type: 'volume', source: 'data', target: '/data', read_only: true, volume: {} },
        ignoredOptions: ['bogus', 'delegated'],
      },
    },
  ];
  it.each(cases)('$name: $input', ({ input, want }) => {
    expect(parseVolumeShortSyntax(input)).toEqual(want);
  });

  const errors: { name: string; input: string }[] = [
    { name: 'empty', input: '' },
    { name: 'empty source', input: ':/data' },
    { name: 'empty target', input: 'data:' },
    { name: 'empty mode', input: '/a:/b:' },
    { name: 'empty section in the middle', input: '/foo::ro' },
    { name: 'too many colons', input: '/foo:/foo:ro:foo' },
  ];
  it.each(errors)('rejects $name ($input) with E_VOLUME and a hint', ({ input }) => {
    let error: unknown;
    try {
      parseVolumeShortSyntax(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ code: 'E_VOLUME', path: undefined });
    expect((error as ParseError).hint).toMatch(/SOURCE:/);
  });
});
