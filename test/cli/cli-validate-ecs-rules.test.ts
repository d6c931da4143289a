import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** `validate` runs the ECS rules on every template it checks: a render ECS would refuse exits 2 and names each finding. */
describe('validate with a render that breaks an ECS rule', () => {
  // Docker lets a non-root user bind a port under 1024 (it sets net.ipv4.ip_unprivileged_port_start=0);
  // a Fargate task does not, so this compose file runs locally and fails on ECS.
  it('exits 2 on a non-root user on a port under 1024, naming the resource, the property, the problem and the fix', () => {
    const compose = ['services:', '  web:', '    image: nginx:1.27', '    user: "1000"', '    ports:', '      - "80:80"', ''].join('\n');
    const dir = tmpProject({ 'docker-compose.yml': compose });
    const run = cli(['validate'], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: ${dir}/docker-compose.yml: the rendered template has a problem that ECS refuses or fails on and the CloudFormation schema does not catch (docs/ecs-rules.md); ` +
        'change what each fix names, and if the compose file is right, it is a compose-x bug (please report it):\n' +
        '  WebTaskDefinition.Properties.ContainerDefinitions[0].PortMappings[0].ContainerPort: container "web" runs as user "1000", which cannot bind port 80 (under 1024) on Fargate; ' +
        'the process fails with "Permission denied". Listen on a port of 1024 or more, or run the container as root (compose: user). (rule privileged-port)\n',
    );
  });

  it('lists every finding, of every service', () => {
    const compose = ['services:', '  web:', '    image: nginx:1.27', '    user: "1000"', '    ports:', '      - "80:80"', '  api:', '    image: example/api:1', '    user: app', '    expose: ["443"]', ''].join('\n');
    const run = cli(['validate'], tmpProject({ 'docker-compose.yml': compose }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/the rendered template has 2 problems that ECS refuses or fails on/);
    const findings = run.stderr.split('\n').filter((line) => line.startsWith('  '));
    expect(findings).toEqual([
      expect.stringMatching(/^ {2}ApiTaskDefinition\.Properties\.ContainerDefinitions\[0\]\.PortMappings\[0\]\.ContainerPort: container "api" runs as user "app", which cannot bind port 443 .* \(rule privileged-port\)$/),
      expect.stringMatching(/^ {2}WebTaskDefinition\.Properties\.ContainerDefinitions\[0\]\.PortMappings\[0\]\.ContainerPort: container "web" runs as user "1000", which cannot bind port 80 .* \(rule privileged-port\)$/),
    ]);
  });

  it('checks each nested stack of a project over a quota on its own, and names its file', () => {
    const services = Array.from({ length: 120 }, (_, i) => `  svc${i}:\n    image: nginx:1.27\n    expose: ["8080"]\n`).join('');
    const broken = '    user: "1000"\n  web:\n    image: nginx:1.27\n    user: "1000"\n    expose: ["80"]\n';
    const run = cli(['validate'], tmpProject({ 'docker-compose.yml': `services:\n${services}${broken}` }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^ {2}proj\.[a-z0-9-]+\.json: WebTaskDefinition\.Properties\.ContainerDefinitions\[0\]\.PortMappings\[0\]\.ContainerPort: container "web" runs as user "1000".* \(rule privileged-port\)$/m);
  });
});
