#!/usr/bin/env -S node --
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { completionCommand } from './commands/completion.js';
import { configCommand } from './commands/config.js';
import { cancelCommand } from './commands/cancel.js';
import { diffCommand } from './commands/diff.js';
import { execCommand } from './commands/operate/exec.js';
import { graphCommand } from './commands/graph.js';
import { downCommand } from './commands/down.js';
import { lsCommand } from './commands/operate/ls.js';
import { lookupCommand } from './commands/lookup.js';
import { migrateCommand } from './commands/migrate.js';
import { planCommand } from './commands/plan.js';
import { logsCommand } from './commands/operate/logs.js';
import { psCommand } from './commands/ps.js';
import { runCommand } from './commands/operate/run.js';
import { upCommand } from './commands/up.js';
import { renderCommand } from './commands/render.js';
import { validateCommand } from './commands/validate.js';
import { turnColourOff } from './io/colour.js';
import { jsonLine } from './io/json-output.js';
import { EXIT_BAD_INPUT } from './run.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

// A reader that stops early (`compose-x config | head`) closes the pipe: stop quietly, as a
// command-line tool does, with the exit code so far.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

// The bundle's source maps (dist/cli/**/*.js.map) put the TypeScript sources in the stack traces --debug prints.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

// The AWS SDK warns on Node 20 about its releases of 2027; compose-x pins its SDK and supports Node 20.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const program = new Command('compose-x')
  .description('Turn a docker-compose project into AWS CloudFormation for Amazon ECS, and deploy it.')
  .version(version)
  .option('--debug', 'show stack traces of unexpected errors')
  .option('--no-color', 'print no colours (as NO_COLOR=1 does; FORCE_COLOR=1 colours output that is not a terminal)')
  .configureHelp({ helpWidth: 120 })
  .showHelpAfterError('(run compose-x --help for usage)')
  .exitOverride()
  .hook('preAction', () => {
    if (program.opts<{ color: boolean }>().color === false) turnColourOff();
  });

const debug = (): boolean => program.opts<{ debug?: boolean }>().debug === true;
const commands = [
  renderCommand(debug),
  upCommand(debug),
  planCommand(debug),
  diffCommand(debug),
  psCommand(debug),
  logsCommand(debug),
  runCommand(debug),
  execCommand(debug),
  lsCommand(debug),
  downCommand(debug),
  cancelCommand(debug),
  graphCommand(debug),
  configCommand(debug),
  validateCommand(debug),
  migrateCommand(debug),
  lookupCommand(debug),
  completionCommand(() => program, debug),
];
for (const command of commands) {
  program.addCommand(command.exitOverride());
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
  process.exitCode = ok ? 0 : EXIT_BAD_INPUT;
  // A flag commander refuses is bad input too: with --json, the pipeline gets its document.
  const command = program.args[0];
  if (!ok && process.argv.includes('--json')) {
    const errors = [{ code: 'E_USAGE', message: error.message.replace(/^error: /, '') }];
    process.stdout.write(jsonLine(['up', 'logs', 'run'].includes(command ?? '') ? { kind: 'error', ok: false, exitCode: EXIT_BAD_INPUT, errors } : { command, ok: false, exitCode: EXIT_BAD_INPUT, warnings: [], errors }));
  }
}
