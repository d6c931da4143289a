/**
 * Quoted scalars continued on lines indented less than their key:
 *
 *     command: 'echo hello
 *   world'
 *
 * PyYAML and go-yaml (so docker compose) read the value up to its closing quote whatever the
 * indentation of the lines in between; the `yaml` package ends the scalar at the first line
 * indented too little ("Missing closing quote"). The line breaks inside a quoted scalar are
 * folded and the leading spaces of its lines are not part of the value, so indenting those
 * lines as far as the opening quote gives the `yaml` package a text it reads, to the value
 * PyYAML reads from the text as written.
 */
import { Lexer } from 'yaml';

/** The text with the continuation lines indented, and how many spaces each changed line got (by 1-based line). */
export interface Reindented {
  kind: 'reindented';
  text: string;
  added: ReadonlyMap<number, number>;
}

/** A quoted scalar that cannot be read: never closed, or running into a document marker (`---`, `...`). */
export interface BrokenQuote {
  kind: 'unclosed' | 'marker';
  quote: string;
  /** The opening quote in the text as written, 1-based. */
  line: number;
  col: number;
  /** The line of the document marker. */
  markerLine?: number;
}

/** Lexer tokens that stand for no text (start of a document, end of a flow error, a scalar to come). */
const MARKERS = new Set(['\u0002', '\u0018', '\u001f']);

/** How many quoted scalars are reindented at most (the text is lexed again after each). */
const MAX_FIXES = 1000;

/**
 * `text` with the continuation lines of every quoted scalar indented as far as its opening
 * quote, or the first quoted scalar that cannot be read at all. A text without such scalars
 * comes back as it is.
 */
export function reindentQuotedContinuations(text: string): Reindented | BrokenQuote {
  const added = new Map<number, number>();
  let current = text;
  for (let fixes = 0; fixes < MAX_FIXES; fixes++) {
    const start = firstTruncatedQuote(current);
    if (start === undefined) break;
    const quote = current[start] ?? "'";
    const lineStart = current.lastIndexOf('\n', start) + 1;
    const firstLine = lineNumber(current, start);
    const opening = { quote, line: firstLine, col: start - lineStart + 1 - (added.get(firstLine) ?? 0) };
    const end = closingQuote(current, start);
    if (end < 0) return { kind: 'unclosed', ...opening };
    const lines = continuationLines(current, start, end, firstLine);
    const marker = lines.find((l) => l.indent === 0 && /^(---|\.\.\.)(\s|$)/.test(current.slice(l.offset, l.offset + 4)));
    if (marker) return { kind: 'marker', ...opening, markerLine: marker.number };
    const column = start - lineStart;
    for (const line of lines.reverse()) {
      if (line.indent >= column) continue;
      const pad = column - line.indent;
      current = `${current.slice(0, line.offset)}${' '.repeat(pad)}${current.slice(line.offset)}`;
      added.set(line.number, (added.get(line.number) ?? 0) + pad);
    }
  }
  return { kind: 'reindented', text: current, added };
}

/** The offset of the first quoted scalar the lexer ends before its closing quote (or that has none). */
function firstTruncatedQuote(text: string): number | undefined {
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    if ((token[0] === "'" || token[0] === '"') && closingQuote(text, offset) !== offset + token.length - 1) return offset;
    offset += token.length;
  }
  return undefined;
}

/** Where the quoted scalar opened at `start` is closed, as the lexer finds it (-1 if never). */
function closingQuote(text: string, start: number): number {
  const quote = text[start] ?? "'";
  let end = text.indexOf(quote, start + 1);
  if (quote === "'") {
    while (end !== -1 && text[end + 1] === "'") end = text.indexOf("'", end + 2);
    return end;
  }
  while (end !== -1) {
    let backslashes = 0;
    while (text[end - 1 - backslashes] === '\\') backslashes += 1;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return end;
}

interface Line {
  offset: number;
  /** 1-based. */
  number: number;
  /** Leading spaces. */
  indent: number;
}

/** The lines of the scalar from `start` to `end` after its first one (on line `firstLine`), but the blank ones. */
function continuationLines(text: string, start: number, end: number, firstLine: number): Line[] {
  const lines: Line[] = [];
  let number = firstLine;
  for (let nl = text.indexOf('\n', start); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    number += 1;
    const offset = nl + 1;
    const next = text.indexOf('\n', offset);
    const content = text.slice(offset, next === -1 ? text.length : next);
    if (/^ *\r?$/.test(content)) continue;
    lines.push({ offset, number, indent: /^ */.exec(content)?.[0].length ?? 0 });
  }
  return lines;
}

function lineNumber(text: string, offset: number): number {
  let line = 1;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) line += 1;
  return line;
}
