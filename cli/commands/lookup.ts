import { Command } from 'commander';
import { run } from '../run.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addProjectOptions, loadOptions, refuseUnknownProfiles, type ProjectFlags } from '../options/project.js';

export function lookupCommand(debug: () => boolean): Command {
  const command = new Command('lookup')
    .description('find in AWS what the project names by tags, and write compose-x.lookup.json')
    .argument('[file]', 'compose file (same as -f)');
  addProjectOptions(command);
  addAwsOptions(command);
  return command.action((file: string | undefined, flags: ProjectFlags & AwsFlags) =>
    run(async () => {
      await refuseUnknownProfiles(flags, file);
      const { lookupRequests, writeLookupFile } = await import('../../src/pipeline/index.js');
      const { requests, projectDir } = lookupRequests(loadOptions(flags, file));
      if (requests.length === 0) {
        process.stdout.write('the project looks nothing up: no Lookup in x-vpc, x-cluster or x-cloudmap, and no x-aws-vpc or x-aws-loadbalancer.\n');
        return undefined;
      }
      const { lookup } = await import('../../src/deploy/index.js');
      const result = await lookup(awsTarget(flags), requests);
      for (const [parameter, value] of Object.entries(result.values).sort()) process.stdout.write(`${parameter} = ${value}\n`);
      process.stdout.write(`wrote ${writeLookupFile(projectDir, result.values)}\n`);
      return undefined;
    }, debug()),
  );
}
