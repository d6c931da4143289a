import path from 'node:path';
import { ParseError } from '../../src/parser/diagnostics.js';
import { loadProject } from '../../src/parser/load.js';
import { chooseProjectName, findComposeFiles, normalizeProjectName } from '../../src/parser/project-files.js';
import { tmpProject } from '../helpers/tmp-project.js';

const noEnv = (): undefined => undefined;
const svc = 'services:\n  web: {image: nginx}\n';

describe('compose files', () => {
  it.each([
    { name: 'compose.yaml first', files: ['compose.yaml', 'docker-compose.yml'], want: ['compose.yaml'] },
    { name: 'compose.yml', files: ['compose.yml'], want: ['compose.yml'] },
    { name: 'docker-compose.yml before .yaml', files: ['docker-compose.yaml', 'docker-compose.yml'], want: ['docker-compose.yml'] },
    { name: 'the matching override', files: ['compose.yaml', 'compose.override.yaml'], want: ['compose.yaml', 'compose.override.yaml'] },
    { name: 'override in .yml', files: ['docker-compose.yml', 'docker-compose.override.yml'], want: ['docker-compose.yml', 'docker-compose.override.yml'] },
    { name: 'an override of the other family is ignored', files: ['compose.yaml', 'docker-compose.override.yml'], want: ['compose.yaml'] },
  ])('finds $name', ({ files, want }) => {
    const dir = tmpProject(Object.fromEntries(files.map((f) => [f, svc])));
    expect(findComposeFiles([], dir, noEnv)).toEqual(want.map((f) => path.join(dir, f)));
  });

  it('looks in parent directories', () => {
    const dir = tmpProject({ 'compose.yaml': svc, 'sub/deeper/.keep': '' });
    expect(findComposeFiles([], path.join(dir, 'sub/deeper'), noEnv)).toEqual([path.join(dir, 'compose.yaml')]);
  });

  it('takes COMPOSE_FILE, separated by ":"', () => {
    const dir = tmpProject({ 'a.yaml': svc, 'b.yaml': svc });
    const env = (name: string): string | undefined => (name === 'COMPOSE_FILE' ? 'a.yaml:b.yaml' : undefined);
    expect(findComposeFiles([], dir, env)).toEqual([path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')]);
  });

  it('prefers -f files', () => {
    const dir = tmpProject({ 'compose.yaml': svc, 'x.yaml': svc });
    expect(findComposeFiles(['x.yaml'], dir, noEnv)).toEqual([path.join(dir, 'x.yaml')]);
  });

  it('says how to fix a directory without a compose file', () => {
    const dir = tmpProject({ '.keep': '' });
    expect(() => findComposeFiles([], dir, noEnv)).toThrow(expect.objectContaining({ code: 'E_NO_COMPOSE_FILE' }));
  });
});

describe('project name', () => {
  it.each([
    { name: '-p first', input: { flag: 'flag', environment: 'env', file: 'file', directory: '/x/dir' }, want: 'flag' },
    { name: 'then COMPOSE_PROJECT_NAME', input: { environment: 'env', file: 'file', directory: '/x/dir' }, want: 'env' },
    { name: 'then name:', input: { file: 'file', directory: '/x/dir' }, want: 'file' },
    { name: 'then the directory, normalized', input: { directory: '/x/My.App_2' }, want: 'myapp_2' },
    { name: 'leading separators dropped', input: { directory: '/x/__-Web' }, want: 'web' },
  ])('$name', ({ input, want }) => {
    expect(chooseProjectName(input)).toBe(want);
  });

  it('refuses an invalid explicit name with a suggestion', () => {
    expect(() => chooseProjectName({ flag: 'My App', directory: '/x' })).toThrow(ParseError);
    try {
      chooseProjectName({ flag: 'My App', directory: '/x' });
    } catch (error) {
      expect((error as ParseError).hint).toContain('"myapp"');
    }
  });

  it('normalizes like Docker Compose', () => {
    expect(normalizeProjectName('Hello World!')).toBe('helloworld');
  });
});

describe('environment', () => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG}"\n    environment: {FROM: "${FROM:-default}"}\n',
    '.env': 'TAG=from-dotenv\nFROM=dotenv\n',
    'other.env': 'TAG=from-other\n',
    'last.env': 'TAG=from-last\n',
  };

  it('reads .env in the project directory', () => {
    const { project } = loadProject({ cwd: tmpProject(files), environment: {} });
    expect(project.services['web']!.image).toBe('nginx:from-dotenv');
  });

  it('lets the process environment win over .env', () => {
    const { project } = loadProject({ cwd: tmpProject(files), environment: { TAG: 'from-shell' } });
    expect(project.services['web']!.image).toBe('nginx:from-shell');
  });

  it('replaces .env with --env-file files, the later winning', () => {
    const { project } = loadProject({ cwd: tmpProject(files), environment: {}, envFiles: ['other.env', 'last.env'] });
    expect(project.services['web']!.image).toBe('nginx:from-last');
    expect(project.services['web']!.environment['FROM']).toBe('default');
  });

  it('refuses a missing --env-file', () => {
    expect(() => loadProject({ cwd: tmpProject(files), environment: {}, envFiles: ['nope.env'] })).toThrow(
      expect.objectContaining({ code: 'E_ENV_FILE_MISSING' }),
    );
  });

  it('warns once per unset variable, with its place', () => {
    const { warnings } = loadProject({
      cwd: tmpProject({ 'compose.yaml': 'services:\n  a: {image: "x:${NOPE}"}\n  b: {image: "y:${NOPE}"}\n' }),
      environment: {},
    });
    const unset = warnings.filter((w) => w.code === 'W_VARIABLE_UNSET');
    expect(unset).toHaveLength(1);
    expect(unset[0]!.message).toContain('"NOPE"');
    expect(unset[0]!.position).toMatchObject({ line: 2 });
  });

  it('takes the project name from COMPOSE_PROJECT_NAME in .env', () => {
    const cwd = tmpProject({ 'compose.yaml': svc, '.env': 'COMPOSE_PROJECT_NAME=fromenv\n' });
    expect(loadProject({ cwd, environment: {} }).project.name).toBe('fromenv');
  });
});
