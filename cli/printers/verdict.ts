import type { DeployResult } from '../../src/deploy/types.js';
import { EXIT_FAILURE, EXIT_OK } from '../run.js';

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
      if (result.rootCause) {
        const c = result.rootCause;
        out(`root cause: ${c.stackName === result.stackName ? '' : `${c.stackName}/`}${c.logicalId} (${c.type}) ${c.status}: ${c.reason}`);
      }
      return { lines, exitCode: EXIT_FAILURE };
  }
}
