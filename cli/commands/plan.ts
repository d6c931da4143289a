import { Command } from 'commander';
import { run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addDeployInputOptions, deployInputOptions, type DeployInputFlags } from '../options/deploy-input.js';
import { deployIo, jsonIo } from '../io/deploy-io.js';
import { JsonOutput } from '../io/json-output.js';
import { addProjectOptions, refuseUnknownProfiles } from '../options/project.js';

interface PlanFlags extends DeployInputFlags, AwsFlags {
  bucket?: string;
  json?: boolean;
}

export function planCommand(debug: () => boolean): Command {
  const command = new Command('plan')
    .description('show the change set `up` would apply, then delete it')
    .argument('[file]', 'compose file (same as -f)')
    .option('--bucket <bucket>', 'S3 bucket for large templates')
    .option('--json', 'print the change set as a JSON document (schemas/output/plan.json)');
  addProjectOptions(command);
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: PlanFlags) => {
    const json = flags.json ? new JsonOutput('plan', false) : undefined;
    return run(
      async () => {
        await refuseUnknownProfiles(flags, file);
        const { deployInput } = await import('../../src/pipeline/index.js');
        const templates = deployInput(deployInputOptions(flags, file, json?.warn));
        const { plan } = await import('../../src/deploy/index.js');
        const { io, printer } = json ? jsonIo(true) : deployIo(templates.stackName, true);
        const result = await plan({ target: awsTarget(flags), templates, ...(flags.bucket ? { bucket: flags.bucket } : {}) }, io);
        printer.flush();
        if (json) {
          const changes = result.kind === 'up-to-date' ? {} : { changeSetType: result.changeSetType, changes: result.changes };
          return json.document(0, { stackName: templates.stackName, upToDate: result.kind === 'up-to-date', ...changes });
        }
        process.stdout.write(
          result.kind === 'up-to-date'
            ? `${templates.stackName} is up to date: nothing would change.\n`
            : `plan only: the change set was deleted; \`compose-x up\` applies these changes.\n`,
        );
      },
      debug(),
      json,
    );
  });
}
