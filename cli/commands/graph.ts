import { Command, Option } from 'commander';
import { run } from '../run.js';
import { addProjectOptions, loadOptions, type ProjectFlags } from '../options/project.js';

interface GraphFlags extends ProjectFlags {
  format: 'mermaid' | 'dot' | 'svg';
}

export function graphCommand(debug: () => boolean): Command {
  const command = new Command('graph')
    .description('print the diagram of who may call whom (mermaid, dot, or svg)')
    .argument('[file]', 'compose file (same as -f)')
    .addOption(new Option('--format <format>', 'diagram format').choices(['mermaid', 'dot', 'svg']).default('mermaid'));
  return addProjectOptions(command).action((file: string | undefined, flags: GraphFlags) =>
    run(async () => {
      const { graph } = await import('../../src/pipeline/index.js');
      process.stdout.write(await graph(loadOptions(flags, file), flags.format));
    }, debug()),
  );
}
