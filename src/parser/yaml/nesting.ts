import type { CST } from 'yaml';
import { ParseError, type Position } from '../diagnostics.js';

/**
 * How deep mappings and lists may nest in a compose document, the anchors its aliases and
 * `<<` merge keys refer to counted as levels. Far above any real compose file (services.web.
 * deploy.resources.limits is five), far below what overflows the stack of the YAML composer
 * or of the stages that walk the tree after it.
 */
export const MAX_NESTING = 100;

type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

function isCollection(token: CST.Token): token is Collection {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

/**
 * The offset of a collection nested deeper than MAX_NESTING in one document of the parsed
 * text (its concrete syntax tree, before anything recursive reads it), or undefined.
 */
export function tooDeep(document: CST.Token): number | undefined {
  const pending: [CST.Token, number][] = [[document, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [token, depth] = next;
    if (token.type === 'document' && token.value) pending.push([token.value, depth]);
    if (!isCollection(token)) continue;
    if (depth >= MAX_NESTING) return token.offset;
    for (const item of token.items) {
      if (item.key) pending.push([item.key, depth + 1]);
      if (item.value) pending.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/** The error of a value nested too deep at `position`; `throughAliases` when aliases made it so. */
export function nestingError(position: Position, throughAliases: boolean): ParseError {
  const what = throughAliases
    ? `the value nests more than ${MAX_NESTING} levels deep, counting the anchors its aliases and << merge keys refer to (an alias of an alias of ...)`
    : `mappings and lists nest more than ${MAX_NESTING} levels deep here`;
  return new ParseError('E_YAML_NESTING', `${what}.`, {
    position,
    hint: 'A compose file needs a few levels: flatten the value (or the chain of anchors), or check the file that generated it.',
  });
}
