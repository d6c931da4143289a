import { Command } from 'commander';
import type { JobSchedule } from '../../src/deploy/index.js';
import { run } from '../run.js';
import { stoppedContainerLines, stoppedTaskLine } from '../printers/progress.js';
import { JsonOutput } from '../io/json-output.js';
import { addAwsOptions, awsTarget, type AwsFlags } from '../options/aws.js';
import { addProjectOptions, refuseUnknownProfiles, stackName as stackNameOf, type ProjectFlags } from '../options/project.js';

/** A scheduled job's row: its schedule, and its last run's task, status and exit code. */
function jobRow(service: string, schedule: JobSchedule): string[] {
  const run = schedule.lastRun;
  if (!run) return [service, schedule.expression, '-', 'never run', ''];
  const exit = run.exitCode !== undefined ? `exit ${run.exitCode}` : '';
  return [service, schedule.expression, run.taskId, run.lastStatus, [exit, run.startedAt ? `started ${run.startedAt}` : ''].filter((t) => t !== '').join(', ')];
}

export function psCommand(debug: () => boolean): Command {
  const command = new Command('ps')
    .description("list the stack's services: tasks, IPs, URLs, the last stopped task")
    .option('--json', 'print the services as a JSON document (schemas/output/ps.json)');
  addProjectOptions(command);
  addAwsOptions(command);
  return command.action((flags: ProjectFlags & AwsFlags & { json?: boolean }) => {
    const json = flags.json ? new JsonOutput('ps', false) : undefined;
    return run(
      async () => {
        await refuseUnknownProfiles(flags);
        const stackName = await stackNameOf(flags, json?.warn);
        const { ps } = await import('../../src/deploy/index.js');
        const services = await ps(awsTarget(flags), stackName);
        if (json) return json.document(0, { stackName, services });
        const rows = services.flatMap((s) => [
          s.schedule ? jobRow(s.service, s.schedule) : [s.service, `${s.running}/${s.desired} running${s.pending > 0 ? `, ${s.pending} pending` : ''}`, '', '', ''],
          ...s.tasks.map((t) => ['', '', t.taskId, t.lastStatus, `${t.privateIp ?? '-'}  ${t.publicIp ?? '-'}`]),
        ]);
        const header = ['SERVICE', 'TASKS', 'TASK', 'STATUS', 'PRIVATE IP  PUBLIC IP'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
        for (const r of [header, ...rows]) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
        const urls = services.flatMap((s) => (s.urls ?? []).map((url) => [s.service, url] as const));
        const width = Math.max('SERVICE'.length, ...urls.map(([service]) => service.length));
        if (urls.length > 0) process.stdout.write(`\n${['SERVICE'.padEnd(width), 'URL'].join('  ')}\n`);
        for (const [service, url] of urls) process.stdout.write(`${service.padEnd(width)}  ${url}\n`);
        const stopped = services.flatMap((s) => (s.lastStopped ? [s.lastStopped] : []));
        if (stopped.length > 0) process.stdout.write('\nLAST STOPPED TASK\n');
        for (const task of stopped) process.stdout.write(`${[stoppedTaskLine(task), ...stoppedContainerLines(task).map((line) => `  ${line}`)].join('\n')}\n`);
      },
      debug(),
      json,
    );
  });
}
