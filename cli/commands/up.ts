import { Command, Option } from 'commander';
import { verdict } from '../printers/verdict.js';
import { run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addDeployInputOptions, deployInputOptions, type DeployInputFlags } from '../options/deploy-input.js';
import { deployIo } from '../io/deploy-io.js';
import { addProjectOptions, refuseUnknownProfiles } from '../options/project.js';

interface UpFlags extends DeployInputFlags, AwsFlags {
  yes?: boolean;
  detach?: boolean;
  bucket?: string;
  replaceFailed?: boolean;
  build: 'local' | 'remote';
}

export function upCommand(debug: () => boolean): Command {
  const command = new Command('up')
    .description('deploy the project through a CloudFormation change set, and follow it to a verdict')
    .argument('[file]', 'compose file (same as -f)')
    .option('-y, --yes', 'apply the change set without asking')
    .option('-d, --detach', 'start the deployment and return once CloudFormation runs the change set, without following it (follow it with `compose-x ps`)')
    .option('--bucket <bucket>', 'S3 bucket for large templates (default: compose-x-<account>-<region>, created on first use)')
    .option('--replace-failed', 'delete and recreate a stack left in ROLLBACK_COMPLETE by a failed create')
    .addOption(
      new Option('--build <where>', 'where the images of build: services are built: local (Docker with buildx) or remote (AWS CodeBuild)')
        .choices(['local', 'remote'])
        .default('local'),
    );
  addProjectOptions(command);
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: UpFlags) =>
    run(async () => {
      await refuseUnknownProfiles(flags, file);
      const { deployInput } = await import('../../src/pipeline/index.js');
      const templates = deployInput(deployInputOptions(flags, file));
      const { up } = await import('../../src/deploy/index.js');
      const { io, printer } = deployIo(templates.stackName, flags.yes === true);
      const result = await up(
        {
          target: awsTarget(flags),
          templates,
          yes: flags.yes === true,
          detach: flags.detach === true,
          replaceFailed: flags.replaceFailed === true,
          build: flags.build,
          ...(flags.bucket ? { bucket: flags.bucket } : {}),
        },
        io,
      );
      printer.flush();
      const { lines, exitCode } = verdict(result);
      for (const line of lines) process.stdout.write(`${line}\n`);
      return exitCode;
    }, debug()),
  );
}
