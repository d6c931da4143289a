import { Command, Option } from 'commander';
import { run } from '../run.js';
import { addProjectOptions, loadOptions, type ProjectFlags } from '../options/project.js';

interface ConfigFlags extends ProjectFlags {
  format: 'yaml' | 'json';
}

export function configCommand(debug: () => boolean): Command {
  const command = new Command('config')
    .description('print the merged, validated, normalized compose model')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'));
  return addProjectOptions(command).action((flags: ConfigFlags) =>
    run(async () => {
      const { loadCompose, toComposeDocument } = await import('../../src/pipeline/index.js');
      const { stringify } = await import('yaml');
      const document = toComposeDocument(loadCompose(loadOptions(flags)).project);
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0 }));
    }, debug()),
  );
}
