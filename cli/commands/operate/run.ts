import { Command } from 'commander';
import type { StartedTask } from '../../../src/deploy/index.js';
import { JsonOutput } from '../../io/json-output.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../../options/aws.js';
import { addProjectOptions, refuseUnknownProfiles, stackName as stackNameOf, type ProjectFlags } from '../../options/project.js';
import { LogPrinter, logEventJson } from '../../printers/log-lines.js';
import { EXIT_INTERRUPTED, run } from '../../run.js';
import { interruptible } from './logs.js';

interface RunFlags extends ProjectFlags, AwsFlags {
  env: string[];
  entrypoint?: string;
  detach?: boolean;
  rm?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `-e KEY=VAL`, and `-e KEY` with this environment's value (left out when unset), as docker compose run reads them. */
function environmentOf(entries: string[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const value = at < 0 ? process.env[entry] : entry.slice(at + 1);
    if (value !== undefined) environment[at < 0 ? entry : entry.slice(0, at)] = value;
  }
  return environment;
}

export function runCommand(debug: () => boolean): Command {
  const command = new Command('run')
    .description("run a one-off task of a deployed service, exiting with its container's code")
    .argument('<service>', 'the compose service')
    .argument('[command...]', 'the command and its arguments (after --, when they start with a dash)')
    .option('-e, --env <KEY=VAL>', 'set an environment variable (KEY alone: its value here); repeatable', collect, [])
    .option('--entrypoint <command>', "replace the image's entrypoint (through a copy of the task definition, family <family>-run)")
    .option('-d, --detach', 'start the task, print its ID and return')
    .option('--rm', 'accepted for docker compose compatibility: ECS removes every task once it stops')
    .option('--json', 'print the task, its log events and its exit as JSON, one object a line (schemas/output/run.json)');
  addProjectOptions(command);
  addAwsOptions(command);
  return command.action((service: string, argv: string[], flags: RunFlags) => {
    const json = flags.json ? new JsonOutput('run', true) : undefined;
    return run(
      async () => {
        await refuseUnknownProfiles(flags);
        const stackName = await stackNameOf(flags, json?.warn);
        const { run: runTask } = await import('../../../src/deploy/index.js');
        const printer = new LogPrinter([service], false);
        const detach = flags.detach === true;
        const onStarted = (task: StartedTask): void => {
          if (json) json.line({ kind: 'task', service, ...task });
          else if (detach) process.stdout.write(`${task.taskId}\n`);
          else process.stderr.write(`started task ${task.taskId} of ${service} (Ctrl-C stops it)\n`);
        };
        const signal = detach ? undefined : interruptible().signal;
        const result = await runTask({
          target: awsTarget(flags),
          stackName,
          service,
          command: argv,
          environment: environmentOf(flags.env),
          ...(flags.entrypoint !== undefined ? { entrypoint: flags.entrypoint } : {}),
          detach,
          ...(signal ? { signal } : {}),
          onStarted,
          onEvent: json ? (event) => json.line(logEventJson(event)) : printer.print,
        });
        const exitCode = result.interrupted ? EXIT_INTERRUPTED : (result.exitCode ?? 0);
        if (result.interrupted && !json) process.stderr.write(`stopped task ${result.taskId}\n`);
        json?.line({ kind: 'exit', ok: exitCode === 0, exitCode, taskArn: result.taskArn, ...(result.interrupted ? { interrupted: true } : {}) });
        return exitCode;
      },
      debug(),
      json,
    );
  });
}
