/** A project runs at least one service: one without any, or whose profiles leave out every one, is an error. */
import { ParseError, type Position, type TreePath } from '../parser/diagnostics.js';
import type { Project } from '../parser/model.js';

type Locate = (path: TreePath, which?: 'key' | 'value') => Position | undefined;

/** The top-level keys that may be written when `services:` is not, to point at the file. */
const TOP_LEVEL = ['name', 'networks', 'volumes', 'secrets', 'configs', 'models'];

export function noServiceError(project: Project, locate: Locate): ParseError | undefined {
  if (Object.keys(project.services).length > 0) return undefined;
  const position = locate(['services'], 'key') ?? topOfFile([...TOP_LEVEL, ...Object.keys(project.extensions)], locate);
  const disabled = Object.entries(project.disabled_services ?? {});
  if (disabled.length === 0) {
    return new ParseError('E_NO_SERVICE', 'the project has no service.', {
      position,
      hint: 'Add a `services:` mapping with at least one service, e.g. `services: {web: {image: nginx}}`.',
    });
  }
  const profiles = [...new Set(disabled.flatMap(([, p]) => p))].sort();
  const listed = disabled.map(([name, p]) => `${name} (${p.join(', ')})`).join(', ');
  return new ParseError('E_NO_SERVICE', `the project has no service to run: the active profiles leave out every service, ${listed}.`, {
    path: ['services'],
    position,
    hint: `Enable one with --profile ${profiles[0] ?? '*'} (or COMPOSE_PROFILES), or remove the profiles of a service that should always run.`,
  });
}

/** The first of `keys` written in the file, by line. */
function topOfFile(keys: string[], locate: Locate): Position | undefined {
  const found = keys.flatMap((key) => locate([key], 'key') ?? []);
  return found.sort((a, b) => a.line - b.line || a.col - b.col)[0];
}
