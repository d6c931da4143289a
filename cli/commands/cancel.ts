import { Command } from 'commander';
import { EXIT_OK, run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from './aws-options.js';
import { projectName } from './down.js';
import { addProjectOptions, type ProjectFlags } from './project-options.js';

export function cancelCommand(debug: () => boolean): Command {
  const command = new Command('cancel').description('cancel the stack update in progress (CloudFormation rolls it back)');
  addProjectOptions(command, '--compose-profile');
  addAwsOptions(command);
  return command.action((flags: ProjectFlags & AwsFlags & { composeProfile: string[] }) =>
    run(async () => {
      const stackName = await projectName(flags);
      const { cancel } = await import('../../src/deploy/index.js');
      await cancel(awsTarget(flags), stackName);
      process.stdout.write(`${stackName}: update cancelled; CloudFormation rolls it back. Follow it with \`compose-x ps -p ${stackName}\`.\n`);
      process.exitCode = EXIT_OK;
    }, debug()),
  );
}
