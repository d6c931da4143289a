import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** `completion bash|zsh|fish`: scripts made from the program's definition, checked by the shells themselves. */

const dir = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
/** Where the scripts are written: not the project directory, whose files bash completes. */
const scripts = tmpProject({}, 'scripts');
const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const script = (shell: string): string => {
  const result = cli(['completion', shell], dir);
  expect(result.status).toBe(0);
  return result.stdout;
};

/** The commands and the flags of `config`, as --help lists them: what the scripts must know without being told. */
const COMMANDS = [...cli(['--help'], dir).stdout.split('Commands:')[1]!.matchAll(/^ {2}([a-z]+)/gm)].map((m) => m[1] ?? '');
const CONFIG_FLAGS = [...cli(['config', '--help'], dir).stdout.matchAll(/(?<=^|[\s,])(--?[a-z][a-z-]*)/gm)].map((m) => m[1] ?? '').filter((f) => f.length > 1);

describe.each(['bash', 'zsh', 'fish'])('compose-x completion %s', (shell) => {
  const text = script(shell);

  it('mentions every command, the nested migrate appmesh included', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['render', 'up', 'config', 'migrate', 'completion', 'help']));
    for (const command of [...COMMANDS, 'appmesh']) expect(text).toMatch(new RegExp(`(^|[^a-z-])${command}([^a-z-]|$)`, 'm'));
  });

  it('mentions every flag of config', () => {
    expect(CONFIG_FLAGS).toEqual(expect.arrayContaining(['--services', '--hash', '-q', '--quiet', '-o', '--no-interpolate', '--project-directory']));
    for (const flag of CONFIG_FLAGS) {
      const long = flag.startsWith('--') ? flag.slice(2) : undefined;
      expect(text).toContain(shell === 'fish' ? (long ? `-l ${long}` : `-s ${flag.slice(1)}`) : flag);
    }
  });
});

describe('the scripts pass their shell\'s syntax check', () => {
  it('bash -n', () => {
    const file = path.join(scripts, 'compose-x.bash');
    writeFileSync(file, script('bash'));
    expect(spawnSync('bash', ['-n', file], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  (has('zsh') ? it : it.skip)('zsh -n (skipped where zsh is not installed)', () => {
    const file = path.join(scripts, '_compose-x');
    writeFileSync(file, script('zsh'));
    expect(spawnSync('zsh', ['-n', file], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  (has('fish') ? it : it.skip)('fish -n (skipped where fish is not installed)', () => {
    const file = path.join(scripts, 'compose-x.fish');
    writeFileSync(file, script('fish'));
    expect(spawnSync('fish', ['-n', file], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });
});

describe('what bash completes', () => {
  const file = path.join(scripts, 'complete.bash');
  writeFileSync(file, script('bash'));

  /** COMPREPLY after the words typed so far (the last one is being completed). */
  const complete = (...words: string[]): string[] => {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const run = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(compose-x ${quoted}); COMP_CWORD=${words.length}; _compose_x; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, encoding: 'utf8' });
    return run.stdout.split('\n').filter((line) => line !== '');
  };

  it.each([
    { typed: ['con'], want: ['config'] },
    { typed: ['config', '--ser'], want: ['--services'] },
    { typed: ['config', '--format', ''], want: ['yaml', 'json'] },
    { typed: ['--no-color', 'di'], want: ['diff'] },
    { typed: ['migrate', ''], want: ['appmesh', 'help'] },
    { typed: ['migrate', 'appmesh', '--o'], want: ['--output'] },
    { typed: ['completion', ''], want: ['bash', 'zsh', 'fish'] },
    { typed: ['up', '--aws'], want: ['--aws-profile'] },
    { typed: ['up', '--build', 'r'], want: ['remote'] },
    { typed: ['render', '-f', 'comp'], want: ['compose.yaml'] },
    { typed: ['help', 'ren'], want: ['render'] },
  ])('compose-x $typed -> $want', ({ typed, want }) => {
    expect(complete(...typed)).toEqual(want);
  });
});

(has('fish') ? describe : describe.skip)('what fish completes (skipped where fish is not installed)', () => {
  it.each([
    { typed: 'compose-x con', want: 'config' },
    { typed: 'compose-x config --ser', want: '--services' },
    { typed: 'compose-x migrate appmesh --out', want: '--output' },
  ])('$typed -> $want', ({ typed, want }) => {
    const file = path.join(scripts, 'complete.fish');
    writeFileSync(file, script('fish'));
    const run = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${typed}'`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: dir } });
    expect(run.stdout.split('\n').map((line) => line.split('\t')[0])).toContain(want);
  });
});
