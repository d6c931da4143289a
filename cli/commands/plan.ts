import { Command } from 'commander';
import { run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addDeployInputOptions, deployInputOptions, type DeployInputFlags } from '../options/deploy-input.js';
import { deployIo } from '../io/deploy-io.js';
import { addProjectOptions, refuseUnknownProfiles } from '../options/project.js';

interface PlanFlags extends DeployInputFlags, AwsFlags {
  bucket?: string;
}

export function planCommand(debug: () => boolean): Command {
  const command = new Command('plan')
    .description('show the change set `up` would apply, then delete it (the stack is never touched)')
    .argument('[file]', 'compose file (same as -f)')
    .option('--bucket <bucket>', 'S3 bucket for large templates');
  addProjectOptions(command);
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: PlanFlags) =>
    run(async () => {
      await refuseUnknownProfiles(flags, file);
      const { deployInput } = await import('../../src/pipeline/index.js');
      const templates = deployInput(deployInputOptions(flags, file));
      const { plan } = await import('../../src/deploy/index.js');
      const { io, printer } = deployIo(templates.stackName, true);
      const result = await plan({ target: awsTarget(flags), templates, ...(flags.bucket ? { bucket: flags.bucket } : {}) }, io);
      printer.flush();
      process.stdout.write(
        result.kind === 'up-to-date'
          ? `${templates.stackName} is up to date: nothing would change.\n`
          : `plan only: the change set was deleted; \`compose-x up\` applies these changes.\n`,
      );
    }, debug()),
  );
}
