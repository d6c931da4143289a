import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

const COMPOSE = 'services:\n  web: {image: nginx, ports: ["80:80"]}\n  db: {image: postgres, expose: ["5432"]}\n';

describe('compose-x render', () => {
  it('writes <project>.yaml and <project>.params.json into cfn/', () => {
    const dir = tmpProject({ 'docker-compose.yml': COMPOSE }, 'myshop');
    const result = cli(['render', 'docker-compose.yml'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(dir, 'cfn')).sort()).toEqual(['myshop.params.json', 'myshop.review.md', 'myshop.yaml']);
    const yaml = readFileSync(path.join(dir, 'cfn', 'myshop.yaml'), 'utf8');
    expect(yaml).toContain('TaskDefinition: !Ref WebTaskDefinition');
    expect(yaml).toContain('!GetAtt WebSecurityGroup.GroupId');
    expect(JSON.parse(readFileSync(path.join(dir, 'cfn', 'myshop.params.json'), 'utf8'))).toEqual([]);
    expect(result.stdout).toContain(path.join('cfn', 'myshop.yaml'));
  });

  it('writes JSON with --format json into -d DIR', () => {
    const dir = tmpProject({ 'docker-compose.yml': COMPOSE }, 'p');
    expect(cli(['render', '-f', 'docker-compose.yml', '-d', 'out', '--format', 'json'], dir).status).toBe(0);
    const template = JSON.parse(readFileSync(path.join(dir, 'out', 'p.json'), 'utf8')) as { Resources: Record<string, unknown> };
    expect(Object.keys(template.Resources)).toContain('DbService');
  });

  it('is byte-for-byte stable across runs', () => {
    const dir = tmpProject({ 'docker-compose.yml': COMPOSE }, 'p');
    cli(['render', '-d', 'a'], dir);
    cli(['render', '-d', 'b'], dir);
    expect(readFileSync(path.join(dir, 'a', 'p.yaml'), 'utf8')).toBe(readFileSync(path.join(dir, 'b', 'p.yaml'), 'utf8'));
  });

  it('leaves the output directory as it was when the render fails', () => {
    const dir = tmpProject({ 'docker-compose.yml': COMPOSE, 'cfn/p.yaml': 'previous\n' }, 'p');
    writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web: {image: nginx, privileged: true}\n');
    const result = cli(['render'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/docker-compose\.yml:2:\d+: services\.web\.privileged: Fargate does not run privileged containers\./);
    expect(readdirSync(path.join(dir, 'cfn'))).toEqual(['p.yaml']);
    expect(readFileSync(path.join(dir, 'cfn', 'p.yaml'), 'utf8')).toBe('previous\n');
  });

  it('creates no output directory when the render fails', () => {
    const dir = tmpProject({ 'docker-compose.yml': 'services:\n  web: {build: .}\n' }, 'p');
    expect(cli(['render'], dir).status).toBe(2);
    expect(existsSync(path.join(dir, 'cfn'))).toBe(false);
  });

  it('reports every key ECS cannot honour, each with its place', () => {
    const dir = tmpProject({ 'docker-compose.yml': 'services:\n  web:\n    image: w\n    privileged: true\n    devices: ["/dev/x:/dev/x"]\n' }, 'p');
    const result = cli(['render'], dir);
    expect(result.status).toBe(2);
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/:4:\d+: services\.web\.privileged: /);
    expect(errors[1]).toMatch(/:5:\d+: services\.web\.devices: /);
  });
});

describe('compose-x validate', () => {
  it('checks parser, renderer and specification without writing anything', () => {
    const dir = tmpProject({ 'docker-compose.yml': COMPOSE }, 'p');
    const result = cli(['validate'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^p: valid \(2 services from 1 file; \d+ resources pass the CloudFormation specification check and the ECS rules\)$/m);
    expect(readdirSync(dir)).toEqual(['docker-compose.yml']);
  });
});
