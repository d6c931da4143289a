import { ParseError } from '../../src/parser/diagnostics.js';
import { loadProject } from '../../src/parser/load.js';
import { tmpProject } from '../helpers/tmp-project.js';

function load(files: Record<string, string>, options: { profiles?: string[]; files?: string[] } = {}) {
  const cwd = tmpProject(files);
  return loadProject({ cwd, environment: {}, ...options });
}

function loadError(files: Record<string, string>, options: { profiles?: string[] } = {}): ParseError {
  try {
    load(files, options);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('extends', () => {
  it('extends a service of the same file; the child wins', () => {
    const { project } = load({
      'compose.yaml': [
        'services:',
        '  base: {image: nginx, environment: {A: "1", B: "1"}, ports: ["80:80"]}',
        '  web: {extends: base, environment: {B: "2"}, ports: ["81:81"]}',
      ].join('\n'),
    });
    const web = project.services['web']!;
    expect(web.image).toBe('nginx');
    expect(web.environment).toEqual({ A: '1', B: '2' });
    expect(web.ports.map((p) => p.target)).toEqual([80, 81]);
  });

  it('extends a service of another file, with paths relative to that file', () => {
    const { project } = load({
      'compose.yaml': 'services:\n  web: {extends: {file: common/base.yaml, service: app}, image: web:1}\n',
      'common/base.yaml': 'services:\n  app: {image: app:1, env_file: app.env, command: run}\n',
      'common/app.env': 'FROM_BASE=yes\n',
    });
    const web = project.services['web']!;
    expect(web.image).toBe('web:1');
    expect(web.command).toEqual(['run']);
    expect(web.environment).toEqual({ FROM_BASE: 'yes' });
  });

  it('follows a chain of extends across files', () => {
    const { project } = load({
      'compose.yaml': 'services:\n  web: {extends: {file: a.yaml, service: a}}\n',
      'a.yaml': 'services:\n  a: {extends: {file: b.yaml, service: b}, user: alice}\n',
      'b.yaml': 'services:\n  b: {image: b:1, user: bob, working_dir: /b}\n',
    });
    expect(project.services['web']).toMatchObject({ image: 'b:1', user: 'alice', working_dir: '/b' });
  });

  it('reports a cycle with the whole loop and where it starts', () => {
    const error = loadError({
      'compose.yaml': 'services:\n  a: {image: x, extends: b}\n  b: {image: x, extends: c}\n  c: {image: x, extends: a}\n',
    });
    expect(error.code).toBe('E_EXTENDS_CYCLE');
    expect(error.message).toContain('a -> b -> c -> a');
    expect(error.position).toMatchObject({ line: 4 });
  });

  it('reports a service that extends itself', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  a: {image: x, extends: a}\n' });
    expect(error.code).toBe('E_EXTENDS_CYCLE');
    expect(error.message).toContain('a -> a');
  });

  it('reports an unknown base service', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: nope\n' });
    expect(error.code).toBe('E_EXTENDS_UNKNOWN');
    expect(error.position).toMatchObject({ line: 4, col: 5 });
  });

  it('reports a missing file to extend from', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  a:\n    extends: {file: nope.yaml, service: b}\n' });
    expect(error.code).toBe('E_FILE_NOT_FOUND');
  });
});

describe('profiles', () => {
  const files = {
    'compose.yaml': [
      'services:',
      '  web: {image: web}',
      '  debug: {image: busybox, profiles: [debug]}',
      '  seed: {image: seed, profiles: [tools, setup]}',
    ].join('\n'),
  };

  it.each([
    { name: 'no profile: services without profiles only', profiles: [], want: ['web'] },
    { name: 'one profile', profiles: ['debug'], want: ['debug', 'web'] },
    { name: 'any of a service profiles', profiles: ['setup'], want: ['seed', 'web'] },
    { name: 'several profiles', profiles: ['debug', 'tools'], want: ['debug', 'seed', 'web'] },
    { name: '* enables all', profiles: ['*'], want: ['debug', 'seed', 'web'] },
  ])('$name', ({ profiles, want }) => {
    expect(Object.keys(load(files, { profiles }).project.services).sort()).toEqual(want);
  });

  it('reads COMPOSE_PROFILES when --profile is not given', () => {
    const cwd = tmpProject(files);
    const { project } = loadProject({ cwd, environment: { COMPOSE_PROFILES: 'debug,tools' } });
    expect(Object.keys(project.services).sort()).toEqual(['debug', 'seed', 'web']);
  });

  it('refuses a dependency on a disabled service', () => {
    const error = loadError({
      'compose.yaml': 'services:\n  web:\n    image: web\n    depends_on: [db]\n  db: {image: pg, profiles: [data]}\n',
    });
    expect(error.code).toBe('E_DEPENDS_ON_DISABLED');
    expect(error.hint).toContain('--profile data');
    expect(error.position).toMatchObject({ line: 4 });
  });

  it('keeps the services the profiles leave out, with their profiles, for the support stage', () => {
    expect(load(files).project.disabled_services).toEqual({ debug: ['debug'], seed: ['tools', 'setup'] });
    expect(load(files, { profiles: ['*'] }).project).not.toHaveProperty('disabled_services');
  });

  it('loads a project without services, as docker compose config does (the support stage refuses it)', () => {
    expect(load({ 'compose.yaml': 'x-note: nothing here\n' }).project.services).toEqual({});
  });

  it('drops an optional dependency on a disabled service with a warning', () => {
    const { project, warnings } = load({
      'compose.yaml': 'services:\n  web:\n    image: web\n    depends_on: {db: {condition: service_started, required: false}}\n  db: {image: pg, profiles: [data]}\n',
    });
    expect(project.services['web']!.depends_on).toEqual({});
    expect(warnings.map((w) => w.code)).toContain('W_DEPENDENCY_DISABLED');
  });
});
