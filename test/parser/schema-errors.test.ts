import { ParseError, ParseErrors } from '../../src/parser/diagnostics.js';
import { loadProject } from '../../src/parser/load.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** What the schema stage reports: one error per problem, every problem of every file at once. */
function problems(files: Record<string, string>, names: string[] = ['compose.yaml']): string[] {
  const cwd = tmpProject(files);
  try {
    loadProject({ cwd, environment: {}, files: names });
  } catch (error) {
    if (error instanceof ParseErrors) return error.errors.map((e) => e.describe().replace(`${cwd}/`, ''));
    if (error instanceof ParseError) return [error.describe().replace(`${cwd}/`, '')];
    throw error;
  }
  throw new Error('expected schema errors');
}

describe('schema errors', () => {
  it('reports every bad port of a file at once, in the order they are written', () => {
    const found = problems({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:http"\n      - 70000\n      - {target: 80, publish: 8080}\n',
    });
    expect(found).toEqual([
      expect.stringMatching(/^compose\.yaml:5:9: services\.web\.ports\[0\]: "8080:http" is not a valid value here\./),
      expect.stringMatching(/^compose\.yaml:6:9: services\.web\.ports\[1\]: 70000 must be <= 65535\./),
      'compose.yaml:7:22: services.web.ports[2].publish: unknown key "publish". Did you mean "published"?',
    ]);
  });

  it('reports one error per place: the most specific of the errors ajv finds there', () => {
    const found = problems({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    volumes: [{type: 5, target: /data}]\n' });
    expect(found).toEqual([expect.stringMatching(/^compose\.yaml:4:22: services\.web\.volumes\[0\]\.type: 5 is not one of the allowed values\./)]);
  });

  it('reports two missing keys of one mapping as two problems', () => {
    const found = problems({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ulimits: {nofile: {}}\n' });
    expect(found).toEqual([
      expect.stringContaining('services.web.ulimits.nofile: the required key "soft" is missing.'),
      expect.stringContaining('services.web.ulimits.nofile: the required key "hard" is missing.'),
    ]);
  });

  it('reports the problems of every -f file, file by file', () => {
    const found = problems(
      {
        'compose.yaml': 'services:\n  web: {image: nginx, helthcheck: {test: [NONE]}}\n',
        'compose.prod.yaml': 'services:\n  web:\n    ports: [70000]\n',
      },
      ['compose.yaml', 'compose.prod.yaml'],
    );
    expect(found).toEqual([
      expect.stringMatching(/^compose\.yaml:2:23: services\.web\.helthcheck: unknown key "helthcheck"\. Did you mean "healthcheck"\?$/),
      expect.stringMatching(/^compose\.prod\.yaml:3:13: services\.web\.ports\[0\]: 70000 must be <= 65535\./),
    ]);
  });

  it('still reads the next file after a file that is not valid YAML', () => {
    const found = problems(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx\n   ports: ["80:80"]\n',
        'compose.prod.yaml': 'services:\n  web: {ports: [70000]}\n',
      },
      ['compose.yaml', 'compose.prod.yaml'],
    );
    expect(found).toEqual([expect.stringMatching(/^compose\.yaml:4:\d+: invalid YAML/), expect.stringMatching(/^compose\.prod\.yaml:2:17: services\.web\.ports\[0\]: 70000 must be <= 65535/)]);
  });
});

describe('unknown keys say what is true where they are', () => {
  it('offers x- for a custom key where Compose allows extensions', () => {
    const [found] = problems({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    owner_team: shop\n' });
    expect(found).toMatch(/services\.web\.owner_team: unknown key "owner_team"\. .*Custom keys must start with "x-"\.$/);
  });

  it('does not offer x- for an x- key inside a compose-x extension', () => {
    const [found] = problems({ 'compose.yaml': 'services:\n  web: {image: nginx}\nx-vpc:\n  VpcId: vpc-0abc\n  x-note: hi\n' });
    expect(found).toBe(
      'compose.yaml:5:3: x-vpc.x-note: unknown key "x-note". Valid keys here: VpcId, Subnets, AssignPublicIp, PrivateSubnets, NatGateways, Endpoints, Lookup, Properties. x-vpc is read by compose-x and takes only its own keys, no x- keys: remove "x-note", or move it to the top level of the file, where other x- keys are allowed.',
    );
    expect(found).not.toContain('Custom keys must start with');
  });

  it('does not offer x- for a key inside a compose-x extension, which takes no custom keys', () => {
    const [found] = problems({ 'compose.yaml': 'services:\n  web: {image: nginx}\nx-vpc:\n  VpcId: vpc-0abc\n  Region: eu-west-1\n' });
    expect(found).toBe('compose.yaml:5:3: x-vpc.Region: unknown key "Region". Valid keys here: VpcId, Subnets, AssignPublicIp, PrivateSubnets, NatGateways, Endpoints, Lookup, Properties.');
  });

  it('says which names a mapping of names takes', () => {
    const [found] = problems({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ulimits: {x-nofile: 10}\n' });
    expect(found).toBe('compose.yaml:4:15: services.web.ulimits.x-nofile: "x-nofile" is not a valid name here. Names here must match ^[a-z]+$.');
  });
});
