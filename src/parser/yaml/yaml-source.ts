import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Alias,
  type Document,
  type Node,
  type ParsedNode,
  type YAMLError,
} from 'yaml';
import { ParseError, type Position } from '../diagnostics.js';
import { aliasTargets } from './anchors.js';
import { Override, RESET } from './merge-tags.js';
import { MAX_NESTING, nestingError, tooDeep } from './nesting.js';
import { reindentQuotedContinuations, type BrokenQuote } from './quoted-continuations.js';
import { SourceMap } from './source-map.js';

/** One YAML document of a compose file, as plain data, with where each value was written. */
export interface YamlLayer {
  file: string;
  value: Record<string, unknown>;
  sources: SourceMap;
}

/**
 * How many values alias expansion may produce in one document. Far above any real
 * compose file, far below what a "billion laughs" document expands to.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * Parses the text of a compose file (YAML 1.2) into one layer per document. Anchors,
 * aliases and `<<` merge keys are resolved; `!reset` and `!override` become merge tags.
 * A quoted scalar continued on lines indented less than its key is read as PyYAML and
 * go-yaml read it (see quoted-continuations.ts).
 */
export function parseComposeYaml(text: string, file: string): YamlLayer[] {
  if (text.includes('\u0000')) {
    throw new ParseError('E_NOT_TEXT', 'the file is not text (it contains NUL bytes).', {
      file,
      hint: 'Pass a compose file written in YAML.',
    });
  }
  const parsed = parseText(text, file, new Map());
  const firstError = parsed.docs.flatMap((doc) => doc.errors)[0];
  if (firstError === undefined) return layersOf(parsed);
  const reindented = reindentQuotedContinuations(text);
  if (reindented.kind === 'reindented') {
    return layersOf(reindented.added.size === 0 ? parsed : parseText(reindented.text, file, reindented.added));
  }
  const at = parsed.at(firstError.pos[0]);
  const before = at.line < reindented.line || (at.line === reindented.line && at.col < reindented.col);
  throw before ? syntaxError(firstError, at) : brokenQuote(reindented, file);
}

interface ParsedText {
  docs: Document.Parsed[];
  file: string;
  /** The position in the file as written of an offset in the parsed text. */
  at: (offset: number) => Position;
}

/**
 * `added`: the spaces put before the text of a line (by 1-based line), taken off the columns
 * again. The nesting is bounded on the syntax tree, before the (recursive) composer reads it;
 * duplicate keys are found by the Converter (the composer's own check is quadratic in the keys
 * of a mapping).
 */
function parseText(text: string, file: string, added: ReadonlyMap<number, number>): ParsedText {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col: Math.max(1, col - (added.get(line) ?? 0)) };
  };
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  for (const token of tokens) {
    const deep = tooDeep(token);
    if (deep !== undefined) throw nestingError(at(deep), false);
  }
  const docs = Array.from(new Composer({ merge: true, uniqueKeys: false }).compose(tokens));
  return { docs, file, at };
}

function layersOf({ docs, file, at }: ParsedText): YamlLayer[] {
  const layers: YamlLayer[] = [];
  for (const doc of docs) {
    const firstError = doc.errors[0];
    if (firstError) throw syntaxError(firstError, at(firstError.pos[0]));
    if (doc.contents === null) continue;
    layers.push(toLayer(doc, file, at));
  }
  if (layers.length === 0) {
    throw new ParseError('E_EMPTY_FILE', 'the compose file is empty.', {
      file,
      hint: 'Add at least a `services:` mapping with one service.',
    });
  }
  return layers;
}

function syntaxError(error: YAMLError, position: Position): ParseError {
  return new ParseError('E_YAML_SYNTAX', `invalid YAML: ${firstLine(error.message)}.`, {
    position,
    hint: 'Fix the YAML syntax at that place (indentation, quotes, a missing colon).',
  });
}

function brokenQuote(broken: BrokenQuote, file: string): ParseError {
  const position = { file, line: broken.line, col: broken.col };
  if (broken.kind === 'marker') {
    return new ParseError(
      'E_YAML_SYNTAX',
      `invalid YAML: the quoted value that starts here runs into the document marker on line ${broken.markerLine ?? broken.line}.`,
      { position, hint: `Indent the lines of the value, or close it with ${broken.quote} before that line.` },
    );
  }
  return new ParseError('E_YAML_SYNTAX', `invalid YAML: the quoted value that starts here is never closed.`, {
    position,
    hint: `Close it with ${broken.quote}${broken.quote === "'" ? " (a ' inside it is written '')" : ' (a " inside it is written \\")'}, or remove the opening quote.`,
  });
}

function toLayer(doc: Document.Parsed, file: string, at: (offset: number) => Position): YamlLayer {
  const sources = new SourceMap(at);
  const converter = new Converter(doc, at, sources);
  const root = doc.contents as ParsedNode;
  const value = converter.convert(root, '', true);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ParseError('E_TOP_LEVEL', 'the top level of a compose file must be a mapping.', {
      position: converter.position(root),
      hint: 'Start the file with keys such as `services:`.',
    });
  }
  return { file, value: value as Record<string, unknown>, sources };
}

class Converter {
  private expanded = 0;
  /** How many collections and alias expansions the value being converted is inside. */
  private depth = 0;
  /** The alias of the text whose expansion is being converted, where a too deep expansion is reported. */
  private expansion: Alias | undefined;
  private readonly sizes = new Map<Node, number>();
  private readonly targets: ReadonlyMap<Alias, Node | undefined>;

  constructor(
    doc: Document.Parsed,
    private readonly at: (offset: number) => Position,
    private readonly sources: SourceMap,
  ) {
    this.targets = aliasTargets(doc);
  }

  position(node: Node): Position {
    return this.at(node.range?.[0] ?? 0);
  }

  /**
   * `id` is the node's path as formatPath writes it (built a segment at a time, as the
   * source map keys its places). `record` is false inside alias expansions: their
   * positions are the anchor's.
   */
  convert(node: Node | null, id: string, record: boolean): unknown {
    if (node === null) return null;
    if (node.tag === '!reset') return RESET;
    const value = this.convertUntagged(node, id, record);
    return node.tag === '!override' ? new Override(value) : value;
  }

  /** `convert` one level deeper, within MAX_NESTING (aliases and merge keys included). */
  private nested<T>(node: Node, convert: () => T): T {
    if (this.depth >= MAX_NESTING) throw nestingError(this.position(this.expansion ?? node), this.expansion !== undefined);
    this.depth += 1;
    try {
      return convert();
    } finally {
      this.depth -= 1;
    }
  }

  private convertUntagged(node: Node, id: string, record: boolean): unknown {
    if (isAlias(node)) {
      const target = this.targets.get(node);
      if (!target) {
        throw new ParseError('E_YAML_ALIAS', `the alias *${node.source} has no anchor before it.`, {
          position: this.position(node),
          hint: `Define &${node.source} earlier in the file.`,
        });
      }
      this.expanded += this.sizeOf(target);
      if (this.expanded > MAX_ALIAS_EXPANSION) {
        throw new ParseError(
          'E_YAML_ALIAS_BOMB',
          `aliases expand to more than ${MAX_ALIAS_EXPANSION} values (an alias bomb?).`,
          { position: this.position(node), hint: 'Reduce nested aliases; a compose file never needs this many.' },
        );
      }
      const outermost = this.expansion === undefined;
      if (outermost) this.expansion = node;
      try {
        return this.nested(node, () => this.convert(target, id, false));
      } finally {
        if (outermost) this.expansion = undefined;
      }
    }
    if (isScalar(node)) return node.value ?? null;
    if (isSeq(node)) {
      return this.nested(node, () =>
        node.items.map((item, i) => {
          const itemId = `${id}[${i}]`;
          if (record && item) this.sources.recordId(itemId, offsetOf(item as Node));
          return this.convert(item as Node | null, itemId, record);
        }),
      );
    }
    if (isMap(node)) return this.nested(node, () => this.convertMap(node, id, record));
    return null;
  }

  private convertMap(node: Node, id: string, record: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const merged: Record<string, unknown>[] = [];
    const seen = new Set<unknown>();
    for (const pair of (node as unknown as { items: { key: Node | null; value: Node | null }[] }).items) {
      const key = pair.key;
      if (key && isScalar(key) && typeof key.value === 'symbol') {
        merged.push(...this.mergeSources(pair.value, id));
        continue;
      }
      if (key && isScalar(key)) {
        if (seen.has(key.value)) throw duplicateKey(this.position(key));
        seen.add(key.value);
      }
      const name = key === null ? '' : isScalar(key) ? String(key.value) : String(key);
      const childId = id === '' ? name : `${id}.${name}`;
      if (record && key) {
        this.sources.recordId(childId, offsetOf(pair.value ?? key), offsetOf(key));
      }
      out[name] = this.convert(pair.value, childId, record);
    }
    for (const source of merged) {
      for (const [k, v] of Object.entries(source)) {
        if (!(k in out)) out[k] = v;
      }
    }
    return out;
  }

  /** The mappings a `<<` key merges in, in priority order. */
  private mergeSources(value: Node | null, id: string): Record<string, unknown>[] {
    const items = value && isSeq(value) ? (value.items as Node[]) : value ? [value] : [];
    return items.map((item) => {
      const converted = this.convert(item, id, false);
      if (typeof converted !== 'object' || converted === null || Array.isArray(converted)) {
        throw new ParseError('E_YAML_MERGE', 'a `<<` merge key takes a mapping or a list of mappings.', {
          position: this.position(item),
          hint: 'Point `<<` at an anchored mapping, e.g. `<<: *defaults`.',
        });
      }
      return converted as Record<string, unknown>;
    });
  }

  /** How many values a node stands for once every alias inside it is expanded. */
  private sizeOf(node: Node): number {
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    this.sizes.set(node, MAX_ALIAS_EXPANSION + 1);
    let size = 1;
    if (isAlias(node)) {
      const target = this.targets.get(node);
      size = target ? this.sizeOf(target) : 1;
    } else if (isSeq(node)) {
      for (const item of node.items) if (item) size += this.sizeOf(item as Node);
    } else if (isMap(node)) {
      for (const pair of node.items) if (pair.value) size += this.sizeOf(pair.value as Node);
    }
    size = Math.min(size, MAX_ALIAS_EXPANSION + 1);
    this.sizes.set(node, size);
    return size;
  }
}

/** A key written twice in one mapping; keys are told apart by their value, as the YAML composer does (1 and "1" are two keys). */
function duplicateKey(position: Position): ParseError {
  return new ParseError('E_YAML_SYNTAX', 'invalid YAML: Map keys must be unique.', {
    position,
    hint: 'Keep one of the two entries with this key (a later file, or an override, changes a value).',
  });
}

function offsetOf(node: Node): number {
  return node.range?.[0] ?? 0;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}
