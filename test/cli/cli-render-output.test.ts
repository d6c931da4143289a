import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * The output directory of `render` always holds one whole render, through the built CLI: no
 * file of an earlier render survives that this one does not write, nothing is written on a
 * failure, a `kill -9` at any moment or two renders at once never mix two renders, and no
 * temporary directory stays behind.
 */
const MAIN = path.resolve('dist/cli/main.js');

const compose = (image: string, services = 1): string =>
  `services:\n${Array.from({ length: services }, (_, i) => `  web${i}:\n    image: ${image}\n    expose: ["8080"]\n`).join('')}`;

/** A directory's files and their content. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]),
  );
}

/** Temporary directories a render stages beside its output directory. */
const leftovers = (project: string): string[] => readdirSync(project).filter((name) => name.includes('.compose-x-'));

describe('the output directory of render', () => {
  it('holds only the files of the last render: render --format json, then render, leaves no .json', () => {
    const project = tmpProject({ 'docker-compose.yml': compose('nginx:1.27') });
    expect(cli(['render', '--format', 'json'], project).status).toBe(0);
    expect(readdirSync(path.join(project, 'cfn')).sort()).toEqual(['proj.json', 'proj.params.json', 'proj.review.md']);
    expect(cli(['render'], project).status).toBe(0);
    expect(readdirSync(path.join(project, 'cfn')).sort()).toEqual(['proj.params.json', 'proj.review.md', 'proj.yaml']);
    expect(leftovers(project)).toEqual([]);
  });

  it('drops the nested templates of an earlier, larger render', () => {
    const project = tmpProject({ 'docker-compose.yml': compose('nginx:1.27', 120) });
    expect(cli(['render'], project).status).toBe(0);
    expect(readdirSync(path.join(project, 'cfn')).filter((f) => /^proj\.[a-z0-9]+\.yaml$/.test(f)).length).toBeGreaterThan(0);
    writeFileSync(path.join(project, 'docker-compose.yml'), compose('nginx:1.27', 2));
    expect(cli(['render'], project).status).toBe(0);
    expect(readdirSync(path.join(project, 'cfn')).sort()).toEqual(['proj.params.json', 'proj.review.md', 'proj.yaml']);
  });

  it("keeps the render of another project in the same directory", () => {
    const project = tmpProject({ 'docker-compose.yml': compose('nginx:1.27'), 'other.yml': 'name: other\n' + compose('redis:7') });
    expect(cli(['render', '-f', 'other.yml'], project).status).toBe(0);
    expect(cli(['render'], project).status).toBe(0);
    expect(readdirSync(path.join(project, 'cfn')).sort()).toEqual(['other.params.json', 'other.review.md', 'other.yaml', 'proj.params.json', 'proj.review.md', 'proj.yaml']);
  });

  it('refuses, exit 2, a directory that holds more than renders, and leaves it as it was', () => {
    const project = tmpProject({ 'docker-compose.yml': compose('nginx:1.27'), 'cfn/NOTES.txt': 'mine\n' });
    const run = cli(['render'], project);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: .*cfn: the output directory .*cfn holds an entry that no render wrote \(NOTES\.txt\); .* Render into a directory of its own, e\.g\. -d cfn\.\n$/);
    expect(contents(path.join(project, 'cfn'))).toEqual({ 'NOTES.txt': 'mine\n' });
  });

  it('says, exit 2, when the directory cannot be written (-d /proc/compose-x)', () => {
    const project = tmpProject({ 'docker-compose.yml': compose('nginx:1.27') });
    const run = cli(['render', '-d', '/proc/compose-x'], project);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: \/proc\/compose-x: cannot write the render to \/proc\/compose-x: .*Choose an output directory you can write, with -d\.\n$/);
  });

  it('writes nothing when the project is bad: no new directory, an existing one untouched', () => {
    const project = tmpProject({ 'docker-compose.yml': 'services:\n  web:\n    image: "nginx:${TAG}"\n' });
    expect(cli(['render'], project).status).toBe(2);
    expect(existsSync(path.join(project, 'cfn'))).toBe(false);
    mkdirSync(path.join(project, 'cfn'));
    writeFileSync(path.join(project, 'cfn', 'proj.yaml'), 'old\n');
    expect(cli(['render'], project).status).toBe(2);
    expect(contents(path.join(project, 'cfn'))).toEqual({ 'proj.yaml': 'old\n' });
    expect(leftovers(project)).toEqual([]);
  });

  describe('under kill -9 and concurrent renders', () => {
    const SERVICES = 150;
    /** The whole renders of the two versions of the project, each made alone. */
    const whole = (image: string): Record<string, string> => {
      const alone = tmpProject({ 'docker-compose.yml': compose(image, SERVICES) });
      expect(cli(['render'], alone).status).toBe(0);
      return contents(path.join(alone, 'cfn'));
    };
    const before = whole('nginx:1.26');
    const after = whole('nginx:1.27');

    /** The render a reader finds: the directory, or (killed between the two renames) the retired one beside it. */
    const found = (project: string): Record<string, string> => {
      const dir = path.join(project, 'cfn');
      if (existsSync(dir)) return contents(dir);
      const retired = leftovers(project).find((name) => name.includes('.compose-x-old-'));
      return retired ? contents(path.join(project, retired)) : {};
    };

    /** Starts a render; kills it with SIGKILL when `when` sees the moment (or after `delay` ms). */
    const killed = (project: string, when: (names: string[]) => boolean, delay: number): Promise<void> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [MAIN, 'render'], { cwd: project, env: { PATH: process.env['PATH'] ?? '' }, stdio: 'ignore' });
        const started = Date.now();
        const watch = setInterval(() => {
          if (when(readdirSync(project)) || Date.now() - started > delay) child.kill('SIGKILL');
        }, 1);
        child.on('close', () => {
          clearInterval(watch);
          resolve();
        });
      });

    it.each([
      ['while it stages the new render', (names: string[]) => names.some((n) => n.includes('.compose-x-new-')), 60_000],
      ['at 300 ms', () => false, 300],
      ['at 700 ms', () => false, 700],
      ['at 1100 ms', () => false, 1100],
    ])('killed %s, it leaves the old render or the new one, never a mix; the next render cleans up', async (_, when, delay) => {
      const project = tmpProject({ 'docker-compose.yml': compose('nginx:1.26', SERVICES) });
      expect(cli(['render'], project).status).toBe(0);
      writeFileSync(path.join(project, 'docker-compose.yml'), compose('nginx:1.27', SERVICES));
      await killed(project, when, delay);
      expect([before, after]).toContainEqual(found(project));
      expect(cli(['render'], project).status).toBe(0);
      expect(contents(path.join(project, 'cfn'))).toEqual(after);
      expect(leftovers(project)).toEqual([]);
    }, 60_000);

    it('puts back a render that a killed run had moved aside (between its two renames), so other projects keep theirs', () => {
      const project = tmpProject({ 'docker-compose.yml': compose('nginx:1.27'), 'other.yml': 'name: other\n' + compose('redis:7') });
      expect(cli(['render', '-f', 'other.yml'], project).status).toBe(0);
      const others = contents(path.join(project, 'cfn'));
      renameSync(path.join(project, 'cfn'), path.join(project, '.cfn.compose-x-old-2147483647-killed'));
      expect(cli(['render'], project).status).toBe(0);
      expect(Object.keys(contents(path.join(project, 'cfn')))).toEqual([...Object.keys(others), 'proj.params.json', 'proj.review.md', 'proj.yaml'].sort());
      expect(contents(path.join(project, 'cfn'))).toMatchObject(others);
      expect(leftovers(project)).toEqual([]);
    });

    it('two renders at once end with one whole render of the two', async () => {
      const project = tmpProject({ 'docker-compose.yml': compose('nginx:1.26', SERVICES), 'next.yml': 'name: proj\n' + compose('nginx:1.27', SERVICES) });
      const render = (args: string[]): Promise<number | null> =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, [MAIN, 'render', ...args], { cwd: project, env: { PATH: process.env['PATH'] ?? '' }, stdio: 'ignore' });
          child.on('close', resolve);
        });
      const codes = await Promise.all([render([]), render(['-f', 'next.yml']), render([]), render(['-f', 'next.yml'])]);
      expect(codes).toEqual([0, 0, 0, 0]);
      expect([before, after]).toContainEqual(contents(path.join(project, 'cfn')));
      expect(leftovers(project)).toEqual([]);
    }, 60_000);
  });
});
