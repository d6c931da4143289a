import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

describe('validate on a project over a CloudFormation quota', () => {
  it('checks the root and every nested stack that up would deploy, and passes', () => {
    const services = Array.from({ length: 120 }, (_, i) => `  svc${i}:\n    image: nginx:1.27\n    expose: ["8080"]\n`).join('');
    const run = cli(['validate'], tmpProject({ 'docker-compose.yml': `services:\n${services}` }));
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^proj: valid \(120 services from 1 file; \d+ resources in \d+ templates \(a root and nested stacks\) pass the CloudFormation specification check and the ECS rules\)\n$/);
    expect(run.status).toBe(0);
  });
});
