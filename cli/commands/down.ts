import { Command } from 'commander';
import { downVerdict } from '../printers/verdict.js';
import { run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { deployIo } from '../io/deploy-io.js';
import { addProjectOptions, refuseUnknownProfiles, stackName as stackNameOf, type ProjectFlags } from '../options/project.js';

interface DownFlags extends ProjectFlags, AwsFlags {
  yes?: boolean;
}

export function downCommand(debug: () => boolean): Command {
  const command = new Command('down').description('delete the stack, after confirmation, and follow it to the end').option('-y, --yes', 'delete without asking');
  addProjectOptions(command);
  addAwsOptions(command);
  return command.action((flags: DownFlags) =>
    run(async () => {
      await refuseUnknownProfiles(flags);
      const stackName = await stackNameOf(flags);
      const { down } = await import('../../src/deploy/index.js');
      const { io, printer } = deployIo(stackName, flags.yes === true);
      const result = await down({ target: awsTarget(flags), stackName, yes: flags.yes === true }, io);
      printer.flush();
      const { lines, exitCode } = downVerdict(stackName, result);
      for (const line of lines) process.stdout.write(`${line}\n`);
      return exitCode;
    }, debug()),
  );
}
