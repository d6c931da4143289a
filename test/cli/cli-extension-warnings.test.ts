import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** x- keys compose-x does not read are not dropped in silence: validate warns at the key, and still succeeds. */
describe('warnings about x- keys compose-x does not read', () => {
  const compose = [
    'x-defaults: &defaults {image: nginx}',
    'x-vcp:',
    '  VpcId: vpc-0abc',
    'x-rds:',
    '  orders: {Properties: {Engine: aurora-postgresql}}',
    'services:',
    '  web:',
    '    <<: *defaults',
    '    x-servicconnect: {}',
    '    x-monitoring:',
    '      CWAgentCollectEmf: true',
    '',
  ].join('\n');

  it('an ECS ComposeX extension names what is not created; a near miss of a compose-x key says "did you mean"', () => {
    const result = cli(['validate'], tmpProject({ 'compose.yaml': compose }));
    expect(result.status).toBe(0);
    const warnings = result.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toEqual([
      expect.stringMatching(/compose\.yaml:2:1: x-vcp: compose-x does not read x-vcp, so it is ignored\. Did you mean x-vpc\?$/),
      expect.stringMatching(/compose\.yaml:4:1: x-rds: ECS ComposeX would create RDS databases here; compose-x does not, so none is created and no service gets access to one\. Create them outside this stack/),
      expect.stringMatching(/compose\.yaml:9:5: services\.web\.x-servicconnect: compose-x does not read x-servicconnect, so it is ignored\. Did you mean x-serviceconnect\?$/),
      expect.stringMatching(/compose\.yaml:10:5: services\.web\.x-monitoring: ECS ComposeX would run the CloudWatch agent beside the service; compose-x does not, so no CloudWatch agent runs\./),
    ]);
    expect(result.stderr).not.toMatch(/x-defaults/);
  });

  it('config prints the model and no warning: it is the parser stage only, as docker compose config', () => {
    const result = cli(['config'], tmpProject({ 'compose.yaml': compose }));
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('x-rds:');
  });
});
