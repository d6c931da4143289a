import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { EXIT_OK, run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from './aws-options.js';
import { addDeployInputOptions, deployTemplates, type DeployInputFlags } from './deploy-input.js';
import { useColor } from './deploy-io.js';
import { addProjectOptions } from './project-options.js';

interface DiffFlags extends DeployInputFlags, AwsFlags {
  rendered?: string;
}

export function diffCommand(debug: () => boolean): Command {
  const command = new Command('diff')
    .description('compare the rendered template with the deployed one (or, with --rendered DIR, an earlier render)')
    .argument('[file]', 'compose file (same as -f)')
    .option('--rendered <dir>', 'compare with the files an earlier `render` wrote there, for review; no AWS needed');
  addProjectOptions(command, '--compose-profile');
  addDeployInputOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: DiffFlags) =>
    run(async () => {
      const templates = await deployTemplates(flags, file);
      if (flags.rendered) {
        const { diffRenders, renderDiffText } = await import('../../src/render/review/rendered-diff.js');
        const now = { [`${templates.stackName}.json`]: templates.body, ...(templates.nested ?? {}) };
        process.stdout.write(renderDiffText(diffRenders(renderedTemplates(flags.rendered), now), useColor()));
        process.exitCode = EXIT_OK;
        return;
      }
      const { deployedTemplate, diffTemplates } = await import('../../src/deploy/index.js');
      const deployed = await deployedTemplate(awsTarget(flags), templates.stackName);
      const { changed, text } = diffTemplates(deployed, templates.body, useColor());
      if (deployed === undefined) process.stdout.write(`${templates.stackName} is not deployed: everything below would be created.\n`);
      process.stdout.write(changed ? text : `${templates.stackName}: no differences.\n`);
      process.exitCode = EXIT_OK;
    }, debug()),
  );
}

/** The template files of an earlier render (its parameters and review files aside). */
function renderedTemplates(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.params.json'))
      .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
  );
}
