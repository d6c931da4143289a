import { Command, Option } from 'commander';
import { writeFilesAtomically } from '../atomic-write.js';
import { printWarning, run } from '../run.js';
import { addProjectOptions, loadOptions, type ProjectFlags } from './project-options.js';

interface RenderFlags extends ProjectFlags {
  outputDir: string;
  format: 'yaml' | 'json';
}

export function renderCommand(debug: () => boolean): Command {
  const command = new Command('render')
    .description('write the CloudFormation template and parameters of the project')
    .argument('[file]', 'compose file (same as -f)')
    .option('-d, --output-dir <dir>', 'where to write the files', 'cfn')
    .addOption(new Option('--format <format>', 'template format').choices(['yaml', 'json']).default('yaml'));
  return addProjectOptions(command).action((file: string | undefined, flags: RenderFlags) =>
    run(async () => {
      const { loadProject } = await import('../../src/parser/index.js');
      const { planMesh } = await import('../../src/mesh/index.js');
      const { renderProject } = await import('../../src/render/index.js');
      const { renderedFiles } = await import('../../src/render/files.js');
      const options = loadOptions(flags);
      const { project, locate } = loadProject({ ...options, files: file ? [file, ...flags.file] : flags.file });
      const result = renderProject(project, planMesh(project, locate), { locate, onWarning: printWarning });
      const written = writeFilesAtomically(flags.outputDir, renderedFiles(project.name, result, flags.format));
      for (const path of written) process.stdout.write(`wrote ${path}\n`);
    }, debug()),
  );
}
