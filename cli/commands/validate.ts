import { Command } from 'commander';
import { run } from '../run.js';
import { addProjectOptions, loadOptions, type ProjectFlags } from './project-options.js';

export function validateCommand(debug: () => boolean): Command {
  const command = new Command('validate').description('check a compose project; report a problem with its place');
  return addProjectOptions(command).action((flags: ProjectFlags) =>
    run(async () => {
      const { loadProject } = await import('../../src/parser/index.js');
      const { project, files } = loadProject(loadOptions(flags));
      const count = Object.keys(project.services).length;
      process.stdout.write(`${project.name}: valid (${count} service${count === 1 ? '' : 's'}, ${files.length} file${files.length === 1 ? '' : 's'})\n`);
    }, debug()),
  );
}
