import { ParseError, type Position, type TreePath } from '../../src/parser/diagnostics.js';
import { interpolate } from '../../src/parser/interpolation/interpolate.js';
import { Override, RESET } from '../../src/parser/yaml/merge-tags.js';

type Env = Record<string, string>;

function lookupIn(vars: Env): (name: string) => string | undefined {
  return (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined);
}

const env: Env = { TAG: '1.2', PORT: '8080', N: '3', YES: 'yes', EMPTY: '' };

interface Case {
  name: string;
  input: unknown;
  env: Env;
  want: unknown;
}

const cases: Case[] = [
  {
    name: 'string values, not keys',
    input: { services: { web: { image: 'nginx:${TAG}', environment: { $TAG: '$PORT', KEEP: 'plain' } } } },
    env,
    want: { services: { web: { image: 'nginx:1.2', environment: { $TAG: '8080', KEEP: 'plain' } } } },
  },
  {
    name: 'inside lists',
    input: { services: { web: { command: ['serve', '--port=${PORT}'], ports: ['${PORT}:80'] } } },
    env,
    want: { services: { web: { command: ['serve', '--port=8080'], ports: ['8080:80'] } } },
  },
  {
    name: 'inside x- extensions',
    input: { 'x-common': { image: 'app:$TAG', list: [{ v: '${N}' }] }, services: { web: { 'x-note': '$TAG' } } },
    env,
    want: { 'x-common': { image: 'app:1.2', list: [{ v: '3' }] }, services: { web: { 'x-note': '1.2' } } },
  },
  {
    name: 'non-string scalars unchanged',
    input: { services: { web: { init: true, scale: 2, labels: null, cpus: 0.5 } } },
    env,
    want: { services: { web: { init: true, scale: 2, labels: null, cpus: 0.5 } } },
  },
  {
    name: 'escaped $ and defaults',
    input: { services: { web: { command: 'echo $$HOME ${MISSING:-none}' } } },
    env,
    want: { services: { web: { command: 'echo $HOME none' } } },
  },
  {
    name: 'integer casts',
    input: {
      services: {
        web: {
          deploy: { replicas: '${N}', restart_policy: { max_attempts: '5' } },
          scale: '$N',
          healthcheck: { retries: '+4' },
          ports: [{ target: '${PORT}', published: '${PORT}' }],
          ulimits: { nproc: '${N}', nofile: { soft: '10', hard: '-20' } },
        },
      },
    },
    env,
    want: {
      services: {
        web: {
          deploy: { replicas: 3, restart_policy: { max_attempts: 5 } },
          scale: 3,
          healthcheck: { retries: 4 },
          ports: [{ target: 8080, published: '8080' }],
          ulimits: { nproc: 3, nofile: { soft: 10, hard: -20 } },
        },
      },
    },
  },
  {
    name: 'float casts',
    input: {
      services: { web: { cpus: '0.5', cpu_percent: '1e2', deploy: { update_config: { max_failure_ratio: '.25' } } } },
    },
    env,
    want: {
      services: { web: { cpus: 0.5, cpu_percent: 100, deploy: { update_config: { max_failure_ratio: 0.25 } } } },
    },
  },
  {
    name: 'boolean casts',
    input: {
      services: { web: { init: '$YES', read_only: 'FALSE', tty: 'On', healthcheck: { disable: 'n' } } },
      networks: { front: { external: 'true', internal: 'off' } },
      volumes: { data: { external: 'Y' } },
    },
    env,
    want: {
      services: { web: { init: true, read_only: false, tty: true, healthcheck: { disable: false } } },
      networks: { front: { external: true, internal: false } },
      volumes: { data: { external: true } },
    },
  },
  {
    name: 'invalid literals left for the schema to report',
    input: {
      services: { web: { scale: 'three', init: 'maybe', tty: 'constructor', cpus: '1.5x', deploy: { replicas: '${EMPTY}' } } },
    },
    env,
    want: {
      services: { web: { scale: 'three', init: 'maybe', tty: 'constructor', cpus: '1.5x', deploy: { replicas: '' } } },
    },
  },
  {
    name: 'integers do not accept decimals or exponents',
    input: { services: { web: { scale: '2.0', deploy: { replicas: '1e3' } } } },
    env,
    want: { services: { web: { scale: '2.0', deploy: { replicas: '1e3' } } } },
  },
  {
    name: 'no casts outside the rule paths',
    input: { services: { web: { expose: ['3000'], environment: { DEBUG: 'true', N: '3' } } }, 'x-replicas': '3' },
    env,
    want: { services: { web: { expose: ['3000'], environment: { DEBUG: 'true', N: '3' } } }, 'x-replicas': '3' },
  },
  { name: 'a bare string', input: '${TAG}', env, want: '1.2' },
];

describe('interpolate', () => {
  it.each(cases)('$name', ({ input, env: vars, want }) => {
    expect(interpolate(input, { lookup: lookupIn(vars) })).toEqual(want);
  });

  it('does not modify its input', () => {
    const input = { services: { web: { image: '${TAG}', ports: ['${PORT}'], deploy: { replicas: '3' } } } };
    const copy = structuredClone(input);
    interpolate(input, { lookup: lookupIn(env) });
    expect(input).toEqual(copy);
  });

  it('keeps a "__proto__" key as data', () => {
    const input = JSON.parse('{"x-a": {"__proto__": "$TAG"}}') as unknown;
    const out = interpolate(input, { lookup: lookupIn(env) }) as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(out['x-a'])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out['x-a'], '__proto__')?.value).toBe('1.2');
  });

  it('calls onUnset with each unset name and the path of the value', () => {
    const calls: [string, TreePath][] = [];
    interpolate(
      { services: { web: { image: '$A-$B-$A', environment: ['X=${A}', 'Y=${C:-c}'] } } },
      { lookup: lookupIn(env), onUnset: (name, path) => calls.push([name, path]) },
    );
    expect(calls).toEqual([
      ['A', ['services', 'web', 'image']],
      ['B', ['services', 'web', 'image']],
      ['A', ['services', 'web', 'environment', 0]],
    ]);
  });
});

interface ErrorCase {
  name: string;
  input: unknown;
  env: Env;
  want: { code: string; path: TreePath; message: string; hint: string };
}

const errorCases: ErrorCase[] = [
  {
    name: 'required variable missing',
    input: { services: { web: { environment: { FOO: '${SECRET:?the API key}' } } } },
    env,
    want: {
      code: 'E_VARIABLE_REQUIRED',
      path: ['services', 'web', 'environment', 'FOO'],
      message: 'required variable SECRET is missing a value: the API key.',
      hint: 'Set SECRET in the environment or in the .env file, or give it a default with ${SECRET:-default}.',
    },
  },
  {
    name: 'required variable empty, in a list',
    input: { services: { web: { command: ['run', '${EMPTY:?}'] } } },
    env,
    want: {
      code: 'E_VARIABLE_REQUIRED',
      path: ['services', 'web', 'command', 1],
      message: 'required variable EMPTY is missing a value.',
      hint: 'Set EMPTY in the environment or in the .env file, or give it a default with ${EMPTY:-default}.',
    },
  },
  {
    name: 'syntax error in an extension',
    input: { 'x-tpl': { cmd: 'echo ${oops' } },
    env,
    want: {
      code: 'E_INTERPOLATION_SYNTAX',
      path: ['x-tpl', 'cmd'],
      message: 'invalid interpolation "${oops": it has no closing "}".',
      hint:
        'Escape a literal "$" as "$$"; a variable is written $NAME or ${NAME}, NAME matching [_a-zA-Z][_a-zA-Z0-9]*.',
    },
  },
];

describe('interpolate errors', () => {
  it.each(errorCases)('$name', ({ input, env: vars, want }) => {
    const position: Position = { file: 'compose.yaml', line: 7, col: 12 };
    const located: TreePath[] = [];
    const locate = (path: TreePath): Position => {
      located.push(path);
      return position;
    };
    let caught: unknown;
    try {
      interpolate(input, { lookup: lookupIn(vars), locate });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ParseError);
    const err = caught as ParseError;
    expect({ code: err.code, path: err.path, message: err.message, hint: err.hint }).toEqual(want);
    expect(err.position).toEqual(position);
    expect(located).toEqual([want.path]);
  });

  it('has no position without locate', () => {
    expect(() => interpolate({ a: '${X?}' }, { lookup: lookupIn({}) })).toThrow(
      expect.objectContaining({ code: 'E_VARIABLE_REQUIRED', path: ['a'], position: undefined }),
    );
  });
});

describe('merge tags', () => {
  it('interpolates inside !override and keeps !reset', () => {
    const out = interpolate({ a: new Override({ b: '${X}' }), c: RESET }, { lookup: (n) => (n === 'X' ? 'x' : undefined) });
    expect(out).toEqual({ a: new Override({ b: 'x' }), c: RESET });
  });
});
