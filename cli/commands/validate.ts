import { Command } from 'commander';
import { ComposeXError } from '../../src/parser/diagnostics.js';
import { printWarning, run } from '../run.js';
import { addProjectOptions, loadOptions, type ComposeProfileFlags } from './project-options.js';

export function validateCommand(debug: () => boolean): Command {
  const command = new Command('validate')
    .description('check the project, its rendering and the CloudFormation spec; write nothing')
    .argument('[file]', 'compose file (same as -f)');
  return addProjectOptions(command).action((file: string | undefined, flags: ComposeProfileFlags) =>
    run(async () => {
      const { loadProject } = await import('../../src/parser/index.js');
      const { planMesh } = await import('../../src/mesh/index.js');
      const { renderProject } = await import('../../src/render/index.js');
      const { checkTemplate } = await import('../../src/render/spec-check/index.js');
      const options = loadOptions(flags, flags.profile);
      const { project, files, locate } = loadProject({ ...options, files: file ? [file, ...flags.file] : flags.file });
      const { template } = renderProject(project, planMesh(project, locate, printWarning), { locate, onWarning: printWarning });
      const problems = await checkTemplate(template.toJSON());
      if (problems.length > 0) {
        throw new ComposeXError(
          'E_SPEC_CHECK',
          `the rendered template fails the CloudFormation specification check (a compose-x bug; please report it):\n${problems.map((p) => `  ${p}`).join('\n')}`,
        );
      }
      const count = Object.keys(project.services).length;
      process.stdout.write(
        `${project.name}: valid (${count} service${count === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'}; ${template.resources.size} resources pass the CloudFormation specification check)\n`,
      );
    }, debug()),
  );
}
