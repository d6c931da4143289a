/**
 * The `.env` / `env_file` format of Docker Compose (compose-go's `dotenv` package):
 *
 * - `KEY=VALUE` (or YAML-like `KEY: VALUE`), optionally prefixed by `export `;
 * - blank lines, and comments from a `#` that starts a line;
 * - unquoted values run to the end of the line, lose a ` #` comment and trailing spaces,
 *   and are interpolated;
 * - single-quoted values are literal;
 * - double-quoted values may span lines, understand `\n \r \t \a \b \f \v \" \\ \$` and
 *   `\0NNN` (octal), and are interpolated;
 * - interpolation sees the variables defined earlier in the file first, then `lookup`;
 * - a `KEY` alone takes its value from `lookup`, and is left out when that is unset.
 */

import { ParseError, type Position } from '../diagnostics.js';
import { substitute, TemplateError, type Lookup } from './template.js';

/** Spaces that do not end a line (compose-go's isSpace). */
const INLINE_SPACE = /[\t\v\f\r \u0085\u00a0]/;
/** Any white space, line breaks included (Go's unicode.IsSpace). */
const ANY_SPACE = /[\s\u0085]/;
/** Characters of a variable name besides spaces: letters, digits, `_ . - [ ]`. */
const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;
const EXPORT = /^export[\t ]+/;
/** Backslash escapes of double-quoted values. */
const ESCAPE = /\\(?:([abfnrtv"\\$])|0([0-7]{3}))/g;
const ESCAPED_CHARS: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$',
};

/** Files of variables named like secrets: secrets.env, db-password.env, .env.secret, api.key... */
const SECRET_FILE = /secret|password|passwd|credential|token|\.key$/i;

/** Does the name of this file of variables say that it holds secrets? */
export function namedLikeSecrets(file: string): boolean {
  return SECRET_FILE.test(file.split(/[\\/]/).pop() ?? file);
}

const FORMAT_HINT = 'Write one KEY=VALUE per line; quote values that contain spaces or "#".';

/**
 * Parses the text of a `.env` or `env_file` file into its variables, in file order.
 * @param file The file name, for error positions.
 * @param lookup The environment, for `${VAR}` in values and for `KEY` lines without a value.
 * @throws ParseError with code E_DOTENV for a malformed line, or E_INTERPOLATION_SYNTAX /
 *   E_VARIABLE_REQUIRED for a value that cannot be interpolated.
 */
export function parseDotenv(text: string, file: string, lookup: Lookup): Record<string, string> {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  return new DotenvParser(normalized, file, lookup).parse();
}

class DotenvParser {
  private pos = 0;
  private readonly vars = new Map<string, string>();

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lookup: Lookup,
  ) {}

  parse(): Record<string, string> {
    for (this.skipBlanksAndComments(); this.pos < this.text.length; this.skipBlanksAndComments()) {
      this.statement();
    }
    return Object.fromEntries(this.vars);
  }

  private skipBlanksAndComments(): void {
    while (this.pos < this.text.length) {
      if (ANY_SPACE.test(this.char())) this.pos++;
      else if (this.char() === '#') this.pos = this.lineEnd();
      else return;
    }
  }

  /** One `KEY=VALUE`, `KEY: VALUE` or `KEY` statement. */
  private statement(): void {
    const exported = EXPORT.exec(this.text.slice(this.pos, this.lineEnd()));
    this.pos += exported?.[0].length ?? 0;
    const key = this.key();
    const terminator = this.char();
    if (terminator === '=' || terminator === ':') {
      this.pos++;
      this.skipInlineSpaces();
      this.vars.set(key, this.value());
      return;
    }
    this.pos = this.lineEnd() + 1;
    const inherited = this.lookup(key);
    if (inherited !== undefined) this.vars.set(key, inherited);
  }

  /** Reads a variable name up to `=`, `:` or the end of the line, and checks it. */
  private key(): string {
    const start = this.pos;
    for (; this.pos < this.text.length && !'=:\n'.includes(this.char()); this.pos++) {
      const c = this.char();
      if (!INLINE_SPACE.test(c) && !KEY_CHAR.test(c)) {
        throw this.error(`unexpected character "${c}" in variable name "${this.lineFrom(start)}".`, this.pos);
      }
    }
    const key = this.text.slice(start, this.pos).trimEnd();
    const space = key.search(INLINE_SPACE);
    if (space >= 0) throw this.error(`variable name "${key}" cannot contain a space.`, start + space);
    if (key === '') throw this.error(missingKeyMessage(this.char()), this.pos);
    return key;
  }

  private value(): string {
    const quote = this.char();
    if (quote === '"' || quote === "'") return this.quotedValue(quote);
    const start = this.pos;
    const end = this.lineEnd();
    const raw = this.text.slice(start, end).split(' #')[0] ?? '';
    this.pos = end + 1;
    return this.interpolate(raw.replace(/[\s\u0085]+$/, ''), start);
  }

  /** A value between quotes; a backslash keeps the next character from closing it. */
  private quotedValue(quote: string): string {
    const start = this.pos;
    let raw = '';
    for (this.pos++; this.pos < this.text.length; this.pos++) {
      const c = this.char();
      if (c === quote) break;
      if (c === '\\' && this.pos + 1 < this.text.length) {
        const next = this.text[++this.pos] ?? '';
        raw += next === quote ? next : c + next;
      } else raw += c;
    }
    if (this.pos >= this.text.length) {
      throw this.error(`unterminated quoted value ${this.lineFrom(start)}.`, start);
    }
    this.pos++;
    this.endOfQuotedLine();
    return quote === '"' ? this.interpolate(unescape(raw), start) : raw;
  }

  /** After a closing quote, only spaces and a comment may follow on the line. */
  private endOfQuotedLine(): void {
    this.skipInlineSpaces();
    const c = this.char();
    if (c !== '' && c !== '\n' && c !== '#') {
      throw this.error(`unexpected "${this.lineFrom(this.pos)}" after the closing quote.`, this.pos);
    }
    this.pos = this.lineEnd() + 1;
  }

  /** Interpolates a value with the variables defined so far, then the environment. */
  private interpolate(value: string, offset: number): string {
    try {
      return substitute(value, (name) => this.vars.get(name) ?? this.lookup(name)).value;
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      const hint =
        err.code === 'E_VARIABLE_REQUIRED'
          ? `Set ${err.variable} in the environment or earlier in this file.`
          : 'Escape a literal "$" as "$$", or single-quote the value.';
      throw new ParseError(err.code, err.message, { position: this.position(offset), hint });
    }
  }

  private skipInlineSpaces(): void {
    while (this.pos < this.text.length && INLINE_SPACE.test(this.char())) this.pos++;
  }

  /** The current character, or "" at the end of the text. */
  private char(): string {
    return this.text[this.pos] ?? '';
  }

  /** Index of the line break ending the current line, or the text length. */
  private lineEnd(): number {
    const end = this.text.indexOf('\n', this.pos);
    return end < 0 ? this.text.length : end;
  }

  /** The text from `offset` to the end of its line. */
  private lineFrom(offset: number): string {
    const end = this.text.indexOf('\n', offset);
    return this.text.slice(offset, end < 0 ? undefined : end);
  }

  private position(offset: number): Position {
    const before = this.text.slice(0, offset);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { file: this.file, line: before.split('\n').length, col: offset - lineStart + 1 };
  }

  private error(message: string, offset: number): ParseError {
    return new ParseError('E_DOTENV', message, { position: this.position(offset), hint: FORMAT_HINT });
  }
}

function missingKeyMessage(terminator: string): string {
  return terminator === '=' || terminator === ':'
    ? `a variable name is missing before "${terminator}".`
    : 'a variable name is missing after "export".';
}

/** Expands the backslash escapes of a double-quoted value; `\$` becomes `$$`, a literal `$`. */
function unescape(raw: string): string {
  return raw.replace(ESCAPE, (match, char: string | undefined, octal: string | undefined) => {
    if (char !== undefined) return ESCAPED_CHARS[char] ?? match;
    const code = parseInt(octal ?? '', 8);
    return code <= 0xff ? String.fromCharCode(code) : match;
  });
}
