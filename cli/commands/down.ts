import { Command } from 'commander';
import { EXIT_FAILURE, EXIT_OK, run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { deployIo } from '../io/deploy-io.js';
import { addProjectOptions, stackName as stackNameOf, type ProjectFlags } from '../options/project.js';

interface DownFlags extends ProjectFlags, AwsFlags {
  yes?: boolean;
  composeProfile: string[];
}

export function downCommand(debug: () => boolean): Command {
  const command = new Command('down').description('delete the stack, after confirmation, and follow it to the end').option('-y, --yes', 'delete without asking');
  addProjectOptions(command, '--compose-profile');
  addAwsOptions(command);
  return command.action((flags: DownFlags) =>
    run(async () => {
      const stackName = await stackNameOf(flags);
      const { down } = await import('../../src/deploy/index.js');
      const { io, printer } = deployIo(stackName, flags.yes === true);
      const result = await down({ target: awsTarget(flags), stackName, yes: flags.yes === true }, io);
      printer.flush();
      const out = (line: string): void => void process.stdout.write(`${line}\n`);
      switch (result.kind) {
        case 'absent':
          out(`${stackName} does not exist: nothing to delete.`);
          process.exitCode = EXIT_OK;
          return;
        case 'declined':
          out(`${stackName}: nothing deleted (declined).`);
          process.exitCode = EXIT_FAILURE;
          return;
        case 'interrupted':
          out(`Stopped watching ${stackName} (${result.status}); the deletion goes on. Check it with \`compose-x ps -p ${stackName}\`.`);
          process.exitCode = EXIT_FAILURE;
          return;
        case 'failed':
          out(`${stackName}: ${result.status}${result.rootCause ? `\nroot cause: ${result.rootCause.logicalId} (${result.rootCause.type}): ${result.rootCause.reason}` : ''}`);
          process.exitCode = EXIT_FAILURE;
          return;
        case 'deleted':
          for (const kept of result.retained) out(`  retained: ${kept.logicalId} (${kept.type})${kept.reason ? `: ${kept.reason}` : ''}`);
          out(`${stackName}: DELETE_COMPLETE`);
          process.exitCode = EXIT_OK;
      }
    }, debug()),
  );
}
