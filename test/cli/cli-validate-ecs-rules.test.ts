import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** `validate` runs the ECS rules on every template it checks: a render ECS would refuse exits 2 and names each finding. */
describe('validate with a render that breaks an ECS rule', () => {
  it('exits 2 on a memory limit below its reservation, naming the resource, the property, the problem and the fix', () => {
    const compose = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          memory: 256M',
      '        reservations:',
      '          memory: 512M',
      '',
    ].join('\n');
    const dir = tmpProject({ 'docker-compose.yml': compose });
    const run = cli(['validate'], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: ${dir}/docker-compose.yml: the rendered template has a problem that ECS refuses or fails on and the CloudFormation schema does not catch (docs/ecs-rules.md); ` +
        'change what each fix names, and if the compose file is right, it is a compose-x bug (please report it):\n' +
        '  WebTaskDefinition.Properties.ContainerDefinitions[0].Memory: container "web" has a Memory limit of 256 MiB, below its MemoryReservation of 512 MiB; ECS refuses the task definition. ' +
        'Raise Memory to at least MemoryReservation, or lower the reservation (compose: deploy.resources.limits.memory >= deploy.resources.reservations.memory). (rule memory-reservation)\n',
    );
  });

  it('lists every finding: a port name in upper case, Service Connect access logs without proxy logs', () => {
    const compose = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    ports:',
      '      - name: Web-HTTP',
      '        target: 8080',
      '        published: "8080"',
      'x-serviceconnect:',
      '  Logs: false',
      '  AccessLogs:',
      '    Format: TEXT',
      '',
    ].join('\n');
    const run = cli(['validate'], tmpProject({ 'docker-compose.yml': compose }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/the rendered template has 2 problems that ECS refuses or fails on/);
    const findings = run.stderr.split('\n').filter((line) => line.startsWith('  '));
    expect(findings).toEqual([
      expect.stringMatching(/^ {2}WebTaskDefinition\.Properties\.ContainerDefinitions\[0\]\.PortMappings\[0\]\.Name: the port name "Web-HTTP" has characters other than .* \(e\.g\. "web-http"\)\. \(rule port-mapping-name\)$/),
      expect.stringMatching(/^ {2}WebService\.Properties\.ServiceConnectConfiguration\.AccessLogConfiguration: Service Connect access logs are set without a LogConfiguration .* \(rule service-connect-access-logs\)$/),
    ]);
  });

  it('checks each nested stack of a project over a quota on its own, and names its file', () => {
    const services = Array.from({ length: 120 }, (_, i) => `  svc${i}:\n    image: nginx:1.27\n    expose: ["8080"]\n`).join('');
    const broken = '    deploy:\n      resources:\n        limits: { memory: 256M }\n        reservations: { memory: 512M }\n';
    const run = cli(['validate'], tmpProject({ 'docker-compose.yml': `services:\n${services}${broken}` }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^ {2}proj\.[a-z0-9-]+\.json: Svc119TaskDefinition\.Properties\.ContainerDefinitions\[0\]\.Memory: container "svc119" has a Memory limit of 256 MiB.* \(rule memory-reservation\)$/m);
  });
});
