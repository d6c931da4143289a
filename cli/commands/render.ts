import { Command, Option } from 'commander';
import { run } from '../run.js';
import { addProjectOptions, loadOptions, type ProjectFlags } from '../options/project.js';

interface RenderFlags extends ProjectFlags {
  outputDir: string;
  format: 'yaml' | 'json';
  mesh: 'as-written' | 'serviceconnect';
}

export function renderCommand(debug: () => boolean): Command {
  const command = new Command('render')
    .description('write the CloudFormation template and parameters of the project')
    .argument('[file]', 'compose file (same as -f)')
    .option('-d, --output-dir <dir>', 'where to write the files', 'cfn')
    .addOption(new Option('--format <format>', 'template format').choices(['yaml', 'json']).default('yaml'))
    .addOption(
      new Option('--mesh <mesh>', 'as-written, or serviceconnect: render x-appmesh translated to Service Connect, with a report')
        .choices(['as-written', 'serviceconnect'])
        .default('as-written'),
    );
  return addProjectOptions(command).action((file: string | undefined, flags: RenderFlags) =>
    run(async () => {
      const { compile, writeRender } = await import('../../src/pipeline/index.js');
      const compiled = compile({ ...loadOptions(flags, file), mesh: flags.mesh });
      for (const path of writeRender(flags.outputDir, compiled.project.name, compiled.outputFiles(flags.format))) process.stdout.write(`wrote ${path}\n`);
    }, debug()),
  );
}
