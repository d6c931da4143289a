import { Command } from 'commander';
import { run } from '../run.js';
import { addProjectOptions, loadOptions, type ProjectFlags } from '../options/project.js';

interface MigrateFlags extends ProjectFlags {
  output?: string;
}

export function migrateCommand(debug: () => boolean): Command {
  const appmesh = new Command('appmesh')
    .description('rewrite the compose file with x-serviceconnect instead of x-appmesh, and report what changes')
    .option('-o, --output <file>', 'the compose file to write (default: <file>.serviceconnect.yml beside it)');
  addProjectOptions(appmesh).action((flags: MigrateFlags) =>
    run(async () => {
      const { migrateAppMesh, writeFilesAtomically } = await import('../../src/pipeline/index.js');
      const migration = migrateAppMesh(loadOptions(flags), flags.output);
      for (const file of writeFilesAtomically(migration.dir, migration.files)) process.stdout.write(`wrote ${file}\n`);
      process.stdout.write(`${migration.open} item(s) are not translated one-to-one: read ${migration.report} before you deploy.\n`);
    }, debug()),
  );
  return new Command('migrate').description('move a project off a discontinued feature (appmesh: to Service Connect)').addCommand(appmesh.exitOverride());
}
