import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { run } from '../run.js';
import { addProjectOptions, loadOptions, type ProjectFlags } from '../options/project.js';

interface ConfigFlags extends ProjectFlags {
  format: 'yaml' | 'json';
  services?: boolean;
  volumes?: boolean;
  images?: boolean;
  profiles?: boolean;
  hash?: string;
  quiet?: boolean;
  output?: string;
  interpolate: boolean;
}

/**
 * `config`, as `docker compose config`: the model, or one list of it (--services, --volumes,
 * --hash, --profiles, --images, in docker compose's order of precedence); -q checks and prints
 * nothing; -o writes the model to a file.
 */
export function configCommand(debug: () => boolean): Command {
  const command = new Command('config')
    .description('print the merged, validated, normalized compose model')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--services', 'print the service names, one per line (each after the services it depends on)')
    .option('--volumes', 'print the volume names, one per line')
    .option('--hash <services>', 'print each service\'s config hash, one per line: "*" for all, or names separated by commas')
    .option('--profiles', 'print the profile names, one per line')
    .option('--images', 'print the image names, one per line (<project>-<service> for a service that only builds)')
    .option('-q, --quiet', 'only check the project: print nothing (the exit code says whether it is valid)')
    .option('-o, --output <file>', 'write the model to this file instead of standard output')
    .option('--no-interpolate', 'print ${VAR} as written: the merged files, their keys sorted, short syntax kept');
  return addProjectOptions(command).action((flags: ConfigFlags) =>
    run(async () => {
      const pipeline = await import('../../src/pipeline/index.js');
      const options = { ...loadOptions(flags), ...(flags.interpolate ? {} : { interpolate: false }) };
      const lines = flags.services
        ? pipeline.configServices(options)
        : flags.volumes
          ? pipeline.configVolumes(options)
          : flags.hash !== undefined
            ? pipeline.configHashes(options, flags.hash)
            : flags.profiles
              ? pipeline.composeProfiles(options)
              : flags.images
                ? pipeline.configImages(options)
                : undefined;
      const text = lines === undefined ? pipeline.configText(options, flags.format) : lines.map((line) => `${line}\n`).join('');
      if (flags.quiet) return;
      if (lines === undefined && flags.output !== undefined) writeFileSync(flags.output, text);
      else process.stdout.write(text);
    }, debug()),
  );
}
