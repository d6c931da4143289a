import { reviewDiagram, type DiagramNode } from './diagram.js';
import type { ReviewModel } from './model.js';

const SHAPES: Record<DiagramNode['kind'], string> = {
  internet: 'ellipse',
  'load-balancer': 'trapezium',
  gateway: 'hexagon',
  service: 'box',
};

/**
 * The review as a Graphviz digraph (`compose-x graph --format dot|svg`): the same nodes, groups
 * and arrows as the Mermaid diagram, each network a `cluster_` subgraph, one `->` statement per
 * arrow (an arrow to a network points at the cluster through an invisible anchor node, as DOT
 * draws edges between nodes only). Deterministic.
 */
export function reviewDot(model: ReviewModel): string {
  const { nodes, groups, arrows } = reviewDiagram(model);
  const anchor = (key: string): string => `${key}#anchor`;
  const isGroup = new Set(groups.map((g) => g.key));
  const node = (n: DiagramNode, indent: string): string => `${indent}${quote(n.key)} [shape=${SHAPES[n.kind]}, label=${quote(n.label)}];`;
  const end = (key: string): string => (isGroup.has(key) ? quote(anchor(key)) : quote(key));
  const lines = [
    `digraph ${quote(model.project)} {`,
    '  rankdir=LR;',
    '  compound=true;',
    '  node [fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    ...nodes.filter((n) => n.group === undefined).map((n) => node(n, '  ')),
    ...groups.flatMap((g) => [
      `  subgraph ${quote(`cluster_${g.key}`)} {`,
      `    label=${quote(g.label)};`,
      `    ${quote(anchor(g.key))} [shape=point, style=invis];`,
      ...nodes.filter((n) => n.group === g.key).map((n) => node(n, '    ')),
      '  }',
    ]),
    ...arrows.map((a) => {
      const attributes = [`label=${quote(a.label)}`, ...(a.both ? ['dir=both'] : []), ...(isGroup.has(a.to) ? [`lhead=${quote(`cluster_${a.to}`)}`] : [])];
      return `  ${end(a.from)} -> ${end(a.to)} [${attributes.join(', ')}];`;
    }),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** A DOT double-quoted string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
