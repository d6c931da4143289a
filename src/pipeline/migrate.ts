import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../parser/diagnostics.js';
import { loadProject, type LoadOptions } from '../parser/index.js';
import { migrateComposeText, translateProjectToServiceConnect } from '../translate/index.js';

/** The compose file rewritten with x-serviceconnect, and its report, by name in `dir`. */
export interface Migration {
  dir: string;
  files: Record<string, string>;
  /** The report's file name. */
  report: string;
  /** How many items of the report are not translated one-to-one. */
  open: number;
}

/**
 * `migrate appmesh`: the compose file that holds x-appmesh, rewritten for Service Connect,
 * written to `output` (default `<file>.serviceconnect.yml` beside it) with `<output>-report.md`.
 */
export function migrateAppMesh(options: LoadOptions, output: string | undefined): Migration {
  const { project, files, locate } = loadProject(options);
  const translated = translateProjectToServiceConnect(project, locate);
  const source = files.find((f) => /^x-appmesh:/m.test(readFileSync(f, 'utf8')));
  if (!translated || !source) {
    throw new ParseError('E_NO_APPMESH', 'the project has no x-appmesh to migrate.', {
      file: files[0],
      hint: 'Run this in a project whose compose file has a top-level x-appmesh.',
    });
  }
  const stem = path.basename(source).replace(/\.ya?ml$/, '');
  const target = path.resolve(output ?? path.join(path.dirname(source), `${stem}.serviceconnect.yml`));
  const report = target.replace(/\.ya?ml$/, '') + '-report.md';
  return {
    dir: path.dirname(target),
    files: {
      [path.basename(target)]: migrateComposeText(readFileSync(source, 'utf8'), translated.translation),
      [path.basename(report)]: translated.report,
    },
    report: path.basename(report),
    open: translated.translation.report.filter((item) => item.outcome !== 'translated').length,
  };
}
