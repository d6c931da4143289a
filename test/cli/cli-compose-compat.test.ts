import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** Files docker compose reads: compose-x reads them the same way (config, validate), exit code 0. */

interface Config {
  services: Record<string, Record<string, unknown>>;
}

function config(files: Record<string, string>, args: string[] = [], env: Record<string, string> = {}): Config {
  const result = cli(['config', ...args], tmpProject(files), env);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return parse(result.stdout) as Config;
}

describe('compose-x reads compose files as docker compose does', () => {
  it('a port mode other than host or ingress (awsvpc) is kept', () => {
    const doc = config({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: [{target: 80, published: 80, mode: awsvpc}]\n' });
    expect(doc.services['web']?.['ports']).toEqual([{ mode: 'awsvpc', target: 80, published: '80', protocol: 'tcp' }]);
  });

  it('restart_policy condition unless-stopped is valid; validate warns that restart policies are not honoured', () => {
    const cwd = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    deploy:\n      restart_policy: {condition: unless-stopped}\n' });
    const result = cli(['validate'], cwd);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: .*compose\.yaml:5:23: services\.web\.deploy\.restart_policy: ECS replaces every task that stops; the restart policy is ignored\. Remove deploy\.restart_policy\.$/m,
    );
    expect(result.stderr).not.toMatch(/^error: /m);
  });

  it('an empty platform (${DOCKER_PLATFORM:-}) is no platform: not printed, not an error', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    platform: ${DOCKER_PLATFORM:-}\n' };
    expect(config(files).services['web']).not.toHaveProperty('platform');
    const result = cli(['validate'], tmpProject(files));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('env_file written as a string in two -f files: read once, no crash', () => {
    const doc = config(
      { 'compose.yaml': 'services:\n  web: {image: nginx, env_file: x.env}\n', 'prod.yaml': 'services:\n  web: {env_file: x.env}\n', 'x.env': 'A=1\n' },
      ['-f', 'compose.yaml', '-f', 'prod.yaml'],
    );
    expect(doc.services['web']?.['environment']).toEqual({ A: '1' });
  });

  it('dns as a string over a list: the server is appended', () => {
    const doc = config(
      { 'compose.yaml': 'services:\n  web: {image: nginx, dns: [8.8.8.8]}\n', 'prod.yaml': 'services:\n  web: {dns: 8.8.4.4}\n' },
      ['-f', 'compose.yaml', '-f', 'prod.yaml'],
    );
    expect(doc.services['web']?.['dns']).toEqual(['8.8.8.8', '8.8.4.4']);
  });

  it('config writes a literal $ as $$, so its output read again gives the same output', () => {
    const cwd = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment: {PRICE: "$$5", LATER: "$${HOME}"}\n    command: sh -c "echo $$PATH"\n' });
    const first = cli(['config'], cwd);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('PRICE: $$5');
    expect(first.stdout).toContain('LATER: $${HOME}');
    expect(first.stdout).toContain('- echo $$PATH');
    writeFileSync(path.join(cwd, 'again.yaml'), first.stdout);
    const second = cli(['config', '-f', 'again.yaml'], cwd, { HOME: '/should/not/appear' });
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
  });

  it('a single-quoted value continued on less-indented lines is read as PyYAML and go-yaml read it', () => {
    const doc = config({ 'compose.yaml': "services:\n  web:\n    image: nginx\n    command: 'echo hello\n  world'\n" });
    expect(doc.services['web']?.['command']).toEqual(['echo', 'hello', 'world']);
  });

  it('a quote never closed: exit 2, at the opening quote, with the fix (not a bare "Missing closing quote")', () => {
    const result = cli(['config'], tmpProject({ 'compose.yaml': "services:\n  web:\n    image: nginx\n    command: 'echo hello\n" }));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: .*compose\.yaml:4:14: invalid YAML: the quoted value that starts here is never closed\. Close it with ' /m);
    expect(result.stderr).not.toContain('Missing closing');
  });
});
