import { cli } from '../helpers/cli.js';
import { CASE_TIMEOUT, runCase } from '../helpers/fake-run.js';
import { tmpProject } from '../helpers/tmp-project.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** NO_COLOR, FORCE_COLOR and --no-color, through the built CLI, on every printer that colours. */

const ESCAPE = /\u001b\[[0-9;]*m/;

/** A project rendered into old/, then given a second service: `diff --rendered old` has additions to colour. */
function renderedProject(): string {
  const dir = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
  expect(cli(['render', '-d', 'old'], dir).status).toBe(0);
  writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n  worker:\n    image: busybox:1.36\n');
  return dir;
}

describe('colour', () => {
  const dir = renderedProject();

  it.each<{ name: string; args: string[]; env: Record<string, string>; colour: boolean }>([
    { name: 'a pipe, no variable', args: [], env: {}, colour: false },
    { name: 'FORCE_COLOR=1', args: [], env: { FORCE_COLOR: '1' }, colour: true },
    { name: 'FORCE_COLOR=0', args: [], env: { FORCE_COLOR: '0' }, colour: false },
    { name: 'NO_COLOR=1, even with FORCE_COLOR=1', args: [], env: { NO_COLOR: '1', FORCE_COLOR: '1' }, colour: false },
    { name: 'an empty NO_COLOR is unset', args: [], env: { NO_COLOR: '', FORCE_COLOR: '1' }, colour: true },
    { name: '--no-color after the command, even with FORCE_COLOR=1', args: ['--no-color'], env: { FORCE_COLOR: '1' }, colour: false },
  ])('diff --rendered: $name -> colour $colour', ({ args, env, colour }) => {
    const result = cli(['diff', '--rendered', 'old', ...args], dir, env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('+ worker');
    expect(ESCAPE.test(result.stdout)).toBe(colour);
  });

  it('--no-color before the command too', () => {
    const result = cli(['--no-color', 'diff', '--rendered', 'old'], dir, { FORCE_COLOR: '1' });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(ESCAPE);
  });

  it('colours the added service green with FORCE_COLOR=1', () => {
    expect(cli(['diff', '--rendered', 'old'], dir, { FORCE_COLOR: '1' }).stdout).toContain('\u001b[32m  + worker\u001b[39m');
  });

  it.each<{ name: string; args: string[]; env: Record<string, string>; colour: boolean }>([
    { name: 'FORCE_COLOR=1', args: [], env: { FORCE_COLOR: '1' }, colour: true },
    { name: 'NO_COLOR=1', args: [], env: { FORCE_COLOR: '1', NO_COLOR: '1' }, colour: false },
    { name: '--no-color', args: ['--no-color'], env: { FORCE_COLOR: '1' }, colour: false },
  ])('plan (the change set, in CI lines): $name -> colour $colour', async ({ args, env, colour }) => {
    const { result } = await runCase({ name: 'plan', args: ['plan', ...args], env: (given) => ({ ...given, ...env }), exit: 0, last: /./ });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Add\s+WebService/);
    expect(ESCAPE.test(result.stdout)).toBe(colour);
    if (colour) expect(result.stdout).toMatch(/\u001b\[32mAdd\s+WebService\s+AWS::ECS::Service\u001b\[39m/);
  }, CASE_TIMEOUT);

  it.each<{ name: string; args: string[]; env: Record<string, string>; colour: boolean }>([
    { name: 'FORCE_COLOR=1', args: [], env: { FORCE_COLOR: '1' }, colour: true },
    { name: '--no-color', args: ['--no-color'], env: { FORCE_COLOR: '1' }, colour: false },
  ])('diff against the deployed template (the CDK printer): $name -> colour $colour', async ({ args, env, colour }) => {
    const { result } = await runCase({ name: 'diff', args: ['diff', ...args], env: (given) => ({ ...given, ...env }), exit: 0, last: /./ });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/WebService/);
    expect(ESCAPE.test(result.stdout)).toBe(colour);
  }, CASE_TIMEOUT);
});
