/**
 * JSON as Go's encoding/json writes it (json.Marshal, json.MarshalIndent with two spaces):
 * Maps in their order, `<`, `>`, `&`, U+2028 and U+2029 escaped as \u003c..., other control
 * characters as \b \f \n \r \t or \u00XX, a lone surrogate as \ufffd (invalid UTF-8).
 */
export function goJson(value: unknown, indent = ''): string {
  return write(value, indent, '');
}

function write(value: unknown, indent: string, at: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = at + indent;
  const open = (items: string[], start: string, end: string): string =>
    items.length === 0 ? `${start}${end}` : indent === '' ? `${start}${items.join(',')}${end}` : `${start}\n${inner}${items.join(`,\n${inner}`)}\n${at}${end}`;
  if (Array.isArray(value)) return open(value.map((item) => write(item, indent, inner)), '[', ']');
  const entries = value instanceof Map ? [...(value as Map<string, unknown>).entries()] : Object.entries(value as Record<string, unknown>);
  return open(entries.map(([key, item]) => `${quote(key)}:${indent === '' ? '' : ' '}${write(item, indent, inner)}`), '{', '}');
}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function quote(text: string): string {
  return `"${text.replace(/["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    const short = SHORT[c];
    if (short) return short;
    if (c.length === 1 && c >= '\ud800' && c <= '\udfff') return '\\ufffd';
    return `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  })}"`;
}
