import { ParseError, formatPath } from '../../src/parser/diagnostics.js';

describe('diagnostics', () => {
  it('formats paths with dots and indexes', () => {
    expect(formatPath(['services', 'web', 'ports', 0, 'target'])).toBe('services.web.ports[0].target');
  });

  it('describes a parse error as one paragraph with position, path and hint', () => {
    const err = new ParseError('E_TEST', 'port "abc" is not a number.', {
      path: ['services', 'web', 'ports', 0],
      position: { file: 'compose.yaml', line: 4, col: 9 },
      hint: 'Write it as "8080:80".',
    });
    expect(err.describe()).toBe(
      'compose.yaml:4:9: services.web.ports[0]: port "abc" is not a number. Write it as "8080:80".',
    );
  });
});
