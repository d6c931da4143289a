import { Command } from 'commander';
import type { DeployResult } from '../../src/deploy/types.js';
import { EXIT_FAILURE, EXIT_OK, run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from './aws-options.js';
import { addDeployInputOptions, deployTemplates, type DeployInputFlags } from './deploy-input.js';
import { deployIo } from './deploy-io.js';
import { addProjectOptions } from './project-options.js';

interface UpFlags extends DeployInputFlags, AwsFlags {
  yes?: boolean;
  detach?: boolean;
  bucket?: string;
  replaceFailed?: boolean;
}

export function upCommand(debug: () => boolean): Command {
  const command = new Command('up')
    .description('deploy the project through a CloudFormation change set, and follow it to a verdict')
    .argument('[file]', 'compose file (same as -f)')
    .option('-y, --yes', 'apply the change set without asking')
    .option('--detach', 'start the deployment and return without following it')
    .option('--bucket <bucket>', 'S3 bucket for large templates (default: compose-x-<account>-<region>, created on first use)')
    .option('--replace-failed', 'delete and recreate a stack left in ROLLBACK_COMPLETE by a failed create');
  addProjectOptions(command, '--compose-profile');
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: UpFlags) =>
    run(async () => {
      const templates = await deployTemplates(flags, file);
      const { up } = await import('../../src/deploy/index.js');
      const { io, printer } = deployIo(templates.stackName, flags.yes === true);
      const result = await up(
        {
          target: awsTarget(flags),
          templates,
          yes: flags.yes === true,
          detach: flags.detach === true,
          replaceFailed: flags.replaceFailed === true,
          ...(flags.bucket ? { bucket: flags.bucket } : {}),
        },
        io,
      );
      printer.flush();
      process.exitCode = report(result);
    }, debug()),
  );
}

/** The verdict, last, and its exit code: 0 only when the stack reached its goal. */
function report(result: DeployResult): number {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  switch (result.kind) {
    case 'up-to-date':
      out(`${result.stackName} is up to date: nothing to deploy.`);
      return EXIT_OK;
    case 'succeeded':
      for (const [key, value] of Object.entries(result.outputs)) out(`  ${key} = ${value}`);
      out(`${result.stackName}: ${result.status}`);
      return EXIT_OK;
    case 'detached':
      out(`${result.stackName}: deploying (${result.changeSetName}). Follow it with \`compose-x ps -p ${result.stackName}\`.`);
      return EXIT_OK;
    case 'declined':
      out(`${result.stackName}: nothing deployed (declined); the change set was deleted.`);
      return EXIT_FAILURE;
    case 'interrupted':
      out(
        `Stopped watching ${result.stackName} (${result.status}); nothing was deleted and the deployment goes on.\n` +
          `  follow it:  compose-x ps -p ${result.stackName}\n` +
          `  cancel it:  compose-x cancel -p ${result.stackName}`,
      );
      return EXIT_FAILURE;
    case 'failed':
      if (result.status === 'ROLLBACK_COMPLETE' && !result.rootCause) {
        out(
          `${result.stackName} is in ROLLBACK_COMPLETE: its first creation failed and CloudFormation cannot update it. ` +
            'Run `compose-x up --replace-failed` to delete it and create it again (or `compose-x down`).',
        );
        return EXIT_FAILURE;
      }
      out(`${result.stackName}: ${result.status}`);
      if (result.rootCause) {
        const c = result.rootCause;
        out(`root cause: ${c.stackName === result.stackName ? '' : `${c.stackName}/`}${c.logicalId} (${c.type}) ${c.status}: ${c.reason}`);
      }
      return EXIT_FAILURE;
  }
}
