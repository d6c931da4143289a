import { ParseError } from '../../../src/parser/diagnostics.js';
import { splitShellWords } from '../../../src/parser/syntax/shell-words.js';

describe('splitShellWords', () => {
  const cases: { name: string; input: string; want: string[] }[] = [
    { name: 'empty', input: '', want: [] },
    { name: 'blanks only', input: ' \t\n', want: [] },
    { name: 'words', input: 'echo hello world', want: ['echo', 'hello', 'world'] },
    { name: 'runs of blanks', input: '  npm   run\tbuild\n', want: ['npm', 'run', 'build'] },
    { name: 'single quotes keep everything', input: `sh -c 'echo "$HOME" \\n'`, want: ['sh', '-c', 'echo "$HOME" \\n'] },
    { name: 'double quotes', input: '"a b" c', want: ['a b', 'c'] },
    { name: 'quotes inside a word', input: `a"b c"d'e f'`, want: ['ab cde f'] },
    { name: 'empty single quotes are a word', input: "x ''", want: ['x', ''] },
    { name: 'empty double quotes are a word', input: 'x ""', want: ['x', ''] },
    { name: 'escaped blank', input: 'a\\ b', want: ['a b'] },
    { name: 'escaped quote', input: "it\\'s", want: ["it's"] },
    { name: 'escaped quote in double quotes', input: '"say \\"hi\\""', want: ['say "hi"'] },
    { name: 'escaped dollar in double quotes', input: '"\\$HOME"', want: ['$HOME'] },
    { name: 'escaped backslash in double quotes', input: '"a\\\\b"', want: ['a\\b'] },
    { name: 'other backslash in double quotes stays', input: '"a\\nb"', want: ['a\\nb'] },
    { name: 'backslash in single quotes stays', input: "'a\\b'", want: ['a\\b'] },
    { name: 'line continuation joins', input: 'ab\\\ncd', want: ['abcd'] },
    { name: 'line continuation between words', input: 'a \\\n b', want: ['a', 'b'] },
    { name: 'line continuation in double quotes', input: '"a\\\nb"', want: ['ab'] },
    { name: 'no expansion', input: 'echo $HOME ~ *.txt `id`', want: ['echo', '$HOME', '~', '*.txt', '`id`'] },
    { name: 'operators are plain words', input: 'make && make install', want: ['make', '&&', 'make', 'install'] },
    { name: 'unicode', input: 'echo "héllo wörld" 🚀', want: ['echo', 'héllo wörld', '🚀'] },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    expect(splitShellWords(input)).toEqual(want);
  });

  const errors: { name: string; input: string }[] = [
    { name: 'unterminated single quote', input: "echo 'hello" },
    { name: 'unterminated double quote', input: 'echo "hello' },
    { name: 'escaped closing double quote', input: '"abc\\"' },
    { name: 'trailing backslash', input: 'echo \\' },
  ];
  it.each(errors)('rejects $name with E_COMMAND and a hint', ({ input }) => {
    let error: unknown;
    try {
      splitShellWords(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ code: 'E_COMMAND', path: undefined });
    expect((error as ParseError).hint).toMatch(/sh/);
  });
});
