/**
 * A YAML writer for CloudFormation templates, byte for byte what the `yaml` package writes
 * for them (`new Document(null, { version: '1.1' })` with short-form intrinsic tags,
 * `toString({ lineWidth: 0 })`), written by hand for speed: the performance targets of
 * `npm run bench` (1000 services with App Mesh rendered in under 2 s) leave no room for the
 * `yaml` package's node-by-node document, which took about two seconds alone for a 5 MB
 * template. The `yaml` package stays the reader, and the oracle of test/render/yaml-emitter.test.ts.
 *
 * The input is plain JSON data (`Template.toJSON()`: strings, finite numbers, booleans,
 * null, arrays, plain objects) with intrinsics in long form. What comes out:
 *
 * - block style, two-space indents, sequences indented under their key, `{}` and `[]` for
 *   empty collections;
 * - an object with one key `Ref` or `Fn::X` becomes the tag `!Ref`/`!X` on its payload
 *   (`!GetAtt A.B` when the payload is a list of strings), unless the payload is itself such
 *   an object: YAML cannot stack two tags, so the outer one keeps its long key;
 * - strings plain where a YAML 1.1 reader takes them back as the same string; otherwise
 *   quoted (single quotes when the string has `"` and no `'`, else double quotes with the
 *   `yaml` package's escapes); multi-line strings as literal blocks (`|`, `|-`, `|+`).
 *
 * The rules below follow the `yaml` package's stringifier (stringifyString.js,
 * stringifyPair.js, stringifyCollection.js and the YAML 1.1 schema's tags) for the options
 * above; every branch here has its counterpart there.
 */

const INDENT_STEP = '  ';

/** Writes `value` (plain JSON data, long-form intrinsics) as YAML text with short-form intrinsics. */
export function cfnYaml(value: unknown): string {
  return new Emitter().document(value);
}

type Tagged = { tag: string; payload: unknown };

/** The tag and payload of an object whose one key is `key`, when it takes the short form. */
function asTagged(value: object, key: string): Tagged | undefined {
  if (!isIntrinsic(key)) return undefined;
  const payload = (value as Record<string, unknown>)[key];
  if (isIntrinsicObject(payload)) return undefined;
  const name = key === 'Ref' ? 'Ref' : key.slice('Fn::'.length);
  if (name === 'GetAtt' && Array.isArray(payload) && payload.every((p) => typeof p === 'string')) {
    return { tag: '!GetAtt', payload: payload.join('.') };
  }
  return { tag: `!${name}`, payload };
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function isIntrinsicObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && isIntrinsic(keys[0] as string);
}

class Emitter {
  private out = '';
  /** Keys below the top level, as written (the same keys come back in every resource). */
  private readonly keys = new Map<string, string>();

  document(value: unknown): string {
    this.out = '';
    this.inline(value, '', true);
    const text = `${this.out}\n`;
    this.out = '';
    return text;
  }

  /**
   * A node where it starts on the current line (the document, a sequence item, the value of
   * an explicit key). `indent` is the node's own indentation: that of a collection's later
   * lines, and that of a block scalar's lines.
   */
  private inline(value: unknown, indent: string, root = false): void {
    if (typeof value !== 'object' || value === null) {
      this.out += scalar(value, indent, root);
    } else if (Array.isArray(value)) {
      this.sequence(value, indent);
    } else {
      const keys = Object.keys(value);
      const tagged = keys.length === 1 ? asTagged(value, keys[0] as string) : undefined;
      if (tagged === undefined) this.mapping(value as Record<string, unknown>, keys, indent);
      else this.tagged(tagged, indent, root);
    }
  }

  /** A tag and its payload where the tag starts the line: a collection goes below it, at `indent`. */
  private tagged({ tag, payload }: Tagged, indent: string, root: boolean): void {
    if (typeof payload !== 'object' || payload === null) {
      this.out += `${tag} ${scalar(payload, indent, root)}`;
    } else if (Array.isArray(payload)) {
      if (payload.length === 0) this.out += `${tag} []`;
      else {
        this.out += `${tag}\n${indent}`;
        this.sequence(payload, indent);
      }
    } else {
      const keys = Object.keys(payload);
      if (keys.length === 0) this.out += `${tag} {}`;
      else {
        this.out += `${tag}\n${indent}`;
        this.mapping(payload as Record<string, unknown>, keys, indent);
      }
    }
  }

  /** A sequence at `indent` (`[]` when empty). */
  private sequence(value: readonly unknown[], indent: string): void {
    if (value.length === 0) {
      this.out += '[]';
      return;
    }
    const itemIndent = indent + INDENT_STEP;
    for (let i = 0; i < value.length; i++) {
      this.out += i === 0 ? '- ' : `\n${indent}- `;
      // JSON data has no holes; a missing item is written as null, as JSON.stringify would.
      this.inline(value[i] ?? null, itemIndent);
    }
  }

  /** A mapping at `indent` (`{}` when empty); `keys` are its own keys. */
  private mapping(value: Record<string, unknown>, keys: readonly string[], indent: string): void {
    if (keys.length === 0) {
      this.out += '{}';
      return;
    }
    const childIndent = indent + INDENT_STEP;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (i > 0) this.out += `\n${indent}`;
      this.pair(key, value[key], indent, childIndent);
    }
  }

  private key(key: string, childIndent: string): string {
    // Only a top-level key's text depends on where it is (see keyString).
    if (childIndent === INDENT_STEP) return keyString(key, childIndent);
    let text = this.keys.get(key);
    if (text === undefined) {
      text = keyString(key, childIndent);
      this.keys.set(key, text);
    }
    return text;
  }

  private pair(key: string, value: unknown, indent: string, childIndent: string): void {
    const keyText = this.key(key, childIndent);
    if (keyText.length > 1024) {
      // Too long for an implicit key: `? key` then `: value` (the value starts on that line).
      this.out += `? ${keyText}\n${indent}: `;
      this.inline(value, childIndent);
      return;
    }
    if (typeof value !== 'object' || value === null) {
      this.out += `${keyText}: ${scalar(value, childIndent, false)}`;
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) this.out += `${keyText}: []`;
      else {
        this.out += `${keyText}:\n${childIndent}`;
        this.sequence(value, childIndent);
      }
      return;
    }
    const keys = Object.keys(value);
    const tagged = keys.length === 1 ? asTagged(value, keys[0] as string) : undefined;
    if (tagged === undefined) {
      if (keys.length === 0) this.out += `${keyText}: {}`;
      else {
        this.out += `${keyText}:\n${childIndent}`;
        this.mapping(value as Record<string, unknown>, keys, childIndent);
      }
      return;
    }
    // The tag stays on the key's line, but for a collection under a tag with a space in it
    // (the yaml package's "props line" test), which goes to the next line.
    const { tag, payload } = tagged;
    const blockPayload = typeof payload === 'object' && payload !== null && (Array.isArray(payload) ? payload.length > 0 : Object.keys(payload).length > 0);
    const space = tag.indexOf(' ');
    const newline = tag.indexOf('\n');
    const propsLine = !blockPayload || space === -1 || (newline !== -1 && newline < space);
    this.out += propsLine ? `${keyText}: ` : `${keyText}:\n${childIndent}`;
    this.tagged(tagged, childIndent, false);
  }
}

// ---------------------------------------------------------------------------------------
// Scalars

function scalar(value: unknown, indent: string, root: boolean): string {
  switch (typeof value) {
    case 'string':
      return stringValue(value, indent, root);
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return String(value);
    default:
      if (value === null || value === undefined) return 'null';
      throw new TypeError(`cannot write a ${typeof value} as YAML`);
  }
}

/** stringifyNumber.js, for numbers without a source format. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

/** Characters that force double quotes: C0 and C1 controls (but tab and newline), DEL, lone surrogates. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** Strings that cannot be plain: indicators first, `- `/`? `, `: `, ` #`, trailing space or colon... */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/**
 * Plain text a YAML 1.1 reader would resolve to something other than a string (the default
 * tags of the `yaml` package's 1.1 schema: null, booleans, integers in four radixes and
 * sexagesimal, floats, `.inf`/`.nan`, timestamps, the merge key).
 */
const NOT_STRING: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^<<$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];
/** The only words (no digit, sign or dot first) among NOT_STRING's matches. */
const NOT_STRING_WORDS: ReadonlySet<string> = new Set(
  ['', '~', 'null', 'Null', 'NULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']
    .concat(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '<<']),
);
/** Text that is plain for sure: a letter or `/` first, then letters, digits and `_./:-` (no colon last). */
const SIMPLE = /^[A-Za-z/][\w./-]*(?::[\w./-]+)*$/;

/** Whether plain text would not read back as a string (the 1.1 schema's tests). */
function looksLikeNonString(text: string): boolean {
  const c = text.charCodeAt(0);
  // Only a digit, sign, dot or e/E can start a number, a time or a timestamp.
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 69 || c === 101;
  if (!numeric) return text.length <= 5 && NOT_STRING_WORDS.has(text);
  for (const test of NOT_STRING) if (test.test(text)) return true;
  return false;
}

/** A string as a mapping's value or a sequence's item (stringifyString with `actualString`). */
function stringValue(value: string, indent: string, root: boolean): string {
  if (value === '<<') return value; // the merge key's own tag writes it plain
  if (SIMPLE.test(value) && !(value.length <= 5 && NOT_STRING_WORDS.has(value)) && !(value[0] === 'e' || value[0] === 'E')) {
    return value;
  }
  if (CONTROL.test(value)) return doubleQuoted(value, indent, false);
  const multiLine = value.includes('\n');
  if (NOT_PLAIN.test(value)) return multiLine ? blockLiteral(value, indent, false) : quoted(value, indent, false);
  if (multiLine) return blockLiteral(value, indent, false);
  if (root && indent === '' && DOCUMENT_MARKER.test(value)) return blockLiteral(value, indent, true);
  if (looksLikeNonString(value)) return quoted(value, indent, false);
  return value;
}

/** A mapping key (stringifyString with `implicitKey`); `indent` is the key's context indent. */
function keyString(key: string, indent: string): string {
  if (key === '<<') return key;
  if (SIMPLE.test(key) && !(key.length <= 5 && NOT_STRING_WORDS.has(key)) && !(key[0] === 'e' || key[0] === 'E')) return key;
  if (CONTROL.test(key)) return doubleQuoted(key, indent, true);
  if (key.includes('\n') || NOT_PLAIN.test(key)) return quoted(key, indent, true);
  if (indent === INDENT_STEP && DOCUMENT_MARKER.test(key)) return quoted(key, indent, true);
  if (looksLikeNonString(key)) return quoted(key, indent, true);
  return key;
}

function quoted(value: string, indent: string, implicitKey: boolean): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  return hasDouble && !hasSingle ? singleQuoted(value, indent, implicitKey) : doubleQuoted(value, indent, implicitKey);
}

function singleQuoted(value: string, indent: string, implicitKey: boolean): string {
  if ((implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value, indent, implicitKey);
  const ind = indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${ind}`)}'`;
}

const ESCAPES: Record<string, string> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
  '0085': '\\N',
  '00a0': '\\_',
  '2028': '\\L',
  '2029': '\\P',
};

/** doubleQuotedString: JSON's escapes, YAML's short ones for some characters, newlines folded outside keys. */
function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  const ind = indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a newline is escaped, so that folding keeps it.
      str += `${json.slice(start, i)}\\ `;
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    switch (json[i + 1]) {
      case 'u': {
        str += json.slice(start, i);
        const code = json.substr(i + 2, 4);
        const short = ESCAPES[code];
        if (short !== undefined) str += short;
        else if (code.startsWith('00')) str += `\\x${code.substr(2)}`;
        else str += json.substr(i, 6);
        i += 5;
        start = i + 1;
        break;
      }
      case 'n':
        if (implicitKey || json[i + 2] === '"' || json.length < 40) {
          i += 1;
        } else {
          // Folding: a line break for the first newline, one more for each further one.
          str += `${json.slice(start, i)}\n\n`;
          while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
            str += '\n';
            i += 2;
          }
          str += ind;
          // A space after a newline is escaped, so that folding keeps it.
          if (json[i + 2] === ' ') str += '\\';
          i += 1;
          start = i + 1;
        }
        break;
      default:
        i += 1;
    }
  }
  return start ? str + json.slice(start) : json;
}

const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/** blockString, literal style (with `lineWidth: 0` the yaml package never folds). */
function blockLiteral(text: string, indent: string, forceBlockIndent: boolean): string {
  // A block cannot end in whitespace after its last line break.
  if (/\n[\t ]+$/.test(text)) return quoted(text, indent, false);
  const ind = indent || (forceBlockIndent || DOCUMENT_MARKER.test(text) ? '  ' : '');
  let value = text;
  let endStart: number;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  const chomp = endNlPos === -1 ? '-' : value === end || endNlPos !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${ind}`);
  }
  let startWithSpace = false;
  let startEnd: number;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${ind}`);
  }
  const header = (startWithSpace ? (ind ? '2' : '1') : '') + chomp;
  value = value.replace(/\n+/g, `$&${ind}`);
  return `|${header}\n${ind}${start}${value}${end}`;
}
