import { Command } from 'commander';
import { run } from '../run.js';
import { JsonOutput } from '../io/json-output.js';
import { addProjectOptions, loadOptions, type ProjectFlags } from '../options/project.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function validateCommand(debug: () => boolean): Command {
  const command = new Command('validate')
    .description('check the project against the CloudFormation spec and ECS rules; write nothing')
    .argument('[file]', 'compose file (same as -f)')
    .option('--json', 'print the outcome as a JSON document (schemas/output/validate.json)');
  return addProjectOptions(command).action((file: string | undefined, flags: ProjectFlags & { json?: boolean }) => {
    const json = flags.json ? new JsonOutput('validate', false) : undefined;
    return run(
      async () => {
        const { validate } = await import('../../src/pipeline/index.js');
        const v = await validate(loadOptions(flags, file, json?.warn));
        if (json) return json.document(0, { ...v });
        process.stdout.write(
          `${v.project}: valid (${plural(v.services, 'service')} from ${plural(v.composeFiles, 'file')}; ` +
            `${v.resources} resources${v.templates > 1 ? ` in ${v.templates} templates (a root and nested stacks)` : ''} pass the CloudFormation specification check and the ECS rules)\n`,
        );
      },
      debug(),
      json,
    );
  });
}
