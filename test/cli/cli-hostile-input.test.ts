import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * Hostile input is bounded: what a fuzz run found (a stack overflow, a hang over 10 s, an
 * internal error) is an exit-2 paragraph with the file and, where there is one, the line and
 * column, within seconds, for config, validate and render alike; render writes nothing. What
 * the parser refuses is run through config and render (validate reads the project as render does).
 */
const WEB = 'services:\n  web:\n    image: nginx\n';
const SECONDS = 10_000;

const nested = (depth: number): string => `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
const blockNested = (depth: number): string =>
  Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 1)}a:`).join('\n') + `\n${'  '.repeat(depth + 1)}b: 1\n`;
const defaults = (depth: number): string => `${'${X:-'.repeat(depth)}nginx${'}'.repeat(depth)}`;
const aliasChain = (length: number): string =>
  ['x-a0: &a0 {k: v}', ...Array.from({ length: length - 1 }, (_, i) => `x-a${i + 1}: &a${i + 1} [*a${i}]`)].join('\n') + `\n${WEB}`;
const mergeChain = (length: number): string =>
  ['x-a0: &a0 {k0: v}', ...Array.from({ length: length - 1 }, (_, i) => `x-a${i + 1}: &a${i + 1}\n  <<: *a${i}\n  k${i + 1}: v`)].join('\n') + `\n${WEB}`;

const manyVariables = `${WEB}    environment:\n${Array.from({ length: 100_000 }, (_, i) => `      V${i}: x\n`).join('')}`;
const manyPorts = `${WEB}    ports:\n${Array.from({ length: 10_000 }, (_, i) => `      - "${10_000 + i}:${10_000 + i}"\n`).join('')}`;
const publishedRange = `${WEB}    ports: ["1-65535:1-65535"]\n`;
const exposedRange = `${WEB}    expose: ["1-65535"]\n`;

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

interface Case {
  name: string;
  files: Record<string, string>;
  /** Makes what files cannot be: FIFOs, directories, links to devices. */
  setup?: (dir: string) => void;
  args?: string[];
  /** Default: config and render (what the parser refuses, it refuses for every command alike). */
  commands?: string[];
  want: RegExp;
}

const ALL = ['config', 'validate', 'render'];
const PARSER = ['config', 'render'];

const cases: Case[] = [
  {
    name: 'flow mappings nested 1,000 deep',
    files: { 'compose.yaml': `${WEB}x-deep: ${nested(1000)}\n` },
    want: /compose\.yaml:4:\d+: mappings and lists nest more than 100 levels deep here\. A compose file needs a few levels/,
  },
  {
    name: 'block mappings nested 1,000 deep',
    files: { 'compose.yaml': `${WEB}x-deep:\n${blockNested(1000)}` },
    want: /compose\.yaml:104:\d+: mappings and lists nest more than 100 levels deep here\./,
  },
  {
    name: 'defaults ${X:-${X:-...}} nested 1,000 deep',
    files: { 'compose.yaml': `services:\n  web:\n    image: "${defaults(1000)}"\n` },
    want: /compose\.yaml:3:12: services\.web\.image: invalid interpolation "\$\{X:-\$\{X:-.*\.\.\.": its "\$\{" forms nest more than 100 deep\. Nest defaults a few levels at most/,
  },
  {
    name: 'a chain of 3,000 anchors, each an alias of the one before',
    files: { 'compose.yaml': aliasChain(3000) },
    want: /compose\.yaml:\d+:\d+: the value nests more than 100 levels deep, counting the anchors its aliases and << merge keys refer to/,
  },
  {
    name: 'a chain of 3,000 << merge keys',
    files: { 'compose.yaml': mergeChain(3000) },
    want: /compose\.yaml:\d+:7: the value nests more than 100 levels deep, counting the anchors its aliases and << merge keys refer to/,
  },
  {
    name: '-f /dev/zero',
    files: { 'compose.yaml': WEB },
    args: ['-f', '/dev/zero'],
    want: /^error: \/dev\/zero: \/dev\/zero is a device, not a compose file: compose-x reads only regular files/,
  },
  {
    name: '-f a FIFO',
    files: { 'compose.yaml': WEB },
    setup: (dir) => mkfifo(path.join(dir, 'pipe.yaml')),
    args: ['-f', 'pipe.yaml'],
    want: /pipe\.yaml is a named pipe \(FIFO\), not a compose file: compose-x reads only regular files .*Write the compose file to a regular file/,
  },
  {
    name: '-f a directory',
    files: { 'compose.yaml': WEB, 'sub/.keep': '' },
    args: ['-f', 'sub'],
    want: /sub is a directory, not a compose file\. Pass the compose file inside it, e\.g\. compose\.yaml\./,
  },
  {
    name: '--env-file /dev/zero',
    files: { 'compose.yaml': WEB },
    args: ['--env-file', '/dev/zero'],
    want: /^error: \/dev\/zero: \/dev\/zero is a device, not an env file/,
  },
  {
    name: '--env-file a FIFO',
    files: { 'compose.yaml': WEB },
    setup: (dir) => mkfifo(path.join(dir, 'pipe.env')),
    args: ['--env-file', 'pipe.env'],
    want: /pipe\.env is a named pipe \(FIFO\), not an env file/,
  },
  {
    name: '--env-file a directory',
    files: { 'compose.yaml': WEB, 'sub/.keep': '' },
    args: ['--env-file', 'sub'],
    want: /sub is a directory, not an env file\. Pass the env file inside it, e\.g\. \.env\./,
  },
  {
    name: 'env_file: /dev/zero',
    files: { 'compose.yaml': `${WEB}    env_file: /dev/zero\n` },
    want: /compose\.yaml:4:15: services\.web\.env_file: \/dev\/zero is a device, not an env file/,
  },
  {
    name: 'env_file: a FIFO',
    files: { 'compose.yaml': `${WEB}    env_file: [ok.env, pipe.env]\n`, 'ok.env': 'A=1\n' },
    setup: (dir) => mkfifo(path.join(dir, 'pipe.env')),
    want: /compose\.yaml:4:\d+: services\.web\.env_file\[1\]: .*pipe\.env is a named pipe \(FIFO\), not an env file/,
  },
  {
    name: 'env_file: a directory',
    files: { 'compose.yaml': `${WEB}    env_file: sub\n`, 'sub/.keep': '' },
    want: /compose\.yaml:4:15: services\.web\.env_file: .*sub is a directory, not an env file/,
  },
  {
    name: 'extends.file: /dev/zero',
    files: { 'compose.yaml': `${WEB}    extends: {file: /dev/zero, service: base}\n` },
    want: /compose\.yaml:4:5: services\.web\.extends: \/dev\/zero is a device, not a compose file/,
  },
  {
    name: 'extends.file: a FIFO',
    files: { 'compose.yaml': `${WEB}    extends:\n      file: pipe.yaml\n      service: base\n` },
    setup: (dir) => mkfifo(path.join(dir, 'pipe.yaml')),
    want: /compose\.yaml:4:5: services\.web\.extends: .*pipe\.yaml is a named pipe \(FIFO\), not a compose file/,
  },
  {
    name: 'extends.file: a directory',
    files: { 'compose.yaml': `${WEB}    extends: {file: sub, service: base}\n`, 'sub/.keep': '' },
    want: /compose\.yaml:4:5: services\.web\.extends: .*sub is a directory, not a compose file/,
  },
  {
    name: '.env that is /dev/zero',
    files: { 'compose.yaml': WEB },
    setup: (dir) => symlinkSync('/dev/zero', path.join(dir, '.env')),
    want: /\.env: .*\.env is a device, not an env file/,
  },
  {
    name: '.env that is a FIFO',
    files: { 'compose.yaml': WEB },
    setup: (dir) => mkfifo(path.join(dir, '.env')),
    want: /\.env: .*\.env is a named pipe \(FIFO\), not an env file/,
  },
  {
    name: '100,000 environment variables on a service',
    files: { 'compose.yaml': manyVariables },
    commands: ['validate', 'render'],
    want: /compose\.yaml:5:7: services\.web\.environment: the task definition of service "web" would be [\d.]+ KiB, over the 64 KiB ECS registers \(environment: [\d.]+ KiB of it\)\. Keep large or many values out of the task definition/,
  },
  {
    name: '10,000 ports',
    files: { 'compose.yaml': manyPorts },
    commands: ['validate', 'render'],
    // Each published port takes two rules (from the load balancer, from the default network): the 31st passes 60.
    want: /compose\.yaml:35:9: services\.web\.ports: service "web" needs more than 60 inbound rules in its security group/,
  },
  {
    name: 'a published range 1-65535',
    files: { 'compose.yaml': publishedRange },
    commands: ['validate', 'render'],
    want: /compose\.yaml:4:13: services\.web\.ports: service "web" needs more than 60 inbound rules in its security group, the most a security group holds by default/,
  },
  {
    name: 'an exposed range 1-65535',
    files: { 'compose.yaml': exposedRange },
    commands: ['validate', 'render'],
    want: /compose\.yaml:4:14: services\.web\.expose: service "web" needs more than 60 inbound rules in its security group/,
  },
  {
    name: 'x-vpc without Subnets',
    files: { 'compose.yaml': `${WEB}x-vpc:\n  VpcId: vpc-0abc\n` },
    commands: ['validate', 'render'],
    want: /compose\.yaml:5:3: x-vpc: x-vpc sets no Subnets: an existing VPC needs the subnets its tasks run in\. Add Subnets: \[subnet-0abc1234, subnet-0def5678\] to x-vpc \(in this file or another -f file\), or remove x-vpc/,
  },
  {
    name: 'x-vpc without VpcId and Subnets (an override file may set them)',
    files: { 'compose.yaml': `${WEB}x-vpc:\n  AssignPublicIp: true\n` },
    commands: ['validate', 'render'],
    want: /compose\.yaml:5:3: x-vpc: x-vpc sets no VpcId and no Subnets/,
  },
];

describe.each(ALL)('%s bounds hostile input', (command) => {
  it.each(cases.filter((c) => (c.commands ?? PARSER).includes(command)))('$name: exit 2 within seconds, with the place', ({ files, setup, args = [], want }) => {
    const dir = tmpProject(files);
    setup?.(dir);
    const started = Date.now();
    const run = cli([command, ...args, ...(command === 'render' ? ['-d', 'out'] : [])], dir);
    expect(Date.now() - started).toBeLessThan(SECONDS);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toEqual([expect.stringMatching(want)]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('internal error');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('what Compose reads is still read', () => {
  it.each([
    { name: '100,000 environment variables', compose: manyVariables, want: 'V99999: x' },
    { name: '10,000 ports', compose: manyPorts, want: 'published: "19999"' },
    { name: 'a published range 1-65535', compose: publishedRange, want: 'published: "65535"' },
    { name: 'an exposed range 1-65535', compose: exposedRange, want: '- 1-65535' },
  ])('config prints $name, as docker compose config does, within seconds', ({ compose, want }) => {
    const started = Date.now();
    const run = cli(['config'], tmpProject({ 'compose.yaml': compose }));
    expect(Date.now() - started).toBeLessThan(SECONDS);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(want);
  });

  it('a .env that is a directory is passed over, as Compose does', () => {
    const dir = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG:-1.27}"\n' });
    mkdirSync(path.join(dir, '.env'));
    const run = cli(['config'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('image: nginx:1.27');
  });

  it('a key written twice in a mapping is still refused at the second one', () => {
    const run = cli(['config'], tmpProject({ 'compose.yaml': `${WEB}    image: httpd\n` }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: .*compose\.yaml:4:5: invalid YAML: Map keys must be unique\. Keep one of the two entries with this key/);
  });
});

describe('a project name of 255 characters', () => {
  const name = `a${'b'.repeat(254)}`;
  const compose = { 'compose.yaml': WEB };

  it('config prints it (Compose sets no length)', () => {
    const run = cli(['config', '-p', name], tmpProject(compose));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`name: ${name}`);
  });

  it.each([['validate'], ['render', '-d', 'out'], ['graph'], ['plan'], ['up'], ['diff'], ['diff', '--rendered', 'earlier']])(
    '%s refuses it before AWS, exit 2, and writes nothing',
    (...command) => {
      const dir = tmpProject({ ...compose, 'earlier/.keep': '' });
      const run = cli([...command, '-p', name], dir);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^error: name: the project name "ab+" cannot be the name of its CloudFormation stack: it is 255 characters long, over CloudFormation's 128\. Name the project with -p ab+ \(or the top-level name:\)\.$/m);
      expect(run.stderr).not.toMatch(/ENAMETOOLONG|internal error|^\s+at /m);
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
    },
  );
});

describe('the output directory of a failed render', () => {
  it('is not made, nor are the directories above it', () => {
    const dir = tmpProject({ 'compose.yaml': `${WEB}    cpus: 0\n` });
    const run = cli(['render', '-d', 'new/deeper/out'], dir);
    expect(run.status).toBe(2);
    expect(existsSync(path.join(dir, 'new'))).toBe(false);
  });

  it('-d /proc is refused, exit 2: the directory holds what no render wrote', () => {
    const run = cli(['render', '-d', '/proc'], tmpProject({ 'compose.yaml': WEB }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: \/proc: the output directory \/proc holds entries that no render wrote \(.*\); compose-x replaces the directory as a whole, so it writes only into a directory of renders\. Render into a directory of its own, e\.g\. -d cfn\.\n$/);
    expect(existsSync('/proc/compose.yaml')).toBe(false);
  });
});
