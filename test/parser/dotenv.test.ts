import { ParseError } from '../../src/parser/diagnostics.js';
import { parseDotenv } from '../../src/parser/interpolation/dotenv.js';

type Env = Record<string, string>;

function lookupIn(vars: Env): (name: string) => string | undefined {
  return (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined);
}

interface Case {
  name: string;
  input: string;
  env: Env;
  want: Env;
}

const none: Env = {};

const cases: Case[] = [
  { name: 'empty file', input: '', env: none, want: {} },
  { name: 'comments and blank lines only', input: '# a\n\n   # b\n\t\n', env: none, want: {} },
  { name: 'KEY=VALUE', input: 'FOO=bar', env: none, want: { FOO: 'bar' } },
  { name: 'several lines', input: 'A=1\n\n# comment\nB=2\n', env: none, want: { A: '1', B: '2' } },
  { name: 'last definition wins', input: 'A=1\nA=2', env: none, want: { A: '2' } },
  { name: 'indented statement', input: '   FOO=bar', env: none, want: { FOO: 'bar' } },
  { name: 'export prefix', input: 'export FOO=bar\nexport\tBAR=baz', env: none, want: { FOO: 'bar', BAR: 'baz' } },
  { name: '"export" as a name', input: 'export=1', env: none, want: { export: '1' } },
  { name: 'spaces around =', input: 'FOO = bar', env: none, want: { FOO: 'bar' } },
  { name: 'YAML-like colon', input: 'FOO: bar', env: none, want: { FOO: 'bar' } },
  { name: 'empty value', input: 'FOO=\nBAR=', env: none, want: { FOO: '', BAR: '' } },
  { name: 'equals sign in the value', input: 'URL=a=b:c', env: none, want: { URL: 'a=b:c' } },
  { name: 'names with dots, dashes, brackets', input: 'a.b-c[0]=1', env: none, want: { 'a.b-c[0]': '1' } },
  { name: 'unicode name and value', input: 'ÉTÉ=chaud ☀', env: none, want: { ÉTÉ: 'chaud ☀' } },

  { name: 'unquoted value is trimmed', input: 'FOO=   bar baz   \nX=1', env: none, want: { FOO: 'bar baz', X: '1' } },
  { name: 'inline comment after a space', input: 'FOO=bar # comment', env: none, want: { FOO: 'bar' } },
  { name: '# without a space before is kept', input: 'FOO=bar#baz', env: none, want: { FOO: 'bar#baz' } },
  { name: '# after a tab is kept', input: 'FOO=bar\t#baz', env: none, want: { FOO: 'bar\t#baz' } },
  {
    name: 'value starting with #, as in Compose',
    input: 'FOO=#bar\nBAR= # x',
    env: none,
    want: { FOO: '#bar', BAR: '# x' },
  },

  { name: 'single quotes are literal', input: "FOO='$BAR \\n # x'", env: { BAR: 'b' }, want: { FOO: '$BAR \\n # x' } },
  { name: 'single quotes around double quotes', input: `FOO='say "hi"'`, env: none, want: { FOO: 'say "hi"' } },
  { name: 'escaped single quote', input: "FOO='it\\'s'", env: none, want: { FOO: "it's" } },
  { name: 'single-quoted multi-line value', input: "FOO='a\nb'\nX=1", env: none, want: { FOO: 'a\nb', X: '1' } },
  { name: 'empty quotes', input: `A=""\nB=''`, env: none, want: { A: '', B: '' } },
  {
    name: 'double-quoted escapes',
    input: String.raw`FOO="a\nb\tc\"d\\e\rf\ag\bh\fi\vj"`,
    env: none,
    want: { FOO: 'a\nb\tc"d\\e\rf\x07g\bh\fi\vj' },
  },
  {
    name: 'escaped $ is literal',
    input: String.raw`FOO="\$HOME $$HOME"`,
    env: { HOME: '/h' },
    want: { FOO: '$HOME $HOME' },
  },
  {
    name: 'escaped double quotes',
    input: String.raw`VAR="{\"hello\": \"json\"}"`,
    env: none,
    want: { VAR: '{"hello": "json"}' },
  },
  { name: 'octal escape', input: String.raw`FOO="\0101\0102"`, env: none, want: { FOO: 'AB' } },
  {
    name: 'unknown escapes are kept',
    input: String.raw`FOO="\x41\q\'"`,
    env: none,
    want: { FOO: String.raw`\x41\q\'` },
  },
  { name: 'escaped backslash before the closing quote', input: String.raw`FOO="a\\"`, env: none, want: { FOO: 'a\\' } },
  {
    name: 'double-quoted multi-line value',
    input: 'FOO="line 1\nline 2"\nBAR=1',
    env: none,
    want: { FOO: 'line 1\nline 2', BAR: '1' },
  },
  { name: '# inside quotes', input: 'FOO="a # b"', env: none, want: { FOO: 'a # b' } },
  { name: 'comment after a quoted value', input: `FOO="a" # c\nBAR='b'#c`, env: none, want: { FOO: 'a', BAR: 'b' } },
  { name: 'spaces after a quoted value', input: 'FOO="a"   \nBAR=b', env: none, want: { FOO: 'a', BAR: 'b' } },
  { name: 'quotes inside an unquoted value are kept', input: `FOO=a"b'c`, env: none, want: { FOO: `a"b'c` } },

  {
    name: 'interpolation from the environment',
    input: 'DIR=$HOME/app',
    env: { HOME: '/root' },
    want: { DIR: '/root/app' },
  },
  { name: 'interpolation from earlier lines', input: 'A=1\nB=${A}2', env: none, want: { A: '1', B: '12' } },
  {
    name: 'earlier lines win over the environment',
    input: 'HOME=/x\nB=$HOME',
    env: { HOME: '/root' },
    want: { HOME: '/x', B: '/x' },
  },
  { name: 'later lines are not seen', input: 'B=$A\nA=1', env: none, want: { B: '', A: '1' } },
  { name: 'double quotes are interpolated', input: 'A=1\nB="<${A}>"', env: none, want: { A: '1', B: '<1>' } },
  { name: 'defaults', input: 'A=${NOPE:-def}\nB=${A:+alt}', env: none, want: { A: 'def', B: 'alt' } },
  { name: '$$ in an unquoted value', input: 'A=$$B', env: { B: 'b' }, want: { A: '$B' } },

  {
    name: 'KEY alone takes the environment value',
    input: 'HOME\nA=1',
    env: { HOME: '/root' },
    want: { HOME: '/root', A: '1' },
  },
  {
    name: 'KEY alone at the end of the file',
    input: 'A=1\nHOME',
    env: { HOME: '/root' },
    want: { A: '1', HOME: '/root' },
  },
  { name: 'KEY alone and unset is left out', input: 'NOPE\nA=1', env: none, want: { A: '1' } },
  { name: 'KEY alone reads the environment only', input: 'A=1\nA', env: none, want: { A: '1' } },
  { name: 'export KEY alone', input: 'export HOME  ', env: { HOME: '/root' }, want: { HOME: '/root' } },

  { name: 'CRLF line endings', input: 'A=1\r\nB="x\r\ny"\r\n', env: none, want: { A: '1', B: 'x\ny' } },
  { name: 'byte order mark', input: '\uFEFFA=1', env: none, want: { A: '1' } },
];

describe('parseDotenv', () => {
  it.each(cases)('$name', ({ input, env, want }) => {
    expect(parseDotenv(input, '.env', lookupIn(env))).toEqual(want);
  });

  it('keeps a "__proto__" name as data', () => {
    const out = parseDotenv('__proto__=x', '.env', lookupIn(none));
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('x');
  });
});

interface ErrorCase {
  name: string;
  input: string;
  env: Env;
  want: { code: string; line: number; col: number; message: string };
}

const errorCases: ErrorCase[] = [
  {
    name: 'missing name',
    input: '=value',
    env: none,
    want: { code: 'E_DOTENV', line: 1, col: 1, message: 'a variable name is missing before "=".' },
  },
  {
    name: 'missing name, indented, on line 3',
    input: 'A=1\n\n  : value',
    env: none,
    want: { code: 'E_DOTENV', line: 3, col: 3, message: 'a variable name is missing before ":".' },
  },
  {
    name: 'export without a name',
    input: 'export  \nA=1',
    env: none,
    want: { code: 'E_DOTENV', line: 1, col: 9, message: 'a variable name is missing after "export".' },
  },
  {
    name: 'space in a name',
    input: 'A=1\nMY KEY=1',
    env: none,
    want: { code: 'E_DOTENV', line: 2, col: 3, message: 'variable name "MY KEY" cannot contain a space.' },
  },
  {
    name: 'space in a name without a value',
    input: 'MY\tKEY',
    env: none,
    want: { code: 'E_DOTENV', line: 1, col: 3, message: 'variable name "MY\tKEY" cannot contain a space.' },
  },
  {
    name: 'bad character in a name',
    input: 'FOO-BAR!=1',
    env: none,
    want: { code: 'E_DOTENV', line: 1, col: 8, message: 'unexpected character "!" in variable name "FOO-BAR!=1".' },
  },
  {
    name: 'comment after a name without a value',
    input: '\n  KEY # note',
    env: none,
    want: { code: 'E_DOTENV', line: 2, col: 7, message: 'unexpected character "#" in variable name "KEY # note".' },
  },
  {
    name: 'unterminated double quote',
    input: 'FOO="bar',
    env: none,
    want: { code: 'E_DOTENV', line: 1, col: 5, message: 'unterminated quoted value "bar.' },
  },
  {
    name: 'unterminated double quote over lines',
    input: 'A=1\nB = "x\ny\nC=3',
    env: none,
    want: { code: 'E_DOTENV', line: 2, col: 5, message: 'unterminated quoted value "x.' },
  },
  {
    name: 'unterminated single quote',
    input: "A='it\\'",
    env: none,
    want: { code: 'E_DOTENV', line: 1, col: 3, message: "unterminated quoted value 'it\\'." },
  },
  {
    name: 'text after the closing quote',
    input: 'A="a" b\nC=1',
    env: none,
    want: { code: 'E_DOTENV', line: 1, col: 7, message: 'unexpected "b" after the closing quote.' },
  },
  {
    name: 'text after a multi-line quoted value',
    input: 'A="a\nb"c',
    env: none,
    want: { code: 'E_DOTENV', line: 2, col: 3, message: 'unexpected "c" after the closing quote.' },
  },
  {
    name: 'interpolation syntax error',
    input: 'A=1\nB=  x${',
    env: none,
    want: {
      code: 'E_INTERPOLATION_SYNTAX',
      line: 2,
      col: 5,
      message: 'invalid interpolation "${": it has no closing "}".',
    },
  },
  {
    name: 'required variable',
    input: 'B="${NOPE:?need it}"',
    env: none,
    want: {
      code: 'E_VARIABLE_REQUIRED',
      line: 1,
      col: 3,
      message: 'required variable NOPE is missing a value: need it.',
    },
  },
];

describe('parseDotenv errors', () => {
  it.each(errorCases)('$name', ({ input, env, want }) => {
    let caught: unknown;
    try {
      parseDotenv(input, 'app.env', lookupIn(env));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ParseError);
    const err = caught as ParseError;
    expect({ code: err.code, line: err.position?.line, col: err.position?.col, message: err.message }).toEqual(want);
    expect(err.position?.file).toBe('app.env');
    expect(err.hint).toBeTruthy();
  });
});
