import { Command, InvalidArgumentError } from 'commander';
import { run } from '../../run.js';
import { JsonOutput } from '../../io/json-output.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../../options/aws.js';

interface LsFlags extends AwsFlags {
  all?: boolean;
  quiet?: boolean;
  filter?: string;
  json?: boolean;
}

/** `--filter name=<text>`, the one filter docker compose ls takes. */
function nameFilter(value: string): string {
  const match = /^name=(.+)$/.exec(value);
  if (!match?.[1]) throw new InvalidArgumentError('expected name=<text>.');
  return match[1];
}

/** `ls`: the compose-x stacks of the region (NAME, STATUS, LAST UPDATE, SERVICES), as docker compose ls lists projects. */
export function lsCommand(debug: () => boolean): Command {
  const command = new Command('ls')
    .description('list the compose-x stacks of the region: name, status, last update, services')
    .option('-a, --all', 'deleted stacks too (CloudFormation lists them for 90 days)')
    .option('-q, --quiet', 'print the stack names only')
    .option('--filter <name=text>', 'only the stacks whose name contains the text', nameFilter)
    .option('--json', 'print the stacks as a JSON document (schemas/output/ls.json)');
  addAwsOptions(command);
  return command.action((flags: LsFlags) => {
    const json = flags.json ? new JsonOutput('ls', false) : undefined;
    return run(
      async () => {
        const { ls } = await import('../../../src/deploy/index.js');
        const stacks = await ls(awsTarget(flags), { ...(flags.all ? { all: true } : {}), ...(flags.filter ? { name: flags.filter } : {}) });
        if (json) return json.document(0, { stacks });
        if (flags.quiet) {
          for (const stack of stacks) process.stdout.write(`${stack.name}\n`);
          return;
        }
        const rows = [['NAME', 'STATUS', 'LAST UPDATE', 'SERVICES'], ...stacks.map((s) => [s.name, s.status, s.lastUpdate, s.services.join(',')])];
        const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
        for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
      },
      debug(),
      json,
    );
  });
}
