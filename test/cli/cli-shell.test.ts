import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { tmpProject } from '../helpers/tmp-project.js';

/** The CLI as a shell runs it: the executable itself (its #! line), in a pipeline. */
const BIN = path.resolve('dist/cli/main.js');

function sh(script: string, cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', ['-c', script], { cwd, env: { PATH: process.env['PATH'] ?? '', BIN, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the compose-x executable', () => {
  const compose = 'services:\n  web:\n    image: "nginx:${TAG}"\n';

  it('reads --env-file itself: Node 20 does not intercept a missing one', () => {
    const dir = tmpProject({ 'docker-compose.yml': compose });
    const run = sh('"$BIN" config --env-file missing.env', dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: .*missing\.env: the env file .*missing\.env does not exist\. Create it, or fix the path given to --env-file\.\n$/);
    expect(run.stderr).not.toContain('node:');
  });

  it('reads an existing --env-file with the precedence of docker compose: the shell environment wins', () => {
    const dir = tmpProject({ 'docker-compose.yml': compose, 'tags.env': 'TAG=from-file\n' });
    expect(sh('"$BIN" config --env-file tags.env', dir).stdout).toContain('image: nginx:from-file');
    expect(sh('"$BIN" config --env-file tags.env', dir, { TAG: 'from-shell' }).stdout).toContain('image: nginx:from-shell');
  });

  it('ends quietly when the reader closes the pipe (compose-x config | head)', () => {
    const services = Array.from({ length: 3000 }, (_, i) => `  web${i}:\n    image: nginx\n    environment:\n      GREETING: "${'hello '.repeat(40)}"\n`).join('');
    const dir = tmpProject({ 'docker-compose.yml': `services:\n${services}` });
    const run = sh('{ "$BIN" config; echo "compose-x exited $?" >&2; } | head -1', dir);
    expect(run.stdout).toBe('name: proj\n');
    expect(run.stderr).toBe('compose-x exited 0\n');
  });
});
