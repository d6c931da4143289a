import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `up --outputs-file FILE`: the stack outputs as `cdk deploy --outputs-file` writes them,
 * `{ "<stackName>": { "<OutputKey>": "<OutputValue>" } }`, indented, the folder made if needed.
 */
export function writeOutputsFile(file: string, stackName: string, outputs: Record<string, string>): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ [stackName]: outputs }, null, 2)}\n`);
}
