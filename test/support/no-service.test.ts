import { ParseError, type Warning } from '../../src/parser/diagnostics.js';
import { loadProject } from '../../src/parser/load.js';
import { checkSupport } from '../../src/support/compose-support.js';
import { tmpProject } from '../helpers/tmp-project.js';

function supportError(compose: string, profiles: string[] = []): ParseError {
  const cwd = tmpProject({ 'compose.yaml': compose });
  const { project, locate } = loadProject({ cwd, environment: {}, profiles });
  const warnings: Warning[] = [];
  try {
    checkSupport(project, locate, (w) => warnings.push(w));
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('a project with no service to run', () => {
  it('is an error when the file has no services, at the top of the file', () => {
    const error = supportError('name: shop\nx-rds: {}\n');
    expect(error.code).toBe('E_NO_SERVICE');
    expect(error.message).toBe('the project has no service.');
    expect(error.position).toMatchObject({ line: 1, col: 1 });
    expect(error.hint).toContain('services: {web: {image: nginx}}');
  });

  it('is an error when the profiles leave out every service, naming them and a profile to enable', () => {
    const error = supportError('services:\n  debug: {image: busybox, profiles: [debug]}\n  seed: {image: seed, profiles: [tools, setup]}\n', ['prod']);
    expect(error.describe()).toMatch(
      /compose\.yaml:1:1: services: the project has no service to run: the active profiles leave out every service, debug \(debug\), seed \(tools, setup\)\. Enable one with --profile debug \(or COMPOSE_PROFILES\), or remove the profiles of a service that should always run\.$/,
    );
  });
});
