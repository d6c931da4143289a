import fc from 'fast-check';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type Node } from 'yaml';
import dataTypes from 'cloudform-types/types/dataTypes.js';
import { Template, templateYaml } from '../../src/render/template/template.js';
import { cfnYaml } from '../../src/render/template/yaml-emitter.js';

/**
 * The hand-written YAML emitter writes exactly what the `yaml` package wrote for templates
 * before it (the oracle below is that implementation), and what it writes reads back as the
 * same data.
 */

// ---------------------------------------------------------------------------------------
// The oracle: templateYaml as it was, with the `yaml` package's Document.

function oracle(value: unknown): string {
  const doc = new Document(null, { version: '1.1' });
  doc.contents = shortForm(doc, value);
  return doc.toString({ lineWidth: 0 });
}

function shortForm(doc: Document, value: unknown): Node {
  if (Array.isArray(value)) return doc.createNode(value.map((v) => shortForm(doc, v)), { aliasDuplicateObjects: false });
  if (typeof value !== 'object' || value === null) return doc.createNode(value);
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && isIntrinsic(first[0]) && !isIntrinsicObject(first[1])) {
    return tagged(doc, first[0], first[1]);
  }
  const map = doc.createNode({}, { aliasDuplicateObjects: false });
  for (const [k, v] of entries) (map as { add: (pair: unknown) => void }).add(doc.createPair(k, shortForm(doc, v)));
  return map;
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function isIntrinsicObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && isIntrinsic(keys[0] ?? '');
}

function tagged(doc: Document, key: string, payload: unknown): Node {
  const name = key === 'Ref' ? 'Ref' : key.slice('Fn::'.length);
  const getAttShort = name === 'GetAtt' && Array.isArray(payload) && payload.every((p) => typeof p === 'string');
  const node = getAttShort ? new Scalar((payload as string[]).join('.')) : shortForm(doc, payload);
  node.tag = `!${name}`;
  return node;
}

// ---------------------------------------------------------------------------------------
// Random templates

/** Strings a YAML writer must think about: indicators, 1.1 booleans/nulls/numbers/dates, whitespace, escapes. */
const SPECIAL = [
  'yes', 'no', 'on', 'off', 'Yes', 'NO', 'y', 'N', 'true', 'False', 'null', 'Null', '~', '', ' ', ' a', 'a ', 'a: b', 'a:', 'a:b',
  'a #b', 'a#b', '#a', '-', '- a', '-a', '?', '? a', '?a', ':', ': a', '@a', '`a', '!a', '&a', '*a', '%a', '|', '>', '[a]', '{a}',
  ',a', 'a,b', '"', "'", `"a'`, '"a"', "'a'", '1', '-1', '+1', '1_000', '1.5', '.5', '5.', '.', '-.', '0x1F', '0b101', '0777',
  '08', '1e3', 'e3', 'E3', '1E+3', '.inf', '-.Inf', '.nan', '.NaN', '2012-10-17', '2012-10-17 12:30:00', '2012-10-17T12:30:00Z',
  '12:30', '1:20:30', '190:20:30.15', '<<', '=', '---', '--- a', '...', '...a', '%YAML 1.1', 'a\nb', 'a\n', 'a\n\n',
  '\na', '\n', '\n\n', ' \n', 'a \nb', 'a\n b', 'a\n\tb', 'a\n ', '\t', 'a\tb', '\ta', 'a\t', '\r', 'a\r\nb', '\x00', '\x07',
  '\x0b', '\x1b', '\x7f', '\x85', '\xa0', '\u2028', '\u2029', '\uD800', '\uDC00x', 'é', '🐳', '日本語', 'AWS::Region',
  'arn:${AWS::Partition}:s3:::b/*', '${Foo}', 'a.b', 'Ref', 'Fn::Sub', '/health', 'http://x:8080', 'CMD-SHELL', 'x'.repeat(1030),
];
/** Pieces glued into strings, for the combinations (a newline then spaces, a colon then a tab...). */
const PIECES = ['a', 'b c', ' ', '  ', '\n', '\n\n', '\t', ':', '#', '-', '?', '"', "'", '\\', '.', '0', '1', 'e', '%', '---', '...', 'é', '\x01', '!'];
const NAMES = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::If', 'Fn::Join', 'Fn::Select', 'Fn::Base64', 'Fn::FindInMap', 'Fn::Equals', 'Fn::Not', 'Fn::GetAZs'];

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1015, maxLength: 1030 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PIECES), { minLength: 30, maxLength: 60 }).map((p) => p.join('')) },
);
const key = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...NAMES) });
const scalar = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

function templateArbitrary(names: readonly string[]): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      fc.record({ name: fc.constantFrom(...names), payload: tie('node') }).map(({ name, payload }) => ({ [name]: payload })),
      fc.tuple(text, text).map(([a, b]) => ({ 'Fn::GetAtt': [a, b] })),
      fc.record({ outer: fc.constantFrom(...names), inner: fc.constantFrom(...names), payload: scalar }).map(({ outer, inner, payload }) => ({
        [outer]: { [inner]: payload },
      })),
    ),
  })).node;
}

/**
 * Templates: a mapping at the root, never an intrinsic (the yaml package writes some scalars
 * at the root in a form it cannot read back).
 */
const templates = fc
  .dictionary(key, templateArbitrary(NAMES), { maxKeys: 5 })
  .map((t) => ({ AWSTemplateFormatVersion: '2010-09-09', ...t }));
/** Any node at the root, for byte-identity only. */
const anyRoot = templateArbitrary(NAMES);
/** Intrinsic names no template has, with the oracle's odd cases: an empty name, a space in the tag. */
const oddTemplates = templateArbitrary([...NAMES, 'Fn::', 'Fn::a b', 'Fn::x:y']);

// ---------------------------------------------------------------------------------------
// Reading back

const INTRINSIC_NAMES = new Set(NAMES.map((n) => (n === 'Ref' ? 'Ref' : n.slice('Fn::'.length))));

/** The YAML text as data, short-form tags back in long form (a tagged scalar is the tag's text). */
function readBack(yamlText: string): unknown {
  const doc = parseDocument(yamlText, { version: '1.1', merge: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw doc.errors[0];
  const data = (node: unknown): unknown => {
    const tag = (node as { tag?: string }).tag;
    const name = tag?.startsWith('!') ? tag.slice(1) : undefined;
    if (name !== undefined && INTRINSIC_NAMES.has(name)) {
      const long = name === 'Ref' ? 'Ref' : `Fn::${name}`;
      return { [long]: isScalar(node) ? String((node as Scalar).value) : untagged(node) };
    }
    return untagged(node);
  };
  const untagged = (node: unknown): unknown => {
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map(data);
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof k !== 'string') throw new Error(`a key read back as ${typeof k}: ${JSON.stringify(k)}`);
        Object.defineProperty(out, k, { value: data(pair.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    throw new Error(`unexpected node ${String(node)}`);
  };
  return data(doc.contents);
}

/** What reading back gives for `value`: GetAtt lists of strings joined, tagged scalars as their text. */
function expectedBack(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expectedBack);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && isIntrinsic(first[0]) && !isIntrinsicObject(first[1])) {
    const [k, payload] = first;
    if (k === 'Fn::GetAtt' && Array.isArray(payload) && payload.every((p) => typeof p === 'string')) return { [k]: payload.join('.') };
    if (typeof payload !== 'object' || payload === null) {
      return { [k]: typeof payload === 'string' ? payload : Object.is(payload, -0) ? '-0' : JSON.stringify(payload) };
    }
    return { [k]: expectedBack(payload) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: expectedBack(v), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Strings the yaml package writes in a form that does not read back the same, which the
 * emitter keeps for byte-identity (no template has them): `<<` (plain, so the YAML 1.1 merge
 * key) and blank multi-line text ending in a line break (`' \n'`: a `|+` block whose only
 * line is spaces, read back as `'\n'`), and a space between two line breaks in a long
 * double-quoted value (text with control characters, or ending in blanks after a line
 * break): both of the yaml package's escapes for that space apply, and give `\\ `.
 */
function unreadable(s: string): boolean {
  if (s === '<<') return true;
  if (/^[ \t\n]*$/.test(s) && s.includes('\n') && /[ \t]/.test(s) && s.endsWith('\n')) return true;
  // eslint-disable-next-line no-control-regex
  const doubleQuoted = /[\x00-\x08\x0b-\x1f\x7f-\x9f\uD800-\uDFFF]/.test(s) || /\n[\t ]+$/.test(s);
  return doubleQuoted && s.includes('\n \n') && JSON.stringify(s).length >= 40;
}

function hasUnreadable(value: unknown): boolean {
  if (typeof value === 'string') return unreadable(value);
  // A list of strings may be a GetAtt payload, written joined.
  if (Array.isArray(value)) return value.some(hasUnreadable) || (value.every((v) => typeof v === 'string') && unreadable(value.join('.')));
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([k, v]) => unreadable(k) || hasUnreadable(v));
  return false;
}

// ---------------------------------------------------------------------------------------

describe('cfnYaml', () => {
  it('writes what the yaml package writes, for random templates', () => {
    fc.assert(
      fc.property(templates, (template) => {
        expect(cfnYaml(template)).toBe(oracle(template));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes what the yaml package writes, for any node at the root', () => {
    fc.assert(
      fc.property(anyRoot, (template) => {
        expect(cfnYaml(template)).toBe(oracle(template));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes what the yaml package writes, with odd intrinsic names', () => {
    fc.assert(
      fc.property(oddTemplates, (template) => {
        expect(cfnYaml(template)).toBe(oracle(template));
      }),
      { numRuns: 500 },
    );
  });

  it('reads back as the same data', () => {
    fc.assert(
      fc.property(templates, (template) => {
        fc.pre(!hasUnreadable(template));
        expect(readBack(cfnYaml(template))).toEqual(expectedBack(template));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(SPECIAL.map((s) => [JSON.stringify(s).slice(0, 40), s]))('writes the string %s as the yaml package does, as a key, a value, an item and a payload', (_, s) => {
    const template = { [s]: s, list: [s, [s], { [s]: [s] }], ref: { Ref: s }, sub: { 'Fn::Sub': [s, { [s]: s }] }, getatt: { 'Fn::GetAtt': [s, s] } };
    expect(cfnYaml(template)).toBe(oracle(template));
    if (!unreadable(s)) expect(readBack(cfnYaml(template))).toEqual(expectedBack(template));
  });

  it('writes a template in the usual shape', () => {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: 'compose-x: the project p',
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] },
            Tags: [],
            Policies: [{ PolicyName: { 'Fn::Sub': '${AWS::StackName}-x' }, PolicyDocument: {} }],
            Arn: { 'Fn::GetAtt': ['Log', 'Arn'] },
            Stacked: { 'Fn::Base64': { 'Fn::Sub': 'echo ${X}\nexit 0\n' } },
            If: { 'Fn::If': ['Cond', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] },
            Port: 8080,
            Ratio: 0.5,
            Enabled: true,
            Nothing: null,
          },
        },
      },
    };
    const text = cfnYaml(template);
    expect(text).toBe(oracle(template));
    expect(text).toContain('Version: "2012-10-17"');
    expect(text).toContain('Arn: !GetAtt Log.Arn');
    expect(text).toContain("Fn::Base64: !Sub |\n");
  });
});

describe('Template.toJSON', () => {
  /** What JSON drops or changes: undefined, functions, NaN, infinities, -0, boxed values, toJSON (cloudform's intrinsics, dates). */
  const odd = fc.constantFrom<unknown>(undefined, () => 1, Symbol('s'), NaN, Infinity, -Infinity, -0, new Date(0), Object(1), Object('s'), Object(false));
  const data: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      odd,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      fc.record({ name: fc.constantFrom(...NAMES), payload: tie('node') }).map(({ name, payload }) => new dataTypes.IntrinsicFunction(name, payload)),
    ),
  })).node;

  it('is the JSON round trip of the sorted sections', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), data, { maxKeys: 5 }), fc.string(), (resources, description) => {
        const template = new Template(description);
        for (const [id, resource] of Object.entries(resources)) template.add(id, resource as never);
        const sorted = Object.fromEntries(Object.entries(resources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        const expected: unknown = JSON.parse(JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Description: description, Resources: sorted }));
        expect(template.toJSON()).toStrictEqual(expected);
        expect(templateYaml(template)).toBe(oracle(expected));
      }),
      { numRuns: 1000 },
    );
  });
});
