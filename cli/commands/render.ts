import { Command, Option } from 'commander';
import { writeFilesAtomically } from '../atomic-write.js';
import type { Warning } from '../../src/parser/diagnostics.js';
import { printWarning, run } from '../run.js';
import { addProjectOptions, loadOptions, type ComposeProfileFlags } from './project-options.js';

interface RenderFlags extends ComposeProfileFlags {
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
      const { loadProject } = await import('../../src/parser/index.js');
      const { planMesh, translateProjectToServiceConnect } = await import('../../src/mesh/index.js');
      const { renderProject } = await import('../../src/render/index.js');
      const { renderedFiles } = await import('../../src/render/files.js');
      const { buildReview } = await import('../../src/render/review/model.js');
      const { reviewMarkdown } = await import('../../src/render/review/markdown.js');
      const said: Warning[] = [];
      const warn = (w: Warning): void => {
        said.push(w);
        printWarning(w);
      };
      const loaded = loadProject({ ...loadOptions(flags, flags.profile), onWarning: warn, files: file ? [file, ...flags.file] : flags.file });
      const translated = flags.mesh === 'serviceconnect' ? translateProjectToServiceConnect(loaded.project, loaded.locate) : undefined;
      if (flags.mesh === 'serviceconnect' && !translated) {
        printWarning({ code: 'W_NO_APPMESH', message: 'the project has no x-appmesh, so --mesh serviceconnect changes nothing.' });
      }
      const project = translated?.project ?? loaded.project;
      const plan = planMesh(project, loaded.locate, warn);
      const result = renderProject(project, plan, { locate: loaded.locate, onWarning: printWarning });
      const files = renderedFiles(project.name, result, flags.format, warn);
      files[`${project.name}.review.md`] = reviewMarkdown(buildReview(project, plan, { ...result, warnings: [...said, ...result.warnings] }));
      if (translated) files[`${project.name}.serviceconnect-report.md`] = translated.report;
      for (const path of writeFilesAtomically(flags.outputDir, files)) process.stdout.write(`wrote ${path}\n`);
    }, debug()),
  );
}
