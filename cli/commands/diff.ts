import { Command } from 'commander';
import { EXIT_OK, run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from './aws-options.js';
import { addDeployInputOptions, deployTemplates, type DeployInputFlags } from './deploy-input.js';
import { useColor } from './deploy-io.js';
import { addProjectOptions } from './project-options.js';

export function diffCommand(debug: () => boolean): Command {
  const command = new Command('diff').description('compare the rendered template with the deployed one, resource by resource').argument('[file]', 'compose file (same as -f)');
  addProjectOptions(command, '--compose-profile');
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: DeployInputFlags & AwsFlags) =>
    run(async () => {
      const templates = await deployTemplates(flags, file);
      const { deployedTemplate, diffTemplates } = await import('../../src/deploy/index.js');
      const deployed = await deployedTemplate(awsTarget(flags), templates.stackName);
      const { changed, text } = diffTemplates(deployed, templates.body, useColor());
      if (deployed === undefined) process.stdout.write(`${templates.stackName} is not deployed: everything below would be created.\n`);
      process.stdout.write(changed ? text : `${templates.stackName}: no differences.\n`);
      process.exitCode = EXIT_OK;
    }, debug()),
  );
}
