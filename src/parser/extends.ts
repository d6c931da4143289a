import path from 'node:path';
import { ParseError, type Position, type TreePath } from './diagnostics.js';
import { isMapping } from './mapping.js';
import { mergeTrees } from './merge.js';

export interface ExtendsContext {
  /** Absolute path of the file whose services are being resolved. */
  file: string;
  /** The interpolated `services` mapping of another compose file (absolute path), named at `from` (path, position) of `fromFile`. */
  servicesOf: (file: string, from: { path: TreePath; position: Position | undefined }, fromFile: string) => Record<string, unknown>;
  locate: (path: TreePath) => Position | undefined;
}

interface Ref {
  file: string;
  service: string;
}

/**
 * Resolves `extends` in one file's services: each service is its base (from the same
 * file or another one, resolved first) with the service merged on top, by the merge
 * rules of several `-f` files. Relative paths of a base from another file are made
 * absolute from that file's directory. A cycle is an error that shows the whole loop.
 */
export function applyExtends(
  services: Record<string, unknown>,
  context: ExtendsContext,
): Record<string, unknown> {
  const resolved = new Map<string, Record<string, unknown>>();

  const resolve = (ref: Ref, own: Record<string, unknown>, chain: Ref[]): Record<string, unknown> => {
    const id = `${ref.file}#${ref.service}`;
    const done = resolved.get(id);
    if (done) return done;
    const service = own[ref.service];
    if (!isMapping(service)) return {};
    const spec = service['extends'];
    if (spec === undefined) return service;

    const at: TreePath = ['services', ref.service, 'extends'];
    const base = baseRef(spec, ref.file);
    const visiting = [...chain, ref];
    const start = visiting.findIndex((r) => r.file === base.file && r.service === base.service);
    if (start >= 0) throw cycleError([...visiting.slice(start), base], at, context.locate(at));
    const baseServices = base.file === ref.file ? own : context.servicesOf(base.file, { path: at, position: context.locate(at) }, ref.file);
    if (!(base.service in baseServices)) {
      throw new ParseError('E_EXTENDS_UNKNOWN', `extends service "${base.service}", which is not defined${base.file === ref.file ? '' : ` in ${base.file}`}.`, {
        path: at,
        position: context.locate(at),
        hint: `Define "${base.service}" there, or extend one of: ${Object.keys(baseServices).sort().join(', ') || '(no services)'}.`,
      });
    }
    let baseService = resolve(base, baseServices, visiting);
    if (base.file !== ref.file) baseService = absolutePaths(baseService, path.dirname(base.file));
    const { extends: _ignored, ...child } = service;
    const merged = mergeTrees(baseService, child, ['services', ref.service]) as Record<string, unknown>;
    resolved.set(id, merged);
    return merged;
  };

  const out: Record<string, unknown> = {};
  for (const name of Object.keys(services)) {
    out[name] = isMapping(services[name]) ? resolve({ file: context.file, service: name }, services, []) : services[name];
  }
  return out;
}

function baseRef(spec: unknown, fromFile: string): Ref {
  if (typeof spec === 'string') return { file: fromFile, service: spec };
  const { service, file } = spec as { service: string; file?: string };
  return { file: file ? path.resolve(path.dirname(fromFile), file) : fromFile, service };
}

function cycleError(loop: Ref[], at: TreePath, position: Position | undefined): ParseError {
  const shown = loop.map((r) => r.service).join(' -> ');
  return new ParseError('E_EXTENDS_CYCLE', `extends forms a cycle: ${shown}.`, {
    path: at,
    position,
    hint: 'Remove one `extends` of the loop.',
  });
}

/** Keys of a service that hold paths relative to its compose file. */
function absolutePaths(service: Record<string, unknown>, dir: string): Record<string, unknown> {
  const out = { ...service };
  const abs = (p: string): string => (p.startsWith('~') || path.isAbsolute(p) ? p : path.resolve(dir, p));
  const build = out['build'];
  if (typeof build === 'string') out['build'] = abs(build);
  else if (isMapping(build) && typeof build['context'] === 'string') out['build'] = { ...build, context: abs(build['context']) };
  const envFile = out['env_file'];
  if (envFile !== undefined) {
    out['env_file'] = (Array.isArray(envFile) ? envFile : [envFile]).map((entry) =>
      isMapping(entry) ? { ...entry, path: abs(String(entry['path'])) } : abs(String(entry)),
    );
  }
  const labelFile = out['label_file'];
  if (labelFile !== undefined) {
    out['label_file'] = (Array.isArray(labelFile) ? labelFile : [labelFile]).map((f) => abs(String(f)));
  }
  if (Array.isArray(out['volumes'])) {
    out['volumes'] = out['volumes'].map((volume) => {
      if (isMapping(volume)) {
        return volume['type'] === 'bind' && typeof volume['source'] === 'string'
          ? { ...volume, source: abs(volume['source']) }
          : volume;
      }
      const text = String(volume);
      return text.startsWith('.') ? abs(text) : text;
    });
  }
  return out;
}
