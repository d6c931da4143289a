/**
 * Splits a `command:` / `entrypoint:` string into words as a POSIX shell reads them, without
 * running or expanding anything: blanks separate words, single quotes keep everything literally,
 * double quotes keep everything but `\` before $ ` " \ or a newline, and outside quotes `\`
 * escapes the next character (`\` + newline joins lines). `$`, `*`, `;`, `&&` … stay plain text.
 */
import { ParseError } from '../diagnostics.js';

const BLANKS = new Set([' ', '\t', '\n']);
/** Characters a backslash escapes inside double quotes; before any other it stays literal. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);
const LINE_CONTINUATION = '\\\n';
const HINT = 'Close the quote, or write the command as a list, e.g. ["sh", "-c", "echo hello"].';

/** Splits `line` into words; throws a ParseError 'E_COMMAND' on an unterminated quote or escape. */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  while (i < line.length) {
    if (line.startsWith(LINE_CONTINUATION, i)) {
      i += LINE_CONTINUATION.length;
      continue;
    }
    if (BLANKS.has(line.charAt(i))) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i += 1;
      continue;
    }
    const [text, next] = readToken(line, i);
    word = (word ?? '') + text;
    i = next;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Reads the token starting at `start` (a quoted part, an escape or one character): [text, end]. */
function readToken(line: string, start: number): [string, number] {
  switch (line.charAt(start)) {
    case "'":
      return readSingleQuoted(line, start);
    case '"':
      return readDoubleQuoted(line, start);
    case '\\':
      return readEscape(line, start);
    default:
      return [line.charAt(start), start + 1];
  }
}

function readSingleQuoted(line: string, start: number): [string, number] {
  const end = line.indexOf("'", start + 1);
  if (end < 0) throw unterminated(line, 'single quote');
  return [line.slice(start + 1, end), end + 1];
}

function readDoubleQuoted(line: string, start: number): [string, number] {
  let text = '';
  let i = start + 1;
  while (i < line.length) {
    const char = line.charAt(i);
    if (char === '"') return [text, i + 1];
    const escaped = line.charAt(i + 1);
    if (char === '\\' && DOUBLE_QUOTE_ESCAPABLE.has(escaped)) {
      if (escaped !== '\n') text += escaped;
      i += 2;
    } else {
      text += char;
      i += 1;
    }
  }
  throw unterminated(line, 'double quote');
}

function readEscape(line: string, start: number): [string, number] {
  if (start + 1 >= line.length) throw unterminated(line, 'backslash escape');
  return [line.charAt(start + 1), start + 2];
}

function unterminated(line: string, what: string): ParseError {
  return new ParseError('E_COMMAND', `the command ${JSON.stringify(line)} has an unterminated ${what}.`, {
    hint: HINT,
  });
}
