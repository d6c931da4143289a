import { Command } from 'commander';
import { run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addDeployInputOptions, deployInputOptions, type DeployInputFlags } from '../options/deploy-input.js';
import { colourOn, painter } from '../io/colour.js';
import { addProjectOptions, refuseUnknownProfiles } from '../options/project.js';

interface DiffFlags extends DeployInputFlags, AwsFlags {
  rendered?: string;
}

export function diffCommand(debug: () => boolean): Command {
  const command = new Command('diff')
    .description('compare the rendered template with the deployed one (or, with --rendered DIR, an earlier render)')
    .argument('[file]', 'compose file (same as -f)')
    .option('--rendered <dir>', 'compare with the files an earlier `render` wrote there, for review; no AWS needed');
  addProjectOptions(command);
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: DiffFlags) =>
    run(async () => {
      await refuseUnknownProfiles(flags, file);
      const { deployInput, renderedDiff } = await import('../../src/pipeline/index.js');
      if (flags.rendered) {
        process.stdout.write(renderedDiff(deployInputOptions(flags, file), flags.rendered, painter(process.stdout)));
        return;
      }
      const templates = deployInput(deployInputOptions(flags, file));
      const { deployedTemplate, diffTemplates } = await import('../../src/deploy/index.js');
      const deployed = await deployedTemplate(awsTarget(flags), templates.stackName);
      const { changed, text } = diffTemplates(deployed, templates.body, colourOn(process.stdout));
      if (deployed === undefined) process.stdout.write(`${templates.stackName} is not deployed: everything below would be created.\n`);
      process.stdout.write(changed ? text : `${templates.stackName}: no differences.\n`);
    }, debug()),
  );
}
