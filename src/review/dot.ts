import { reviewDiagram, type DiagramNode } from './diagram.js';
import type { ReviewModel } from './model.js';

const SHAPES: Record<DiagramNode['kind'], string> = {
  internet: 'ellipse',
  'load-balancer': 'trapezium',
  gateway: 'hexagon',
  network: 'oval',
  service: 'box',
};

/**
 * The review as a Graphviz digraph (`compose-x graph --format dot|svg`): the same nodes
 * and arrows as the Mermaid diagram, one `->` statement per arrow. Deterministic.
 */
export function reviewDot(model: ReviewModel): string {
  const { nodes, arrows } = reviewDiagram(model);
  const lines = [
    `digraph ${quote(model.project)} {`,
    '  rankdir=LR;',
    '  node [fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    ...nodes.map((n) => `  ${quote(n.key)} [shape=${SHAPES[n.kind]}, label=${quote(n.label)}];`),
    ...arrows.map((a) => `  ${quote(a.from)} -> ${quote(a.to)} [label=${quote(a.label)}];`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** A DOT double-quoted string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
