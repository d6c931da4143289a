import { Command } from 'commander';
import { run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addProjectOptions, refuseUnknownProfiles, stackName as stackNameOf, type ProjectFlags } from '../options/project.js';

export function cancelCommand(debug: () => boolean): Command {
  const command = new Command('cancel').description('cancel the stack update in progress (CloudFormation rolls it back)');
  addProjectOptions(command);
  addAwsOptions(command);
  return command.action((flags: ProjectFlags & AwsFlags) =>
    run(async () => {
      await refuseUnknownProfiles(flags);
      const stackName = await stackNameOf(flags);
      const { cancel } = await import('../../src/deploy/index.js');
      await cancel(awsTarget(flags), stackName);
      process.stdout.write(`${stackName}: update cancelled; CloudFormation rolls it back. Follow it with \`compose-x ps -p ${stackName}\`.\n`);
    }, debug()),
  );
}
