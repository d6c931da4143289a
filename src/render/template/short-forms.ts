import { Pair, Scalar, YAMLMap, type CollectionTag, type ScalarTag } from 'yaml';
import { splitAtFirstDot } from './split-at-first-dot.js';

/** The short-form tags and the YAML node kinds CloudFormation accepts for each. */
type NodeKind = 'scalar' | 'seq' | 'map';
const SHORT_FORMS: ReadonlyArray<readonly [tag: string, name: string, kinds: readonly NodeKind[]]> = [
  ['!Ref', 'Ref', ['scalar']],
  ['!Condition', 'Condition', ['scalar']],
  ['!GetAtt', 'Fn::GetAtt', ['scalar', 'seq']],
  ['!Sub', 'Fn::Sub', ['scalar', 'seq']],
  ['!GetAZs', 'Fn::GetAZs', ['scalar', 'map']],
  ['!Base64', 'Fn::Base64', ['scalar', 'map']],
  ['!ImportValue', 'Fn::ImportValue', ['scalar', 'map']],
  ['!If', 'Fn::If', ['seq']],
  ['!Join', 'Fn::Join', ['seq']],
  ['!Select', 'Fn::Select', ['seq']],
  ['!Split', 'Fn::Split', ['seq']],
  ['!Equals', 'Fn::Equals', ['seq']],
  ['!Not', 'Fn::Not', ['seq']],
  ['!And', 'Fn::And', ['seq']],
  ['!Or', 'Fn::Or', ['seq']],
  ['!FindInMap', 'Fn::FindInMap', ['seq']],
  ['!Cidr', 'Fn::Cidr', ['seq']],
];

/** A one-entry mapping `{name: node}`, so that the YAML document converts it like any other node. */
function longForm(name: string, node: unknown): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(name), node));
  return map;
}

/** YAML custom tags that read each short form (`!Ref X`, `!GetAtt A.B`, ...) as its long form. */
export function shortFormTags(): Array<ScalarTag | CollectionTag> {
  return SHORT_FORMS.flatMap(([tag, name, kinds]) =>
    kinds.map((kind): ScalarTag | CollectionTag => {
      if (kind !== 'scalar') return { tag, collection: kind, resolve: (node) => longForm(name, node) };
      if (name === 'Fn::GetAtt') return { tag, resolve: (text) => ({ [name]: splitAtFirstDot(text) }) };
      return { tag, resolve: (text) => ({ [name]: text }) };
    }),
  );
}
