import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { ParseError } from '../../src/parser/diagnostics.js';
import { writeFilesAtomically } from '../atomic-write.js';
import { run } from '../run.js';
import { addProjectOptions, loadOptions, type ComposeProfileFlags } from './project-options.js';

interface MigrateFlags extends ComposeProfileFlags {
  output?: string;
}

export function migrateCommand(debug: () => boolean): Command {
  const appmesh = new Command('appmesh')
    .description('rewrite the compose file with x-serviceconnect instead of x-appmesh, and report what changes')
    .option('-o, --output <file>', 'the compose file to write (default: <file>.serviceconnect.yml beside it)');
  addProjectOptions(appmesh).action((flags: MigrateFlags) =>
    run(async () => {
      const { loadProject } = await import('../../src/parser/index.js');
      const { migrateComposeText, translateProjectToServiceConnect } = await import('../../src/mesh/index.js');
      const { project, files, locate } = loadProject(loadOptions(flags, flags.profile));
      const translated = translateProjectToServiceConnect(project, locate);
      const source = files.find((f) => /^x-appmesh:/m.test(readFileSync(f, 'utf8')));
      if (!translated || !source) {
        throw new ParseError('E_NO_APPMESH', 'the project has no x-appmesh to migrate.', {
          file: files[0],
          hint: 'Run this in a project whose compose file has a top-level x-appmesh.',
        });
      }
      const stem = path.basename(source).replace(/\.ya?ml$/, '');
      const output = path.resolve(flags.output ?? path.join(path.dirname(source), `${stem}.serviceconnect.yml`));
      const report = output.replace(/\.ya?ml$/, '') + '-report.md';
      const written = writeFilesAtomically(path.dirname(output), {
        [path.basename(output)]: migrateComposeText(readFileSync(source, 'utf8'), translated.translation),
        [path.basename(report)]: translated.report,
      });
      for (const file of written) process.stdout.write(`wrote ${file}\n`);
      const open = translated.translation.report.filter((item) => item.outcome !== 'translated').length;
      process.stdout.write(`${open} item(s) are not translated one-to-one: read ${path.basename(report)} before you deploy.\n`);
    }, debug()),
  );
  return new Command('migrate').description('move a project off a discontinued feature (appmesh: to Service Connect)').addCommand(appmesh.exitOverride());
}
