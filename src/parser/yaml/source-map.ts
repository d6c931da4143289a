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

/**
 * Looks a path up in several source maps, newest first, falling back to the nearest ancestor.
 * A path of the model is first turned into the path it was written at, where the parser put a
 * value elsewhere (`cpus` into deploy.resources.limits.cpus) or made one entry of a list
 * several (a port range is one entry per port).
 */
export class SourceIndex {
  private readonly maps: SourceMap[] = [];
  /** By a model path's formatted ID: the path its value was written at. */
  private readonly moves = new Map<string, TreePath>();
  /** By a model list's formatted ID: the index each of its entries was written at. */
  private readonly lists = new Map<string, readonly number[]>();

  add(map: SourceMap): void {
    this.maps.unshift(map);
  }

  /** The model's value at `path` was written at `written`. */
  moved(path: TreePath, written: TreePath): void {
    this.moves.set(formatPath(path), written);
  }

  /** Entry k of the model's list at `list` was written as entry `written[k]`. */
  expanded(list: TreePath, written: readonly number[]): void {
    this.lists.set(formatPath(list), written);
  }

  locate(modelPath: TreePath, which: 'key' | 'value' = 'value'): Position | undefined {
    const path = this.writtenPath(modelPath);
    for (let end = path.length; end >= 0; end--) {
      const prefix = path.slice(0, end);
      for (const map of this.maps) {
        const found = map.exact(prefix, end === path.length ? which : 'key');
        if (found) return found;
      }
    }
    return undefined;
  }

  private writtenPath(path: TreePath): TreePath {
    for (let end = path.length; end > 0 && this.moves.size > 0; end--) {
      const moved = this.moves.get(formatPath(path.slice(0, end)));
      if (moved) return [...moved, ...path.slice(end)];
    }
    if (this.lists.size === 0) return path;
    let written = path;
    for (let i = 1; i < written.length; i++) {
      const index = written[i];
      const at = typeof index === 'number' ? this.lists.get(formatPath(written.slice(0, i)))?.[index] : undefined;
      if (at !== undefined) written = [...written.slice(0, i), at, ...written.slice(i + 1)];
    }
    return written;
  }
}
