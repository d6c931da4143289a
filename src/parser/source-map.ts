import { formatPath, type Position, type TreePath } from './diagnostics.js';

/**
 * Where each path of a compose tree was written. One map per YAML document; a project
 * stacks them (later files first) so a merged path points at the file that set it.
 */
export class SourceMap {
  private readonly values = new Map<string, Position>();
  private readonly keys = new Map<string, Position>();

  record(path: TreePath, value: Position, key?: Position): void {
    const id = formatPath(path);
    if (!this.values.has(id)) this.values.set(id, value);
    if (key && !this.keys.has(id)) this.keys.set(id, key);
  }

  /** The exact position of a path's value (or its key), if recorded. */
  exact(path: TreePath, which: 'key' | 'value' = 'value'): Position | undefined {
    const id = formatPath(path);
    return which === 'key' ? (this.keys.get(id) ?? this.values.get(id)) : this.values.get(id);
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
