import { Command } from 'commander';
import { run } from '../../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../../options/aws.js';
import { addProjectOptions, refuseUnknownProfiles, stackName as stackNameOf, type ProjectFlags } from '../../options/project.js';

interface ExecFlags extends ProjectFlags, AwsFlags {
  task?: string;
  container?: string;
  tty: boolean;
}

/**
 * `exec SERVICE [COMMAND...]`: a command (default /bin/sh) in a running container of the
 * service through ECS Exec (`x-exec`), on this terminal; exits with the command's exit code.
 */
export function execCommand(debug: () => boolean): Command {
  const command = new Command('exec')
    .description('run a command in a running container of a service, through ECS Exec')
    .argument('<service>', 'the compose service')
    .argument('[command...]', 'the command and its arguments (after -- when they start with -)')
    .option('--task <id>', 'the task to run it in (default: the first running task of the service)')
    .option('--container <name>', "the container (default: the service's own, named after it)")
    .option('-T, --no-tty', 'accepted as docker compose does; the Session Manager plugin gives the session a terminal when it has one')
    .allowUnknownOption();
  addProjectOptions(command);
  addAwsOptions(command);
  return command.action((service: string, args: string[], flags: ExecFlags) =>
    run(async () => {
      await refuseUnknownProfiles(flags);
      const stackName = await stackNameOf(flags);
      const { exec } = await import('../../../src/deploy/index.js');
      return exec(awsTarget(flags), {
        stackName,
        service,
        command: args,
        ...(flags.task ? { task: flags.task } : {}),
        ...(flags.container ? { container: flags.container } : {}),
      });
    }, debug()),
  );
}
