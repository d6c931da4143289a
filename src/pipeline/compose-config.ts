/**
 * What `config` lists besides the model, as `docker compose config` lists it (the
 * `--profiles` of docker/compose cmd/compose/config.go), and the compose profiles the
 * deploy commands check `--profile` against.
 */
import type { LoadOptions } from '../parser/index.js';
import { loadCompose } from './compile.js';

/** Strings in Go's order (sort.Strings): by bytes of UTF-8. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Every compose profile a service of the project names, those the active profiles leave out included; sorted, once each. */
export function composeProfiles(options: LoadOptions): string[] {
  const { project } = loadCompose(options);
  const named = [...Object.values(project.services).flatMap((s) => s.profiles), ...Object.values(project.disabled_services ?? {}).flat()];
  return [...new Set(named)].sort(compareGoStrings);
}
