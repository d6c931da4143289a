import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * Every bad input gives one short paragraph on stderr (file:line:col, what is wrong, how
 * to fix it), exit code 2, no stack trace, and nothing on stdout.
 */
const billionLaughs = (() => {
  const lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    lines.push(`x-${names[i]}: &${names[i]} [${Array(10).fill(`*${names[i - 1]}`).join(',')}]`);
  }
  return `${lines.join('\n')}\nservices:\n  web: {image: nginx}\n`;
})();

const tenMegabytes = (() => {
  const filler = `# ${'x'.repeat(98)}\n`.repeat(100_000);
  return `services:\n  web:\n    image: nginx\n${filler}    helthcheck: {test: [CMD, true]}\n`;
})();

const cases: {
  name: string;
  files: Record<string, string | Buffer>;
  args?: string[];
  env?: Record<string, string>;
  want: RegExp[];
}[] = [
  {
    name: 'malformed YAML',
    files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n   ports: ["80:80"]\n' },
    want: [/compose\.yaml:4:\d+: invalid YAML/],
  },
  {
    name: 'a wrong type',
    files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: 80\n' },
    want: [/compose\.yaml:4:12: services\.web\.ports: expected a list, got an integer\./],
  },
  {
    name: 'an unknown key, with a suggestion',
    files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    helthcheck:\n      test: [CMD, "true"]\n' },
    want: [/compose\.yaml:4:5: services\.web\.helthcheck: unknown key "helthcheck"\. Did you mean "healthcheck"\?/],
  },
  {
    name: 'an unknown key in an extension',
    files: { 'compose.yaml': 'x-serviceconnect:\n  Namespce: shop.local\nservices:\n  web: {image: nginx}\n' },
    want: [/compose\.yaml:2:3: x-serviceconnect\.Namespce: unknown key "Namespce"\. Did you mean "Namespace"\?/],
  },
  {
    name: 'a missing required variable',
    files: { 'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG:?set TAG to the image tag}"\n' },
    want: [/compose\.yaml:3:12: services\.web\.image: .*TAG.*set TAG to the image tag/],
  },
  {
    name: 'cyclic extends',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n' },
    want: [/compose\.yaml:\d+:5: services\.[ab]\.extends: extends forms a cycle: (a -> b -> a|b -> a -> b)\./],
  },
  {
    name: 'a missing env_file',
    files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: web.env\n' },
    want: [/compose\.yaml:4:\d+: services\.web\.env_file.*web\.env/],
  },
  {
    name: 'an alias bomb',
    files: { 'compose.yaml': billionLaughs },
    want: [/compose\.yaml:\d+:\d+: aliases expand to more than/],
  },
  {
    name: 'a 10 MB file',
    files: { 'compose.yaml': tenMegabytes },
    want: [/compose\.yaml:100004:5: services\.web\.helthcheck: unknown key/],
  },
  {
    name: 'binary garbage',
    files: { 'compose.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x13]) },
    want: [/compose\.yaml: the file is not text/],
  },
  {
    name: 'an empty file',
    files: { 'compose.yaml': '' },
    want: [/compose\.yaml: the compose file is empty\. Add at least/],
  },
  {
    name: 'a missing -f file',
    files: { 'compose.yaml': 'services: {web: {image: nginx}}\n' },
    args: ['-f', 'nope.yaml'],
    want: [/nope\.yaml does not exist/],
  },
  {
    name: 'an invalid project name',
    files: { 'compose.yaml': 'services: {web: {image: nginx}}\n' },
    args: ['-p', 'Not Valid'],
    want: [/project name "Not Valid" \(from -p\) is not valid/],
  },
  {
    name: 'a dependency on an undefined service',
    files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n' },
    want: [/compose\.yaml:4:\d+: services\.web\.depends_on/],
  },
];

describe('bad input', () => {
  it.each(cases)('$name: one paragraph, exit code 2, no stack trace', ({ files, args = [], env = {}, want }) => {
    const cwd = tmpProject(files);
    const result = cli(['config', ...args], cwd, env);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toHaveLength(1);
    for (const re of want) expect(errors[0]).toMatch(re);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('an unknown option exits 2 with usage help', () => {
    const result = cli(['config', '--nope'], tmpProject({ 'compose.yaml': 'services: {web: {image: a}}\n' }));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--nope'");
  });

  it('an unknown command exits 2', () => {
    const result = cli(['nope'], tmpProject({}));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'nope'");
  });
});

describe('several problems', () => {
  const badPorts = 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:http"\n      - 70000\n      - {target: 80, publish: 8080}\n';

  it('three bad ports of a file: three paragraphs in one run, exit code 2', () => {
    const result = cli(['config'], tmpProject({ 'compose.yaml': badPorts }));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([
      expect.stringMatching(/^error: .*compose\.yaml:5:9: services\.web\.ports\[0\]: "8080:http" is not a valid value here\./),
      expect.stringMatching(/^error: .*compose\.yaml:6:9: services\.web\.ports\[1\]: 70000 must be <= 65535\./),
      expect.stringMatching(/^error: .*compose\.yaml:7:22: services\.web\.ports\[2\]\.publish: unknown key "publish"\. Did you mean "published"\?$/),
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('problems in two -f files: both files are reported, in order', () => {
    const cwd = tmpProject({ 'compose.yaml': 'services:\n  web: {image: nginx, helthcheck: {test: [NONE]}}\n', 'prod.yaml': badPorts });
    const result = cli(['config', '-f', 'compose.yaml', '-f', 'prod.yaml'], cwd);
    expect(result.status).toBe(2);
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/compose\.yaml:2:23: services\.web\.helthcheck: unknown key/);
    expect(errors.slice(1).every((e) => /prod\.yaml:\d+:\d+: services\.web\.ports\[\d\]/.test(e))).toBe(true);
  });

  it('an x- key inside x-vpc: never "Custom keys must start with x-"', () => {
    const cwd = tmpProject({ 'compose.yaml': 'services:\n  web: {image: nginx}\nx-vpc:\n  VpcId: vpc-0abc\n  x-note: hi\n' });
    const result = cli(['config'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/compose\.yaml:5:3: x-vpc\.x-note: unknown key "x-note"\. .*x-vpc is read by compose-x and takes only its own keys, no x- keys/);
    expect(result.stderr).not.toContain('Custom keys must start with');
  });
});

describe('no service to run', () => {
  it.each([
    { name: 'none in the file', compose: 'x-note: nothing to run\nvolumes: {data: {}}\n', args: [], want: /^error: .*compose\.yaml:1:1: the project has no service\. Add a `services:` mapping with at least one service/ },
    {
      name: 'none left by the profiles',
      compose: 'services:\n  web: {image: nginx, profiles: [debug]}\n  seed: {image: seed, profiles: [tools, debug]}\n',
      args: ['--profile', 'prod'],
      want: /^error: .*compose\.yaml:1:1: services: the project has no service to run: the active profiles leave out every service, web \(debug\), seed \(tools, debug\)\. Enable one with --profile debug \(or COMPOSE_PROFILES\)/,
    },
  ])('$name: validate and render refuse it, exit code 2', ({ compose, args, want }) => {
    const cwd = tmpProject({ 'compose.yaml': compose });
    for (const command of ['validate', 'render']) {
      const result = cli([command, ...args], cwd);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      const errors = result.stderr.split('\n').filter((l) => l.startsWith('error: '));
      expect(errors).toEqual([expect.stringMatching(want)]);
    }
  });

  it('config prints it, as docker compose config does', () => {
    const result = cli(['config'], tmpProject({ 'compose.yaml': 'services:\n  web: {image: nginx, profiles: [debug]}\n' }));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('services: {}');
  });
});

describe('help', () => {
  it('lists every command with one line each', () => {
    const result = cli(['--help'], tmpProject({}));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\s+config \[options\]\s+print the merged, validated, normalized compose model$/m);
    expect(result.stdout).toMatch(/^\s+validate \[options\] \[file\]\s+check the project against the CloudFormation spec and ECS rules; write nothing$/m);
    expect(result.stdout).toMatch(/^\s+render \[options\] \[file\]\s+write the CloudFormation template and parameters of the project$/m);
    const commands = result.stdout.slice(result.stdout.indexOf('Commands:\n') + 'Commands:\n'.length).split('\n').filter((line) => line !== '');
    expect(commands.filter((line) => !/^ {2}\S/.test(line))).toEqual([]);
  });
});
