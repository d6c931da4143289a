import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { tmpProject } from '../helpers/tmp-project.js';

const MAIN = path.resolve('dist/cli/main.js');
const FORBID = path.resolve('test/helpers/forbid-aws-sdk.mjs');

function runWithoutSdk(args: string[], cwd: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', FORBID, MAIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { status: result.status, stderr: result.stderr };
}

describe('start-up stays light', () => {
  it('the SDK probe works: importing the SDK fails under it', () => {
    const result = spawnSync(process.execPath, ['--import', FORBID, '--input-type=module', '-e', "await import('@aws-sdk/client-cloudformation')"], {
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('the AWS SDK was loaded');
  });

  it('compose-x --help does not load the AWS SDK', () => {
    expect(runWithoutSdk(['--help'], tmpProject({}))).toMatchObject({ status: 0 });
  });

  it.each([['logs'], ['run'], ['exec'], ['ls'], ['ps']])('compose-x %s --help does not load the AWS SDK', (command) => {
    const result = runWithoutSdk([command, '--help'], tmpProject({}));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('compose-x render does not load the AWS SDK', () => {
    const dir = tmpProject({ 'docker-compose.yml': 'services:\n  web: {image: nginx, ports: ["80:80"]}\n' });
    const result = runWithoutSdk(['render'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
