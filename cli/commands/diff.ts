import { Command } from 'commander';
import { EXIT_FAILURE, EXIT_OK, run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addDeployInputOptions, deployInputOptions, type DeployInputFlags } from '../options/deploy-input.js';
import { colourOn, painter } from '../io/colour.js';
import { JsonOutput } from '../io/json-output.js';
import { addProjectOptions, refuseUnknownProfiles } from '../options/project.js';

interface DiffFlags extends DeployInputFlags, AwsFlags {
  rendered?: string;
  fail?: boolean;
  json?: boolean;
}

export function diffCommand(debug: () => boolean): Command {
  const command = new Command('diff')
    .description('compare the render with the deployed stack, or with an earlier render')
    .argument('[file]', 'compose file (same as -f)')
    .option('--rendered <dir>', 'compare with the files an earlier `render` wrote there, for review; no AWS needed')
    .option('--fail', 'exit 1 when there are differences (0 when there are none)')
    .option('--json', 'print the differences as a JSON document (schemas/output/diff.json)');
  addProjectOptions(command);
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: DiffFlags) => {
    const json = flags.json ? new JsonOutput('diff', false) : undefined;
    const exitCode = (changed: boolean): number => (flags.fail && changed ? EXIT_FAILURE : EXIT_OK);
    return run(
      async () => {
        await refuseUnknownProfiles(flags, file);
        const { deployInput, diffRenders, renderedDiff } = await import('../../src/pipeline/index.js');
        const options = deployInputOptions(flags, file, json?.warn);
        if (flags.rendered) {
          const { changes, changed, text } = renderedDiff(options, flags.rendered, painter(process.stdout));
          if (json) json.document(exitCode(changed), { against: 'rendered', rendered: flags.rendered, changed, review: changes });
          else process.stdout.write(text);
          return exitCode(changed);
        }
        const templates = deployInput(options);
        const { deployedTemplate, diffTemplates } = await import('../../src/deploy/index.js');
        const deployed = await deployedTemplate(awsTarget(flags), templates.stackName);
        const { changed, text, resources } = diffTemplates(deployed, templates.body, colourOn(process.stdout));
        if (json) {
          const root = `${templates.stackName}.json`;
          const review = diffRenders(deployed === undefined ? {} : { [root]: deployed }, { [root]: templates.body });
          json.document(exitCode(changed), { against: 'deployed', stackName: templates.stackName, deployed: deployed !== undefined, changed, resources, review });
          return exitCode(changed);
        }
        if (deployed === undefined) process.stdout.write(`${templates.stackName} is not deployed: everything below would be created.\n`);
        process.stdout.write(changed ? text : `${templates.stackName}: no differences.\n`);
        return exitCode(changed);
      },
      debug(),
      json,
    );
  });
}
