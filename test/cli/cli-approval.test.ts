import { lastLine } from '../helpers/cli.js';
import { StackSeed } from '../helpers/fake-cloudformation.js';
import { CASE_TIMEOUT, COMPOSE, renderedTemplate, runCase, STACK } from '../helpers/fake-run.js';
import { conforming, outputSchemas } from '../helpers/output-schemas.js';

/**
 * The approval of `up` through the built CLI against the fake CloudFormation: what the change
 * widens (permissions, ingress, public ports, listeners) is listed before the question, as
 * `cdk deploy` lists it; --require-approval decides when to ask; without a terminal a change
 * that widens access is refused (exit 1), one that widens nothing is deployed.
 */
const WITH_ENV = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      LOG_LEVEL: debug\n    ports:\n      - "80:80"\n';
const WITH_API = `${COMPOSE}  api:\n    image: nginx:1.27\n    ports:\n      - "8080:8080"\n`;
const deployed = (): StackSeed => new StackSeed(STACK, 'CREATE_COMPLETE', ['WebService'], renderedTemplate());

describe('up: approval of what widens access', () => {
  it('a first deployment widens everything it adds: listed, and refused without a terminal (exit 1), the change set deleted', async () => {
    const { result, fake } = await runCase({ name: '', args: ['up'], exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('This deployment widens access to proj:');
    expect(result.stdout).toMatch(/Security group ingress\n {2}\+ web: 80\/tcp from ApplicationLoadBalancerSecurityGroup\n/);
    expect(result.stdout).toMatch(/Public ports \(open to the internet\)\n {2}\+ ApplicationLoadBalancerSecurityGroup: 80\/tcp from world\n/);
    expect(result.stdout).toMatch(/Load balancer listeners\n {2}\+ ApplicationLoadBalancer: 80\/HTTP \(ApplicationLoadBalancerHttp80Listener\)\n/);
    expect(result.stdout).toMatch(/IAM permissions granted\n {2}\+ web \(WebExecutionRole\): logs:CreateLogStream on /);
    expect(lastLine(result.stdout)).toMatch(/^proj: nothing deployed: the changes above widen access and there is no terminal to approve them \(CI\)/);
    expect(fake.calls).toContain('DeleteChangeSet');
    expect(fake.calls).not.toContain('ExecuteChangeSet');
  }, CASE_TIMEOUT);

  it('CI set refuses it too; --yes and --require-approval never deploy it', async () => {
    const ci = await runCase({ name: '', args: ['up'], env: (env) => ({ ...env, CI: 'true' }), exit: 1, last: /./ });
    expect(ci.result.status).toBe(1);
    for (const args of [['up', '--yes'], ['up', '--require-approval', 'never']]) {
      const { result } = await runCase({ name: '', args, exit: 0, last: /./ });
      expect(result.status).toBe(0);
      expect(lastLine(result.stdout)).toBe('proj: CREATE_COMPLETE');
    }
  }, 3 * CASE_TIMEOUT);

  it('an update that only changes an environment variable widens nothing: deployed without a question', async () => {
    const { result, fake } = await runCase({ name: '', args: ['up'], seed: deployed(), compose: WITH_ENV, exit: 0, last: /./ });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('widens access');
    expect(lastLine(result.stdout)).toBe('proj: UPDATE_COMPLETE');
    expect(fake.calls).toContain('GetTemplate');
  }, CASE_TIMEOUT);

  it('an update that adds a service lists only what it adds, against the deployed template', async () => {
    const { result } = await runCase({ name: '', args: ['up'], seed: deployed(), compose: WITH_API, exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Public ports \(open to the internet\)\n {2}\+ ApplicationLoadBalancerSecurityGroup: 8080\/tcp from world\n/);
    expect(result.stdout).toMatch(/\+ api: 8080\/tcp from ApplicationLoadBalancerSecurityGroup\n/);
    expect(result.stdout).not.toMatch(/\+ web: 80\/tcp|: 80\/HTTP/);
  }, CASE_TIMEOUT);

  it('at a terminal, the list comes before the question; any-change asks even when nothing widens', async () => {
    const asked = await runCase({ name: '', args: ['up'], answer: 'y\r', exit: 0, last: /./ });
    expect(asked.result.status).toBe(0);
    expect(asked.result.stdout.indexOf('widens access')).toBeLessThan(asked.result.stdout.indexOf('[y/N]'));
    const anyChange = await runCase({ name: '', args: ['up', '--require-approval', 'any-change'], seed: deployed(), compose: WITH_ENV, answer: 'n\r', exit: 1, last: /./ });
    expect(anyChange.result.status).toBe(1);
    expect(anyChange.result.stdout).not.toContain('widens access');
    expect(lastLine(anyChange.result.stdout)).toBe('proj: nothing deployed (declined); the change set was deleted.');
  }, 2 * CASE_TIMEOUT);

  it('--json: the broadening line and the refused verdict conform to schemas/output/up.json', async () => {
    const schemas = outputSchemas();
    const { result } = await runCase({ name: '', args: ['up', '--json'], exit: 1, last: /./ });
    expect(result.status).toBe(1);
    const all = result.stdout.trimEnd().split('\n').map((line) => conforming(schemas.up, JSON.parse(line)));
    const widening = all.find((line) => line['kind'] === 'broadening');
    expect(widening).toMatchObject({ broadening: { publicPorts: [{ service: 'ApplicationLoadBalancerSecurityGroup', port: '80', protocol: 'tcp', from: 'world' }] } });
    expect(all.at(-1)).toMatchObject({ kind: 'verdict', outcome: 'refused', ok: false, exitCode: 1 });
  }, CASE_TIMEOUT);
});
