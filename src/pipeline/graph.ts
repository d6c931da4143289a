import { reviewDot } from '../review/dot.js';
import { reviewMermaid } from '../review/mermaid.js';
import { compile, type CompileOptions } from './compile.js';

export type GraphFormat = 'mermaid' | 'dot' | 'svg';

/** The diagram of who may call whom, as Mermaid, Graphviz dot, or SVG (Graphviz in WASM, loaded only for SVG). */
export async function graph(options: CompileOptions, format: GraphFormat): Promise<string> {
  const model = compile(options).review();
  if (format === 'mermaid') return reviewMermaid(model);
  const dot = reviewDot(model);
  if (format === 'dot') return dot;
  const { instance } = await import('@viz-js/viz');
  return (await instance()).renderString(dot, { format: 'svg' });
}
