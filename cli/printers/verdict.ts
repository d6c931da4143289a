import type { DownResult } from '../../src/deploy/down.js';
import type { DeployResult } from '../../src/deploy/types.js';
import { EXIT_FAILURE, EXIT_OK } from '../run.js';
import { stoppedContainerLines, stoppedTaskLine } from './progress.js';

/** The verdict of `up`, printed last, and its exit code: 0 only when the stack reached its goal. */
export function verdict(result: DeployResult): { lines: string[]; exitCode: number } {
  const lines: string[] = [];
  const out = (line: string): void => void lines.push(line);
  switch (result.kind) {
    case 'up-to-date':
      out(`${result.stackName} is up to date: nothing to deploy.`);
      return { lines, exitCode: EXIT_OK };
    case 'succeeded':
      for (const [key, value] of Object.entries(result.outputs)) out(`  ${key} = ${value}`);
      out(`${result.stackName}: ${result.status}`);
      return { lines, exitCode: EXIT_OK };
    case 'detached':
      out(`${result.stackName}: deploying (${result.changeSetName}). Follow it with \`compose-x ps -p ${result.stackName}\`.`);
      return { lines, exitCode: EXIT_OK };
    case 'declined':
      out(`${result.stackName}: nothing deployed (declined); the change set was deleted.`);
      return { lines, exitCode: EXIT_FAILURE };
    case 'refused':
      out(
        `${result.stackName}: nothing deployed: the changes above widen access and there is no terminal to approve them (CI); the change set was deleted. ` +
          'Review them (`compose-x diff`), then pass --yes or --require-approval never to deploy them.',
      );
      return { lines, exitCode: EXIT_FAILURE };
    case 'stopped':
      out(
        result.waitedFor
          ? `${result.stackName}: stopped waiting for the operation in progress (${result.waitedFor}); nothing was deployed.`
          : `${result.stackName}: stopped before deploying (Ctrl-C); nothing was deployed, and the change set compose-x made was deleted.`,
      );
      return { lines, exitCode: EXIT_FAILURE };
    case 'interrupted':
      out(
        `Stopped watching ${result.stackName} (${result.status}); nothing was deleted and the deployment goes on.\n` +
          `  follow it:  compose-x ps -p ${result.stackName}\n` +
          `  cancel it:  compose-x cancel -p ${result.stackName}`,
      );
      return { lines, exitCode: EXIT_FAILURE };
    case 'failed':
      if (result.status === 'ROLLBACK_COMPLETE' && !result.rootCause) {
        out(
          `${result.stackName} is in ROLLBACK_COMPLETE: its first creation failed and CloudFormation cannot update it. ` +
            'Run `compose-x up --replace-failed` to delete it and create it again (or `compose-x down`).',
        );
        return { lines, exitCode: EXIT_FAILURE };
      }
      out(`${result.stackName}: ${result.status}`);
      if (result.stoppedTask) {
        out(`root cause: ${stoppedTaskLine(result.stoppedTask)}`);
        for (const line of stoppedContainerLines(result.stoppedTask)) out(`  ${line}`);
      }
      if (result.rootCause) {
        const c = result.rootCause;
        const event = `${c.stackName === result.stackName ? '' : `${c.stackName}/`}${c.logicalId} (${c.type}) ${c.status}: ${c.reason}`;
        out(result.stoppedTask ? `  CloudFormation: ${event}` : `root cause: ${event}`);
      }
      return { lines, exitCode: EXIT_FAILURE };
  }
}

/** The verdict of `down`, printed last, and its exit code: 0 when the stack is gone (or never was). */
export function downVerdict(stackName: string, result: DownResult): { lines: string[]; exitCode: number } {
  switch (result.kind) {
    case 'absent':
      return { lines: [`${stackName} does not exist: nothing to delete.`], exitCode: EXIT_OK };
    case 'declined':
      return { lines: [`${stackName}: nothing deleted (declined).`], exitCode: EXIT_FAILURE };
    case 'interrupted':
      return {
        lines: [`Stopped watching ${stackName} (${result.status}); the deletion goes on. Check it with \`compose-x ps -p ${stackName}\`.`],
        exitCode: EXIT_FAILURE,
      };
    case 'failed': {
      const c = result.rootCause;
      return { lines: [`${stackName}: ${result.status}`, ...(c ? [`root cause: ${c.logicalId} (${c.type}): ${c.reason}`] : [])], exitCode: EXIT_FAILURE };
    }
    case 'deleted':
      return {
        lines: [...result.retained.map((kept) => `  retained: ${kept.logicalId} (${kept.type})${kept.reason ? `: ${kept.reason}` : ''}`), `${stackName}: DELETE_COMPLETE`],
        exitCode: EXIT_OK,
      };
  }
}
