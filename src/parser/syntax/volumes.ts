/**
 * The short syntax of a service's `volumes:` entry, `[SOURCE:]TARGET[:MODE]`, read as compose-go's
 * `format.ParseVolume` does (Linux paths only): a source starting with `.`, `/` or `~` is a bind
 * mount (with create_host_path, as the legacy docker-compose did), any other source names a
 * volume, and no source is an anonymous volume. MODE is a comma-separated list of options.
 * Paths are returned as written; resolving them is the caller's business.
 */
import { ParseError } from '../diagnostics.js';
import type { ServiceVolume } from '../model.js';

type Mount = ServiceVolume;
type Option = (mount: Mount) => Mount;

const PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'] as const;

/** What each MODE option does; compose-go ignores any other option. */
const OPTIONS: ReadonlyMap<string, Option> = new Map<string, Option>([
  ['ro', (m) => ({ ...m, read_only: true })],
  ['rw', ({ read_only: _readOnly, ...m }) => m],
  ['nocopy', (m) => ({ ...m, volume: { ...m.volume, nocopy: true } })],
  ['z', (m) => ({ ...m, bind: { ...m.bind, selinux: 'z' } })],
  ['Z', (m) => ({ ...m, bind: { ...m.bind, selinux: 'Z' } })],
  ...PROPAGATIONS.map((p): [string, Option] => [p, (m) => ({ ...m, bind: { ...m.bind, propagation: p } })]),
]);

const HINT =
  'Write it as [SOURCE:]TARGET[:MODE], e.g. "./data:/data:ro", "dbdata:/var/lib/postgresql/data" or "/cache", or use the long syntax.';

/** A parsed short-syntax volume, with the MODE options that were not understood (and ignored). */
export interface ShortVolume {
  volume: ServiceVolume;
  ignoredOptions: string[];
}

/** Parses `[SOURCE:]TARGET[:MODE]`; throws a ParseError 'E_VOLUME' (without path) when malformed. */
export function parseVolumeShortSyntax(spec: string): ShortVolume {
  const parts = spec.split(':');
  if (spec === '') throw invalid(spec, 'it is empty');
  if (parts.includes('')) throw invalid(spec, 'a section between colons is empty');
  if (parts.length > 3) throw invalid(spec, 'it has too many colons');
  const [first = '', second, mode] = parts;
  const mount = second === undefined ? { target: first } : { source: first, target: second };
  const options = mode === undefined ? [] : mode.split(',');
  const volume = options.reduce((m, option) => OPTIONS.get(option)?.(m) ?? m, withType(mount));
  return { volume, ignoredOptions: options.filter((option) => !OPTIONS.has(option)) };
}

function withType(mount: { source?: string; target: string }): Mount {
  if (mount.source !== undefined && /^[./~]/.test(mount.source)) {
    return { type: 'bind', ...mount, bind: { create_host_path: true } };
  }
  return { type: 'volume', ...mount, volume: {} };
}

function invalid(spec: string, reason: string): ParseError {
  return new ParseError('E_VOLUME', `volume "${spec}" is not valid: ${reason}.`, { hint: HINT });
}
