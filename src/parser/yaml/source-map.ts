import { formatPath, type Position, type TreePath } from '../diagnostics.js';

/**
 * Where each path of a compose tree was written. One map per YAML document; a project
 * stacks them (later files first) so a merged path points at the file that set it.
 *
 * Paths are kept by their formatted ID (`services.web.ports[0]`) and places as offsets in
 * the text, turned into a Position only when one is looked up: a large file records
 * hundreds of thousands of places and looks up a handful.
 */
export class SourceMap {
  private readonly values = new Map<string, number>();
  private readonly keys = new Map<string, number>();

  /** `position` turns an offset in the document's text into a Position. */
  constructor(private readonly position: (offset: number) => Position) {}

  /** Records where the value (and the key) at `path` was written; the first record of a path wins. */
  record(path: TreePath, value: number, key?: number): void {
    this.recordId(formatPath(path), value, key);
  }

  /** `record` by the path's formatted ID (see formatPath). */
  recordId(id: string, value: number, key?: number): void {
    if (!this.values.has(id)) this.values.set(id, value);
    if (key !== undefined && !this.keys.has(id)) this.keys.set(id, key);
  }

  /** The exact position of a path's value (or its key), if recorded. */
  exact(path: TreePath, which: 'key' | 'value' = 'value'): Position | undefined {
    const id = formatPath(path);
    const offset = which === 'key' ? (this.keys.get(id) ?? this.values.get(id)) : this.values.get(id);
    return offset === undefined ? undefined : this.position(offset);
  }
}

/** Looks a path up in several source maps, newest first, falling back to the nearest ancestor. */
export class SourceIndex {
  private readonly maps: SourceMap[] = [];

  add(map: SourceMap): void {
    this.maps.unshift(map);
  }

  locate(path: TreePath, which: 'key' | 'value' = 'value'): Position | undefined {
    for (let end = path.length; end >= 0; end--) {
      const prefix = path.slice(0, end);
      for (const map of this.maps) {
        const found = map.exact(prefix, end === path.length ? which : 'key');
        if (found) return found;
      }
    }
    return undefined;
  }
}
