import { Command, Option } from 'commander';
import { run } from '../run.js';
import { addProjectOptions, loadOptions, type ComposeProfileFlags } from './project-options.js';

interface GraphFlags extends ComposeProfileFlags {
  format: 'mermaid' | 'dot' | 'svg';
}

export function graphCommand(debug: () => boolean): Command {
  const command = new Command('graph')
    .description('print the diagram of who may call whom (mermaid, dot, or svg)')
    .argument('[file]', 'compose file (same as -f)')
    .addOption(new Option('--format <format>', 'diagram format').choices(['mermaid', 'dot', 'svg']).default('mermaid'));
  return addProjectOptions(command).action((file: string | undefined, flags: GraphFlags) =>
    run(async () => {
      const { reviewOf } = await import('./review-of.js');
      const { reviewMermaid } = await import('../../src/render/review/mermaid.js');
      const { reviewDot } = await import('../../src/render/review/dot.js');
      const model = await reviewOf({ ...loadOptions(flags, flags.profile), files: file ? [file, ...flags.file] : flags.file });
      if (flags.format === 'mermaid') {
        process.stdout.write(reviewMermaid(model));
        return;
      }
      const dot = reviewDot(model);
      if (flags.format === 'dot') {
        process.stdout.write(dot);
        return;
      }
      const { instance } = await import('@viz-js/viz');
      process.stdout.write((await instance()).renderString(dot, { format: 'svg' }));
    }, debug()),
  );
}
