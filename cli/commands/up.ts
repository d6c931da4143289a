import { Command, Option } from 'commander';
import type { ApprovalPolicy, DeployMessage } from '../../src/deploy/types.js';
import { verdict } from '../printers/verdict.js';
import { run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addDeployInputOptions, deployInputOptions, type DeployInputFlags } from '../options/deploy-input.js';
import { deployIo, jsonIo } from '../io/deploy-io.js';
import { JsonOutput } from '../io/json-output.js';
import { writeOutputsFile } from '../io/outputs-file.js';
import { addProjectOptions, refuseUnknownProfiles } from '../options/project.js';

interface UpFlags extends DeployInputFlags, AwsFlags {
  yes?: boolean;
  detach?: boolean;
  bucket?: string;
  replaceFailed?: boolean;
  build: 'local' | 'remote';
  json?: boolean;
  outputsFile?: string;
  requireApproval: ApprovalPolicy;
}

/** A deploy message as a line of the NDJSON of `up --json`: its fields as they are (an event's and a stopped task's at the top), times in ISO 8601. */
function messageJson(message: DeployMessage): Record<string, unknown> {
  if (message.kind === 'task-stopped') return { kind: message.kind, ...message.task };
  if (message.kind !== 'event') return { ...message };
  return { kind: message.kind, done: message.done, total: message.total, ...message.event, timestamp: message.event.timestamp.toISOString() };
}

export function upCommand(debug: () => boolean): Command {
  const command = new Command('up')
    .description('deploy through a CloudFormation change set and follow it to a verdict')
    .argument('[file]', 'compose file (same as -f)')
    .option('-y, --yes', 'apply the change set without asking')
    .addOption(
      new Option(
        '--require-approval <when>',
        'when to ask before deploying: broadening (only when the change grants permissions, opens ports or adds listeners; without a terminal or in CI such a change is refused), any-change, never',
      )
        .choices(['never', 'any-change', 'broadening'])
        .default('broadening'),
    )
    .option('-d, --detach', 'start the deployment and return once CloudFormation runs the change set, without following it (follow it with `compose-x ps`)')
    .option('--bucket <bucket>', 'S3 bucket for large templates (default: compose-x-<account>-<region>, created on first use)')
    .option('--replace-failed', 'delete and recreate a stack left in ROLLBACK_COMPLETE by a failed create')
    .addOption(
      new Option('--build <where>', 'where the images of build: services are built: local (Docker with buildx) or remote (AWS CodeBuild)')
        .choices(['local', 'remote'])
        .default('local'),
    )
    .option('--outputs-file <file>', 'after a successful deploy (or when up to date), write the stack outputs there as JSON: { "<stack>": { "<OutputKey>": "<OutputValue>" } }')
    .option('--json', 'print the change set, each stack event, each stopped task and the verdict as JSON, one object a line (schemas/output/up.json)');
  addProjectOptions(command);
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: UpFlags) => {
    const json = flags.json ? new JsonOutput('up', true) : undefined;
    return run(async () => {
      await refuseUnknownProfiles(flags, file);
      const { deployInput } = await import('../../src/pipeline/index.js');
      const templates = deployInput(deployInputOptions(flags, file, json?.warn));
      const { up } = await import('../../src/deploy/index.js');
      const { io, printer } = json ? jsonIo(flags.yes === true, (message) => json.line(messageJson(message))) : deployIo(templates.stackName, flags.yes === true);
      const result = await up(
        {
          target: awsTarget(flags),
          templates,
          yes: flags.yes === true,
          requireApproval: flags.requireApproval,
          detach: flags.detach === true,
          replaceFailed: flags.replaceFailed === true,
          build: flags.build,
          ...(flags.bucket ? { bucket: flags.bucket } : {}),
        },
        io,
      );
      printer.flush();
      const { lines, exitCode } = verdict(result);
      if (flags.outputsFile && (result.kind === 'succeeded' || result.kind === 'up-to-date')) {
        writeOutputsFile(flags.outputsFile, templates.stackName, result.outputs);
      }
      if (json) {
        const { kind, ...fields } = result;
        json.line({ kind: 'verdict', outcome: kind, ok: exitCode === 0, exitCode, ...fields });
      }
      else for (const line of lines) process.stdout.write(`${line}\n`);
      return exitCode;
    }, debug(), json);
  });
}
