import { reviewDiagram, type DiagramNode } from './diagram.js';
import type { ReviewModel } from './model.js';

const SHAPES: Record<DiagramNode['kind'], [string, string]> = {
  internet: ['((', '))'],
  'load-balancer': ['[/', '\\]'],
  gateway: ['{{', '}}'],
  service: ['[', ']'],
};

/** Edge text Mermaid takes as it is; anything else is quoted. */
const PLAIN_LABEL = /^[A-Za-z0-9 :.,_-]+$/;

/**
 * The review as a Mermaid `flowchart LR`: the internet, load balancers, gateways and
 * services as nodes (labelled with their ports), each compose network a `subgraph` around the
 * services on it alone, one arrow per edge and entry with its label (`counter -->|redis:6379| redis`),
 * and `<-->|member|` from a service on several networks to each of them. Deterministic.
 */
export function reviewMermaid(model: ReviewModel): string {
  const { nodes, groups, arrows } = reviewDiagram(model);
  const ids = mermaidIds([...groups.map((g) => g.key), ...nodes.map((n) => n.key)]);
  const id = (key: string): string => ids.get(key) ?? key;
  const node = (n: DiagramNode, indent: string): string => {
    const [open, close] = SHAPES[n.kind];
    return `${indent}${id(n.key)}${open}"${escape(n.label)}"${close}`;
  };
  const lines = [
    'flowchart LR',
    ...nodes.filter((n) => n.group === undefined).map((n) => node(n, '  ')),
    ...groups.flatMap((g) => [`  subgraph ${id(g.key)}["${escape(g.label)}"]`, ...nodes.filter((n) => n.group === g.key).map((n) => node(n, '    ')), '  end']),
    ...arrows.map((a) => `  ${id(a.from)} ${a.both ? '<-->' : '-->'}|${edgeText(a.label)}| ${id(a.to)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Node IDs of letters, digits and `_`, from the keys (`service:my-app` -> `service_my_app`); clashes get `_2`, `_3`... */
function mermaidIds(keys: string[]): Map<string, string> {
  const taken = new Set<string>();
  const ids = new Map<string, string>();
  for (const key of keys) {
    const base = key.replace(/[^A-Za-z0-9_]/g, '_');
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    taken.add(candidate);
    ids.set(key, candidate);
  }
  return ids;
}

function edgeText(label: string): string {
  return PLAIN_LABEL.test(label) ? label : `"${escape(label)}"`;
}

/** Text inside a quoted Mermaid string. */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;');
}
