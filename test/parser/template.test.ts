import { substitute, TemplateError } from '../../src/parser/interpolation/template.js';

type Env = Record<string, string>;

const env: Env = { FOO: 'first', EMPTY: '', B: 'bee' };

function lookupIn(vars: Env): (name: string) => string | undefined {
  return (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined);
}

interface Case {
  name: string;
  input: string;
  env: Env;
  want: string;
  unset?: string[];
}

const cases: Case[] = [
  { name: 'no variable', input: 'plain text', env, want: 'plain text' },
  { name: 'empty string', input: '', env, want: '' },
  { name: '$VAR', input: '$FOO', env, want: 'first' },
  { name: '${VAR}', input: '${FOO}', env, want: 'first' },
  { name: 'lower-case name', input: '$lower ${_x1}', env: { lower: 'a', _x1: 'b' }, want: 'a b' },
  { name: '$VAR stops at a non-name character', input: '$FOO-bar', env, want: 'first-bar' },
  { name: '$VAR takes the longest name', input: '$FOOBAR', env, want: '', unset: ['FOOBAR'] },
  { name: 'variable at start and end', input: '${FOO}middle$FOO', env, want: 'firstmiddlefirst' },
  { name: 'adjacent variables', input: '$FOO$B${FOO}${B}', env, want: 'firstbeefirstbee' },
  { name: 'unicode around variables', input: 'é${FOO}ü$B🐳', env, want: 'éfirstübee🐳' },
  { name: 'unset $VAR is empty and reported', input: 'a${NOPE}b$NOPE', env, want: 'ab', unset: ['NOPE'] },
  { name: 'unset variables reported in order', input: '$Z $A', env, want: ' ', unset: ['Z', 'A'] },
  { name: 'empty variable is not reported', input: 'a${EMPTY}b', env, want: 'ab' },

  { name: '$$ is a literal $', input: '$$FOO', env, want: '$FOO' },
  { name: '$$ before braces', input: '$${FOO}', env, want: '${FOO}' },
  { name: '$$$VAR', input: '$$$FOO', env, want: '$first' },
  { name: 'lone $', input: '$', env, want: '$' },
  { name: '$ before a space', input: 'a $ string', env, want: 'a $ string' },
  { name: '$ at the end', input: '^REGEX$', env, want: '^REGEX$' },
  { name: '$ before a digit', input: 'cost $5', env, want: 'cost $5' },
  { name: '$ before }', input: '$}', env, want: '$}' },

  { name: ':- with value', input: '${FOO:-def}', env, want: 'first' },
  { name: ':- with empty', input: '${EMPTY:-def}', env, want: 'def' },
  { name: ':- with unset', input: '${NOPE:-def}', env, want: 'def' },
  { name: ':- with empty default', input: '${NOPE:-}', env, want: '' },
  { name: '- with value', input: '${FOO-def}', env, want: 'first' },
  { name: '- with empty', input: '${EMPTY-def}', env, want: '' },
  { name: '- with unset', input: '${NOPE-def}', env, want: 'def' },
  { name: ':? with value', input: '${FOO:?err}', env, want: 'first' },
  { name: '? with value', input: '${FOO?err}', env, want: 'first' },
  { name: '? with empty', input: '${EMPTY?err}', env, want: '' },
  { name: ':+ with value', input: '${FOO:+alt}', env, want: 'alt' },
  { name: ':+ with empty', input: '${EMPTY:+alt}', env, want: '' },
  { name: ':+ with unset', input: '${NOPE:+alt}', env, want: '' },
  { name: '+ with value', input: '${FOO+alt}', env, want: 'alt' },
  { name: '+ with empty', input: '${EMPTY+alt}', env, want: 'alt' },
  { name: '+ with unset', input: '${NOPE+alt}', env, want: '' },

  { name: 'default with operator characters', input: '${EMPTY:-/non:-alpha?+}', env, want: '/non:-alpha?+' },
  { name: 'first operator wins', input: '${NOPE-myerror?msg}', env, want: 'myerror?msg' },
  { name: 'default with spaces', input: '${NOPE:-a b  c}', env, want: 'a b  c' },
  { name: 'text around a default', input: '-ok ${NOPE:-x} ${FOO}!', env, want: '-ok x first!' },
  { name: 'nested default', input: '${A:-${B:-x}}', env, want: 'bee' },
  { name: 'doubly nested default', input: '${A:-${C:-${D:-deep}}}', env, want: 'deep' },
  { name: 'nested $VAR default', input: '${NOPE-$FOO}', env, want: 'first' },
  { name: 'several variables in a default', input: '${NOPE:-${FOO} and $B}', env, want: 'first and bee' },
  { name: 'nested alternative', input: '${EMPTY+$FOO ${FOO:+second}}', env, want: 'first second' },
  { name: 'escaped $ in a default', input: '${NOPE:-$$HOME}', env, want: '$HOME' },
  { name: 'escaped braces in a default', input: '${NOPE:-$${x}}', env, want: '${x}' },
  { name: 'brace after a default', input: '${NOPE:-a}}', env, want: 'a}' },
  { name: 'JSON default', input: '${NOPE:-{"a":1}}', env, want: '{"a":1}' },
  {
    name: 'unset variable inside an unused default is reported, as in Compose',
    input: '${FOO:-$NOPE}',
    env,
    want: 'first',
    unset: ['NOPE'],
  },
  { name: 'unset variable in a used default', input: '${A:-${NOPE}}', env, want: '', unset: ['NOPE'] },
];

describe('substitute', () => {
  it.each(cases)('$name', ({ input, env: vars, want, unset }) => {
    expect(substitute(input, lookupIn(vars))).toEqual({ value: want, unset: unset ?? [] });
  });
});

interface ErrorCase {
  name: string;
  input: string;
  env: Env;
  want: { code: string; message: string; variable?: string };
}

const required = (variable: string, message: string): ErrorCase['want'] => ({
  code: 'E_VARIABLE_REQUIRED',
  message,
  variable,
});
const syntax = (message: string): ErrorCase['want'] => ({ code: 'E_INTERPOLATION_SYNTAX', message });

const errorCases: ErrorCase[] = [
  {
    name: ':? unset',
    input: 'x ${NOPE:?set it}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value: set it.'),
  },
  {
    name: ':? empty',
    input: '${EMPTY:?set it}',
    env,
    want: required('EMPTY', 'required variable EMPTY is missing a value: set it.'),
  },
  {
    name: ':? without text',
    input: '${NOPE:?}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value.'),
  },
  {
    name: '? unset',
    input: '${NOPE?set it!}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value: set it!'),
  },
  {
    name: '? without text',
    input: '${NOPE?}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value.'),
  },
  {
    name: 'required text is interpolated',
    input: '${NOPE:?needed by ${FOO}}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value: needed by first.'),
  },
  {
    name: 'required variable inside a used default',
    input: '${EMPTY:-${NOPE:?inner}}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value: inner.'),
  },
  {
    name: 'required variable inside an unused default, as in Compose',
    input: '${FOO:-${NOPE:?inner}}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value: inner.'),
  },
  {
    name: 'operator characters in the required text',
    input: '${NOPE?bar-baz}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value: bar-baz.'),
  },

  { name: '${ at the end', input: 'a ${', env, want: syntax('invalid interpolation "${": it has no closing "}".') },
  {
    name: 'unterminated name',
    input: '${FOO',
    env,
    want: syntax('invalid interpolation "${FOO": it has no closing "}".'),
  },
  {
    name: 'unterminated default',
    input: 'x ${FOO:-abc',
    env,
    want: syntax('invalid interpolation "${FOO:-abc": it has no closing "}".'),
  },
  {
    name: 'unterminated outer brace',
    input: '${A:-${B}',
    env,
    want: syntax('invalid interpolation "${A:-${B}": it has no closing "}".'),
  },
  {
    name: 'empty braces',
    input: 'a${}b',
    env,
    want: syntax('invalid interpolation "${}": the variable name is missing.'),
  },
  {
    name: 'space only',
    input: '${ }',
    env,
    want: syntax('invalid interpolation "${ }": it does not start with a variable name.'),
  },
  {
    name: 'space before the name',
    input: '${ FOO}',
    env,
    want: syntax('invalid interpolation "${ FOO}": it does not start with a variable name.'),
  },
  {
    name: 'name starting with a digit',
    input: '${1FOO}',
    env,
    want: syntax('invalid interpolation "${1FOO}": it does not start with a variable name.'),
  },
  {
    name: 'space after the name',
    input: '${FOO }',
    env,
    want: syntax('invalid interpolation "${FOO }": "FOO" must be followed by "}" or one of :- :? :+ - ? +.'),
  },
  {
    name: 'bad character in the name',
    input: '${FOO!}',
    env,
    want: syntax('invalid interpolation "${FOO!}": "FOO" must be followed by "}" or one of :- :? :+ - ? +.'),
  },
  {
    name: 'dotted name',
    input: '${FOO.BAR}',
    env,
    want: syntax('invalid interpolation "${FOO.BAR}": "FOO" must be followed by "}" or one of :- :? :+ - ? +.'),
  },
  {
    name: 'colon without operator',
    input: '${FOO:}',
    env,
    want: syntax('invalid interpolation "${FOO:}": "FOO" must be followed by "}" or one of :- :? :+ - ? +.'),
  },
  {
    name: 'syntax error in a default',
    input: '${NOPE:-${}}',
    env,
    want: syntax('invalid interpolation "${}": the variable name is missing.'),
  },
  {
    name: 'first error wins',
    input: '${NOPE:?first} ${}',
    env,
    want: required('NOPE', 'required variable NOPE is missing a value: first.'),
  },
];

describe('substitute errors', () => {
  it.each(errorCases)('$name', ({ input, env: vars, want }) => {
    let caught: unknown;
    try {
      substitute(input, lookupIn(vars));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    const err = caught as TemplateError;
    expect({ code: err.code, message: err.message, variable: err.variable }).toEqual({
      variable: undefined,
      ...want,
    });
  });
});
