/**
 * A dotted path inside a resource (`Properties.ContainerDefinitions.0.Cpu`): a segment of
 * digits indexes a list, any other names a key. Setting creates the objects a path goes
 * through; null removes the value at the path (nothing to remove is not an error).
 */

type Json = Record<string, unknown>;

/** Sets (or, for null, removes) the value at `path`; returns why the path cannot be followed, or undefined. */
export function setAtPath(resource: Json, path: string, value: unknown): string | undefined {
  const segments = path.split('.');
  let at: Json | unknown[] = resource;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const before = segments.slice(0, i).join('.');
    const last = i === segments.length - 1;
    if (Array.isArray(at)) {
      if (!/^\d+$/.test(segment)) return `${before} is a list: write the index of an item (${before}.0) before ${segment}.`;
      const index = Number(segment);
      const reach = last && value !== null ? at.length : at.length - 1;
      if (index > reach) return value === null ? undefined : `${before} has ${at.length === 1 ? '1 item' : `${at.length} items`}, so it has no item ${index}.`;
      if (last) {
        if (value === null) at.splice(index, 1);
        else at[index] = value;
        return undefined;
      }
    } else if (last) {
      if (value === null) delete at[segment];
      else at[segment] = value;
      return undefined;
    } else if (at[segment] === undefined) {
      if (value === null) return undefined;
      at[segment] = {};
    }
    const next: unknown = Array.isArray(at) ? at[Number(segment)] : at[segment];
    if (typeof next !== 'object' || next === null) {
      return `${segments.slice(0, i + 1).join('.')} is ${JSON.stringify(next)}, so nothing can be set inside it.`;
    }
    at = next as Json | unknown[];
  }
  return undefined;
}
