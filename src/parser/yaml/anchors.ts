import { isAlias, visit, type Alias, type Document, type Node } from 'yaml';

/**
 * The node each alias of `doc` stands for: the last node anchored with its name before it, in
 * the order yaml's Alias.resolve looks (keys before values), found in one walk of the document
 * instead of one walk per alias (a chain of thousands of aliases took seconds).
 */
export function aliasTargets(doc: Document.Parsed): ReadonlyMap<Alias, Node | undefined> {
  const latest = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, latest.get(node.source));
      else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return targets;
}
