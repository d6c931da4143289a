import { ParseError } from '../../src/parser/diagnostics.js';
import { Override, RESET } from '../../src/parser/yaml/merge-tags.js';
import { parseComposeYaml } from '../../src/parser/yaml/yaml-source.js';

function parseError(text: string): ParseError {
  try {
    parseComposeYaml(text, 'compose.yaml');
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('YAML reading', () => {
  it('resolves anchors, aliases and merge keys', () => {
    const [layer] = parseComposeYaml(
      [
        'x-base: &base {image: nginx, restart: always}',
        'services:',
        '  web:',
        '    <<: *base',
        '    restart: "no"',
        '  api: *base',
      ].join('\n'),
      'compose.yaml',
    );
    expect(layer!.value['services']).toEqual({
      web: { image: 'nginx', restart: 'no' },
      api: { image: 'nginx', restart: 'always' },
    });
  });

  it('merges a list of mappings with `<<`, earlier ones first', () => {
    const [layer] = parseComposeYaml('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc: {<<: [*a, *b]}\n', 'f.yaml');
    expect(layer!.value['c']).toEqual({ x: 1, y: 1, z: 2 });
  });

  it('records the position of keys and values', () => {
    const [layer] = parseComposeYaml('services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n', 'c.yaml');
    expect(layer!.sources.exact(['services', 'web', 'image'], 'key')).toEqual({ file: 'c.yaml', line: 3, col: 5 });
    expect(layer!.sources.exact(['services', 'web', 'image'])).toEqual({ file: 'c.yaml', line: 3, col: 12 });
    expect(layer!.sources.exact(['services', 'web', 'ports', 0])).toEqual({ file: 'c.yaml', line: 5, col: 9 });
  });

  it('keeps !reset and !override as merge tags', () => {
    const [layer] = parseComposeYaml('a: !reset null\nb: !override [1]\n', 'c.yaml');
    expect(layer!.value['a']).toBe(RESET);
    expect(layer!.value['b']).toEqual(new Override([1]));
  });

  it('reads every document of a multi-document file as a layer', () => {
    expect(parseComposeYaml('a: 1\n---\nb: 2\n', 'c.yaml').map((l) => l.value)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it.each([
    { name: 'quote never closed (at the opening quote)', text: 'services:\n  web:\n    image: "unterminated\n', code: 'E_YAML_SYNTAX', line: 3 },
    { name: 'bad indentation', text: 'services:\n  web:\n   image: a\n  - b\n', code: 'E_YAML_SYNTAX', line: 4 },
    { name: 'duplicate key', text: 'services:\n  web: {}\n  web: {}\n', code: 'E_YAML_SYNTAX', line: 3 },
    { name: 'undefined alias', text: 'a: *nope\n', code: 'E_YAML_ALIAS', line: 1 },
    { name: 'top level is a list', text: '- a\n- b\n', code: 'E_TOP_LEVEL', line: 1 },
    { name: 'top level is a scalar', text: 'hello\n', code: 'E_TOP_LEVEL', line: 1 },
  ])('refuses a $name at its line', ({ text, code, line }) => {
    const error = parseError(text);
    expect(error.code).toBe(code);
    expect(error.position?.line).toBe(line);
    expect(error.position?.file).toBe('compose.yaml');
  });

  it('reads a quoted value continued on lines indented less than its key, as PyYAML and go-yaml do', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      "    command: 'sh -c \"echo it''s",
      "  up\"'",
      '    environment: {A: "x \\"y\\"',
      '  z"}',
      '    labels:',
      "      - 'a=one",
      '',
      "two'",
      '',
    ].join('\n');
    const [layer] = parseComposeYaml(text, 'c.yaml');
    expect(layer!.value['services']).toEqual({
      web: { image: 'nginx', command: 'sh -c "echo it\'s up"', environment: { A: 'x "y" z' }, labels: ['a=one\ntwo'] },
    });
    expect(layer!.sources.exact(['services', 'web', 'environment', 'A'])).toEqual({ file: 'c.yaml', line: 6, col: 22 });
    expect(layer!.sources.exact(['services', 'web', 'labels'], 'key')).toEqual({ file: 'c.yaml', line: 8, col: 5 });
    expect(layer!.sources.exact(['services', 'web', 'labels', 0])).toEqual({ file: 'c.yaml', line: 9, col: 9 });
  });

  it('points at the opening quote of a value that is never closed, with the fix', () => {
    const error = parseError("services:\n  web:\n    image: nginx\n    command: 'echo hello\n");
    expect(error.describe()).toBe(
      "compose.yaml:4:14: invalid YAML: the quoted value that starts here is never closed. Close it with ' (a ' inside it is written ''), or remove the opening quote.",
    );
  });

  it('reports a syntax error before an unclosed quote as it is', () => {
    const error = parseError("services:\n  web:\n    image: nginx\n   ports: [80]\n    command: 'echo\n");
    expect(error.position?.line).toBe(4);
    expect(error.message).toBe('invalid YAML: All mapping items must start at the same column.');
  });

  it('refuses a quoted value that runs into a document marker, with the fix', () => {
    const error = parseError("services:\n  web:\n    command: 'echo\n---\n  x'\n");
    expect(error.describe()).toBe(
      "compose.yaml:3:14: invalid YAML: the quoted value that starts here runs into the document marker on line 4. Indent the lines of the value, or close it with ' before that line.",
    );
  });

  it('refuses an empty file', () => {
    expect(parseError('').code).toBe('E_EMPTY_FILE');
    expect(parseError('# only a comment\n').code).toBe('E_EMPTY_FILE');
  });

  it('refuses binary data', () => {
    expect(parseError('\u0000\u0001\u00ff\u0002').code).toBe('E_NOT_TEXT');
  });

  it('refuses a billion-laughs alias bomb quickly', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghij';
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1]!;
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = process.hrtime.bigint();
    const error = parseError(lines.join('\n'));
    expect(error.code).toBe('E_YAML_ALIAS_BOMB');
    expect(error.position?.line).toBeGreaterThan(1);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
  });

  it('reads 100 levels of nesting, and refuses 101 at the collection that is one too deep', () => {
    const nested = (depth: number): string => `x: ${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}\n`;
    expect(() => parseComposeYaml(nested(100), 'f.yaml')).not.toThrow();
    const error = parseError(nested(101));
    expect(error.code).toBe('E_YAML_NESTING');
    expect(error.position).toEqual({ file: 'compose.yaml', line: 1, col: 103 });
  });

  it('counts the levels an alias brings, and points at the alias', () => {
    const inner = `${'['.repeat(60)}1${']'.repeat(60)}`;
    const error = parseError(`a: &a ${inner}\nb: [[*a]]\nc:\n  ${'['.repeat(40)}*a${']'.repeat(40)}\n`);
    expect(error.code).toBe('E_YAML_NESTING');
    expect(error.message).toContain('counting the anchors its aliases and << merge keys refer to');
    expect(error.position?.line).toBe(4);
  });

  it('tells keys apart by their value, as the YAML composer does: 1 and "1" are two keys, a repeated one is refused', () => {
    const [layer] = parseComposeYaml('m: {1: a, "1": b, true: c}\n', 'f.yaml');
    expect(Object.keys(layer!.value['m'] as object)).toEqual(['1', 'true']);
    const error = parseError('a: 1\nb: 2\na: 3\n');
    expect(error.code).toBe('E_YAML_SYNTAX');
    expect(error.position).toEqual({ file: 'compose.yaml', line: 3, col: 1 });
  });
});
