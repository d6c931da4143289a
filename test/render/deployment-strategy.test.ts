import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkEcsRules } from '../../src/render/ecs-rules/index.js';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { broadening } from '../../src/review/rendered-diff/broadening.js';
import { diffRenders } from '../../src/review/rendered-diff/diff.js';
import { renderDiffText } from '../../src/review/rendered-diff/text.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { cli } from '../helpers/cli.js';
import { renderText } from '../helpers/render-project.js';
import { tmpProject } from '../helpers/tmp-project.js';

type Json = Record<string, any>;

/** A web app behind the project's load balancer and an API it calls through Service Connect, each with its own x-deployment lines. */
function compose(web: string[], api: string[] = []): string {
  return [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports: ["80:80"]',
    '    depends_on: [api]',
    ...(web.length > 0 ? ['    x-deployment:', ...web.map((l) => `      ${l}`)] : []),
    '  api:',
    '    image: example/api:1',
    '    expose: ["8080"]',
    ...(api.length > 0 ? ['    x-deployment:', ...api.map((l) => `      ${l}`)] : []),
    '',
  ].join('\n');
}

const renders: Record<string, ReturnType<typeof renderText>> = {};
function render(name: string, text: string): Json {
  renders[name] = renderText(text, name);
  return renders[name].template.toJSON()['Resources'] as Json;
}

describe('x-deployment rendered', () => {
  it('keeps rolling updates (update_config) without it, and adds only alarms to a ROLLING one', () => {
    const r = render('rolling', compose(['Strategy: ROLLING', 'Alarms: [web-5xx]']));
    expect(r['WebService'].Properties.DeploymentConfiguration).toEqual({
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { AlarmNames: ['web-5xx'], Enable: true, Rollback: true },
    });
    expect(r['ApiService'].Properties.DeploymentConfiguration).toEqual({ MinimumHealthyPercent: 100, MaximumPercent: 200, DeploymentCircuitBreaker: { Enable: true, Rollback: true } });
    expect(r['WebAlternateTargetGroup']).toBeUndefined();
    expect(r['EcsInfrastructureRole']).toBeUndefined();
  });

  it('CANARY behind the load balancer: an alternate target group, the listener rule forwarding to both (0 to the new), the infrastructure role', () => {
    const r = render('canary', compose(['Strategy: CANARY', 'CanaryPercent: 10.3', 'CanaryBakeTime: 5m', 'BakeTime: 1h', 'Alarms: [web-5xx, web-latency]']));
    const service = r['WebService'].Properties;
    expect(service.DeploymentConfiguration).toEqual({
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Strategy: 'CANARY',
      BakeTimeInMinutes: 60,
      CanaryConfiguration: { CanaryPercent: 10.3, CanaryBakeTimeInMinutes: 5 },
      Alarms: { AlarmNames: ['web-5xx', 'web-latency'], Enable: true, Rollback: true },
    });
    expect(service.LoadBalancers).toEqual([
      {
        ContainerName: 'web',
        ContainerPort: 80,
        TargetGroupArn: { Ref: 'WebTargetGroup' },
        AdvancedConfiguration: { AlternateTargetGroupArn: { Ref: 'WebAlternateTargetGroup' }, ProductionListenerRule: { Ref: 'WebListenerRule' }, RoleArn: { 'Fn::GetAtt': ['EcsInfrastructureRole', 'Arn'] } },
      },
    ]);
    expect(r['WebAlternateTargetGroup'].Properties).toEqual(r['WebTargetGroup'].Properties);
    expect(r['WebListenerRule'].Properties.Actions).toEqual([
      { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: 'WebTargetGroup' }, Weight: 1 }, { TargetGroupArn: { Ref: 'WebAlternateTargetGroup' }, Weight: 0 }] } },
    ]);
    expect(r['EcsInfrastructureRole'].Properties).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers' }],
    });
    expect(r['EcsInfrastructureRole'].Properties.Policies).toBeUndefined();
  });

  it('BLUE_GREEN takes ECS-like defaults: a bake time of 5 minutes', () => {
    const r = render('bluegreen', compose(['Strategy: BLUE_GREEN']));
    expect(r['WebService'].Properties.DeploymentConfiguration).toMatchObject({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 5 });
    expect(r['WebService'].Properties.DeploymentConfiguration.Alarms).toBeUndefined();
  });

  it('LINEAR of a Service Connect server: its steps, and the test traffic header on each client alias; no load balancer resources', () => {
    const r = render('linear', compose([], ['Strategy: LINEAR', 'StepPercent: 25', 'StepBakeTime: 2', 'TestTraffic: {Header: x-canary, Value: api}']));
    const service = r['ApiService'].Properties;
    expect(service.DeploymentConfiguration).toMatchObject({ Strategy: 'LINEAR', BakeTimeInMinutes: 5, LinearConfiguration: { StepPercent: 25, StepBakeTimeInMinutes: 2 } });
    expect(service.ServiceConnectConfiguration.Services.flatMap((s: Json) => s.ClientAliases)).toEqual([
      { DnsName: 'api', Port: 8080, TestTrafficRules: { Header: { Name: 'x-canary', Value: { Exact: 'api' } } } },
    ]);
    expect(service.LoadBalancers).toBeUndefined();
    expect(r['EcsInfrastructureRole']).toBeUndefined();
  });

  it('pass the offline specification check and the ECS rules, each render', async () => {
    for (const rendered of Object.values(renders)) {
      expect(await checkTemplate(rendered.template.toJSON())).toEqual([]);
      expect(checkEcsRules(rendered.template.toJSON())).toEqual([]);
    }
  });

  it('are known to the bundled specification, which refuses a misspelled or mistyped one', async () => {
    const template = renders['canary']!.template.toJSON() as Json;
    const web = template['Resources']['WebService'].Properties;
    const broken = {
      ...template,
      Resources: {
        ...template['Resources'],
        WebService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            ...web,
            DeploymentConfiguration: { ...web.DeploymentConfiguration, CanaryConfiguration: { CanaryPercent: 'ten' } },
            LoadBalancers: [{ ...web.LoadBalancers[0], AdvancedConfiguration: { ...web.LoadBalancers[0].AdvancedConfiguration, AlternateTargetGroup: 'x' } }],
          },
        },
      },
    };
    const problems = await checkTemplate(broken);
    expect(problems).toEqual([expect.stringContaining('CanaryPercent'), expect.stringContaining('AlternateTargetGroup')]);
  });

  (cfnLintAvailable() ? it : it.skip)('pass cfn-lint, each render', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'compose-x-lint-'));
    const files = Object.entries(renders).map(([name, rendered]) => {
      const file = path.join(out, `${name}.yaml`);
      writeFileSync(file, renderedFiles(name, rendered, 'yaml')[`${name}.yaml`]!);
      return file;
    });
    expect(runCfnLint(files)).toEqual({ errors: [], warnings: [] });
  }, 300_000);
});

describe('the review and diff --rendered', () => {
  it('lists each service deployment when one is more than a plain rolling update', () => {
    const { review } = renderText(compose(['Strategy: CANARY', 'CanaryPercent: 10', 'CanaryBakeTime: 5', 'Alarms: [web-5xx]'], ['Strategy: LINEAR', 'TestTraffic: {Header: x-canary, Value: api}']));
    expect(review).toContain(
      [
        '## Deployments',
        '',
        '| Service | Strategy | Traffic shifts on | Bake time | Alarms (roll back) | Test traffic |',
        '| --- | --- | --- | --- | --- | --- |',
        '| api | LINEAR 10% every 6 min | Service Connect | 5 min | none | `x-canary: api` |',
        '| web | CANARY 10% 5 min | load balancer (role EcsInfrastructureRole), Service Connect | 5 min | `web-5xx` | - |',
      ].join('\n'),
    );
    expect(renderText(compose([])).review).not.toContain('## Deployments');
  });

  it('shows a change of strategy as one line per service', () => {
    const files = (text: string): Record<string, string> => {
      const rendered = renderText(text, 'p');
      return renderedFiles('p', rendered, 'yaml');
    };
    const diff = diffRenders(files(compose([])), files(compose(['Strategy: CANARY', 'CanaryPercent: 10', 'CanaryBakeTime: 5m'])));
    expect(diff.deployments).toEqual([{ service: 'web', from: 'ROLLING 100-200%', to: 'CANARY 10% 5 min, bake 5 min' }]);
    expect(renderDiffText(diff)).toContain('Deployments\n  ~ web: deployment ROLLING 100-200% -> CANARY 10% 5 min, bake 5 min\n');
  });

  it("lists the infrastructure role's managed policy as a permission granted, which the approval of up asks about", () => {
    const files = (text: string): Record<string, string> => renderedFiles('p', renderText(text, 'p'), 'yaml');
    const [rolling, canary] = [files(compose([])), files(compose(['Strategy: CANARY']))];
    const policy = { role: 'EcsInfrastructureRole', action: 'managed policy', resource: 'arn:${AWS::Partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers' };
    expect(diffRenders(rolling, canary).permissionsGranted).toEqual([policy]);
    expect(broadening(rolling, canary).permissions).toEqual([policy]);
    expect(diffRenders(canary, rolling).permissionsRevoked).toEqual([policy]);
  });
});

describe('a strategy without what it needs, through the CLI', () => {
  /** Renders a project; the error line (exit 2), with the compose file's name shortened to `compose.yml`. */
  function refused(text: string, extra: Record<string, string> = {}): string {
    const dir = tmpProject({ 'docker-compose.yml': text, ...extra });
    const run = cli(['render', '-d', path.join(dir, 'out')], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    return run.stderr.replaceAll(`${dir}/docker-compose.yml`, 'compose.yml').trim();
  }
  const worker = (lines: string[], extra: string[] = []): string =>
    ['services:', '  worker:', '    image: example/worker:1', ...extra, '    x-deployment:', ...lines.map((l) => `      ${l}`), ''].join('\n');

  it('no load balancer and no Service Connect', () => {
    expect(refused(worker(['Strategy: CANARY']))).toBe(
      'error: compose.yml:5:17: services.worker.x-deployment.Strategy: x-deployment.Strategy CANARY shifts traffic on a load balancer or Service Connect, and "worker" has neither: ' +
        "no published HTTP port behind the project's load balancer, no Service Connect port. Publish its HTTP port (ports: with the project's load balancer), make it a Service Connect server (x-serviceconnect), or use Strategy: ROLLING.",
    );
  });

  it('a port on the Network Load Balancer', () => {
    expect(refused(worker(['Strategy: LINEAR'], ['    ports: ["1883:1883"]']))).toMatch(
      /^error: compose\.yml:6:17: services\.worker\.x-deployment\.Strategy: x-deployment\.Strategy LINEAR needs the traffic of "worker" on the Application Load Balancer or Service Connect, and it publishes TCP or UDP ports on the Network Load Balancer, where compose-x renders no traffic shift\. Use Strategy: ROLLING/,
    );
  });

  it('Cloud Map DNS only', () => {
    const text = ['x-serviceconnect: false', 'x-cloudmap: {Namespace: app.internal}', worker(['Strategy: BLUE_GREEN'], ['    expose: ["9000"]', '    x-cloudmap: {Name: worker}'])].join('\n');
    expect(refused(text)).toMatch(/^error: compose\.yml:\d+:\d+: services\.worker\.x-deployment\.Strategy: .*reached through Cloud Map DNS, whose answers ECS does not shift\. Make it a Service Connect server \(x-serviceconnect\) instead of x-cloudmap/);
  });

  it('test traffic off Service Connect, a setting of another strategy, a bake time in seconds', () => {
    const web = (lines: string[]): string => ['services:', '  web:', '    image: nginx:1.27', '    ports: ["80:80"]', '    x-deployment:', ...lines.map((l) => `      ${l}`), ''].join('\n');
    expect(refused(web(['Strategy: CANARY', 'TestTraffic: {Header: x-canary, Value: "1"}']))).toMatch(
      /^error: compose\.yml:7:\d+: services\.web\.x-deployment\.TestTraffic: x-deployment\.TestTraffic routes Service Connect requests by header, and "web" is not a Service Connect server\./,
    );
    expect(refused(web(['Strategy: CANARY', 'StepPercent: 20']))).toMatch(/^error: compose\.yml:7:\d+: services\.web\.x-deployment\.StepPercent: x-deployment\.StepPercent is a setting of LINEAR, and "web" deploys with CANARY\. Remove StepPercent, or set Strategy: LINEAR\.$/);
    expect(refused(web(['Strategy: CANARY', 'CanaryPercent: 2.25']))).toMatch(/^error: compose\.yml:7:\d+: services\.web\.x-deployment\.CanaryPercent: x-deployment\.CanaryPercent 2\.25 is not a multiple of 0\.1, as ECS takes a share of traffic\. Round it to one decimal \(2\.3\)\.$/);
    expect(refused(web(['Strategy: BLUE_GREEN', 'BakeTime: 90s']))).toMatch(/^error: compose\.yml:7:\d+: services\.web\.x-deployment\.BakeTime: x-deployment\.BakeTime "90s" is not a whole number of minutes/);
  });
});

describe('the ECS rules of deployment strategies', () => {
  const service = (config: Json, extra: Json = {}): Json => ({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { Service: { Type: 'AWS::ECS::Service', Properties: { DeploymentConfiguration: config, ...extra } } },
  });
  const found = (t: Json): string[] => checkEcsRules(t).map((f) => `${f.rule} ${f.resource}.${f.path}`);
  const balancer = (advanced?: Json): Json => ({ LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: { Ref: 'Tg' }, ...(advanced ? { AdvancedConfiguration: advanced } : {}) }] });
  const ADVANCED = { AlternateTargetGroupArn: { Ref: 'Alt' }, ProductionListenerRule: { Ref: 'Rule' }, RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] } };

  it.each([
    ['a CANARY service with neither a load balancer nor Service Connect', service({ Strategy: 'CANARY', BakeTimeInMinutes: 5 }), ['deployment-traffic-shift Service.Properties.DeploymentConfiguration.Strategy']],
    ['a load balancer without AdvancedConfiguration', service({ Strategy: 'LINEAR', BakeTimeInMinutes: 5 }, balancer()), ['deployment-traffic-shift Service.Properties.LoadBalancers[0]']],
    ['an AdvancedConfiguration without the role', service({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 5 }, balancer({ ...ADVANCED, RoleArn: undefined })), ['deployment-traffic-shift Service.Properties.LoadBalancers[0].AdvancedConfiguration']],
    ['the alternate target group is the own one', service({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 5 }, balancer({ ...ADVANCED, AlternateTargetGroupArn: { Ref: 'Tg' } })), ['deployment-traffic-shift Service.Properties.LoadBalancers[0].AdvancedConfiguration']],
    ['passes: an AdvancedConfiguration with all three', service({ Strategy: 'CANARY', BakeTimeInMinutes: 5 }, balancer(ADVANCED)), []],
    ['passes: a LINEAR Service Connect server', service({ Strategy: 'LINEAR', BakeTimeInMinutes: 5 }, { ServiceConnectConfiguration: { Enabled: true, Services: [{ PortName: 'api' }] } }), []],
    ['BLUE_GREEN without a bake time', service({ Strategy: 'BLUE_GREEN' }, balancer(ADVANCED)), ['deployment-strategy-settings Service.Properties.DeploymentConfiguration.BakeTimeInMinutes']],
    ['a CanaryConfiguration of a LINEAR service', service({ Strategy: 'LINEAR', BakeTimeInMinutes: 5, CanaryConfiguration: { CanaryPercent: 5 } }, balancer(ADVANCED)), ['deployment-strategy-settings Service.Properties.DeploymentConfiguration.CanaryConfiguration']],
    ['a LinearConfiguration of a rolling service', service({ LinearConfiguration: { StepPercent: 5 } }), ['deployment-strategy-settings Service.Properties.DeploymentConfiguration.LinearConfiguration']],
    // 1440 + 24 * 33 = 2232 minutes: 33 steps of 3% (100 / 3 is not whole, so its floor).
    ['a LINEAR deployment over 33 hours', service({ Strategy: 'LINEAR', BakeTimeInMinutes: 1440, LinearConfiguration: { StepPercent: 3, StepBakeTimeInMinutes: 24 } }, balancer(ADVANCED)), ['deployment-strategy-settings Service.Properties.DeploymentConfiguration.Strategy']],
    // 4 steps of 20% (100 / 20 is whole, so one less): 1500 + 120 * 4 = 1980, exactly 33 hours.
    ['passes: a LINEAR deployment of exactly 33 hours', service({ Strategy: 'LINEAR', BakeTimeInMinutes: 1500, LinearConfiguration: { StepPercent: 20, StepBakeTimeInMinutes: 120 } }, balancer(ADVANCED)), []],
    ['a CANARY deployment over 33 hours', service({ Strategy: 'CANARY', BakeTimeInMinutes: 1440, CanaryConfiguration: { CanaryPercent: 5, CanaryBakeTimeInMinutes: 600 } }, balancer(ADVANCED)), ['deployment-strategy-settings Service.Properties.DeploymentConfiguration.Strategy']],
  ])('%s', (_name, t, want) => {
    expect(found(t)).toEqual(want);
  });
});
