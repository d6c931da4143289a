import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Warning } from '../../src/parser/diagnostics.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { templateYaml } from '../../src/render/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { parseErrorOf } from '../helpers/parse-error.js';
import { renderText } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function render(compose: string): { resources: Resources; warnings: Warning[]; template: ReturnType<typeof renderText>['template'] } {
  const result = renderText(compose);
  return { resources: result.template.toJSON()['Resources'] as Resources, warnings: result.warnings, template: result.template };
}

const WEB = 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n';

const NATIVE = `${WEB}    deploy: {replicas: 2}
    x-autoscaling:
      Max: 10
      CpuTarget: 70
      MemoryTarget: 80
      RequestsPerTarget: 500
      ScaleInCooldown: 2m
      ScaleOutCooldown: 30
      DisableScaleIn: true
      Schedules:
        - {Schedule: "cron(0 8 ? * MON-FRI *)", Timezone: Europe/Paris, Min: 4, Max: 20}
        - {Name: night, Schedule: "cron(0 20 ? * * *)", Max: 6}
`;

describe('x-autoscaling', () => {
  const { resources, template } = render(NATIVE);

  it('registers the ECS service desired count, from deploy.replicas (Min) to Max, with its scheduled actions', () => {
    expect(resources['WebScalableTarget']).toEqual({
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        ServiceNamespace: 'ecs',
        ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: { 'Fn::Join': ['/', ['service', { Ref: 'Cluster' }, { 'Fn::GetAtt': ['WebService', 'Name'] }]] },
        MinCapacity: 2,
        MaxCapacity: 10,
        ScheduledActions: [
          { ScheduledActionName: 'web-schedule-1', Schedule: 'cron(0 8 ? * MON-FRI *)', Timezone: 'Europe/Paris', ScalableTargetAction: { MinCapacity: 4, MaxCapacity: 20 } },
          { ScheduledActionName: 'night', Schedule: 'cron(0 20 ? * * *)', ScalableTargetAction: { MaxCapacity: 6 } },
        ],
      },
    });
    expect(resources['WebScalableTarget']!.Properties).not.toHaveProperty('RoleARN');
  });

  it('tracks CPU, memory and the requests per target of its target group, with the cooldowns in seconds', () => {
    const policy = (id: string): Record<string, unknown> => resources[id]!.Properties;
    const common = { ScaleInCooldown: 120, ScaleOutCooldown: 30, DisableScaleIn: true };
    expect(policy('WebCpuScalingPolicy')).toEqual({
      PolicyName: 'web-cpu',
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: { Ref: 'WebScalableTarget' },
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ...common },
    });
    expect(policy('WebMemoryScalingPolicy')['TargetTrackingScalingPolicyConfiguration']).toMatchObject({ TargetValue: 80, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' } });
    expect(policy('WebRequestsScalingPolicy')['TargetTrackingScalingPolicyConfiguration']).toMatchObject({
      TargetValue: 500,
      PredefinedMetricSpecification: {
        PredefinedMetricType: 'ALBRequestCountPerTarget',
        ResourceLabel: { 'Fn::Join': ['/', [{ 'Fn::GetAtt': ['ApplicationLoadBalancer', 'LoadBalancerFullName'] }, { 'Fn::GetAtt': ['WebTargetGroup', 'TargetGroupFullName'] }]] },
      },
    });
  });

  it('leaves DesiredCount out of the ECS service, so that a deployment does not reset what scaling set', () => {
    expect(resources['WebService']!.Properties).not.toHaveProperty('DesiredCount');
  });

  it('keeps DesiredCount on a service that does not scale', () => {
    expect(render(`${WEB}    deploy: {replicas: 3}\n`).resources['WebService']!.Properties['DesiredCount']).toBe(3);
  });

  it('passes the offline specification check', async () => {
    expect(await checkTemplate(template.toJSON())).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-lint-')), 'proj.yaml');
    writeFileSync(file, templateYaml(template));
    expect(runCfnLint([file]).errors).toEqual([]);
  }, 300_000);
});

describe('the scaling forms of ECS ComposeX and Docker', () => {
  it("reads x-scaling's Range, TargetScaling and ScheduledActions, and names what it does not carry", () => {
    const { resources, warnings } = render(`${WEB}    x-scaling:
      Range: "1-8"
      TargetScaling: {CpuTarget: 60, RamTarget: 75, TgtTargetsCount: 100, ScaleInCooldown: 60, DisableScaleIn: false, Steps: []}
      ScheduledActions:
        - {Timezone: Europe/London, Schedule: "cron(45 2 ? * MON-FRI *)", ScheduledActionName: Scale.Up, ScalableTargetAction: {MinCapacity: 2, MaxCapacity: 4}, MacroParameters: {AddServiceName: true}}
`);
    expect(resources['WebScalableTarget']!.Properties).toMatchObject({
      MinCapacity: 1,
      MaxCapacity: 8,
      ScheduledActions: [{ ScheduledActionName: 'Scale.Up', Schedule: 'cron(45 2 ? * MON-FRI *)', Timezone: 'Europe/London', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 4 } }],
    });
    expect(resources['WebCpuScalingPolicy']!.Properties['TargetTrackingScalingPolicyConfiguration']).toEqual({ TargetValue: 60, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleInCooldown: 60 });
    expect(resources['WebMemoryScalingPolicy']!.Properties['TargetTrackingScalingPolicyConfiguration']).toMatchObject({ TargetValue: 75 });
    expect(resources['WebRequestsScalingPolicy']!.Properties['TargetTrackingScalingPolicyConfiguration']).toMatchObject({ TargetValue: 100 });
    expect(warnings.filter((w) => w.code === 'W_COMPOSEX_NOT_CARRIED').map((w) => w.path)).toEqual([
      ['services', 'web', 'x-scaling', 'TargetScaling', 'Steps'],
      ['services', 'web', 'x-scaling', 'ScheduledActions', 0, 'MacroParameters'],
    ]);
    expect(warnings.some((w) => w.code === 'W_COMPOSEX_EXTENSION')).toBe(false);
  });

  it("reads Docker's deploy.x-aws-autoscaling (min, max, cpu), and names a field it does not carry", () => {
    const { resources, warnings } = render(`${WEB}    deploy:\n      x-aws-autoscaling: {min: 2, max: 6, cpu: 75, step: 1}\n`);
    expect(resources['WebScalableTarget']!.Properties).toMatchObject({ MinCapacity: 2, MaxCapacity: 6 });
    expect(resources['WebCpuScalingPolicy']!.Properties['TargetTrackingScalingPolicyConfiguration']).toEqual({ TargetValue: 75, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } });
    expect(resources['WebService']!.Properties).not.toHaveProperty('DesiredCount');
    expect(warnings.filter((w) => w.code === 'W_DOCKER_NOT_CARRIED').map((w) => [w.path, w.message])).toEqual([
      [['services', 'web', 'deploy', 'x-aws-autoscaling', 'step'], "compose-x does not carry step of x-aws-autoscaling: Docker's form has min, max, cpu and mem."],
    ]);
  });

  it('says that a service scaling from Min starts there, not at a higher deploy.replicas', () => {
    const { warnings } = render(`${WEB}    deploy: {replicas: 3}\n    x-autoscaling: {Min: 1, Max: 5, CpuTarget: 50}\n`);
    expect(warnings.filter((w) => w.code === 'W_SCALING_START').map((w) => w.path)).toEqual([['services', 'web', 'deploy', 'replicas']]);
  });
});

describe('scaling errors, at the field as written', () => {
  const error = (compose: string): { code: string; line: number | undefined; path: unknown } => {
    const e = parseErrorOf(() => renderText(compose));
    return { code: e.code, line: e.position?.line, path: e.path };
  };

  it('refuses a minimum above the maximum', () => {
    expect(error(`${WEB}    x-autoscaling:\n      Min: 5\n      Max: 2\n`)).toEqual({ code: 'E_SCALING_RANGE', line: 6, path: ['services', 'web', 'x-autoscaling', 'Min'] });
    expect(error(`${WEB}    x-scaling:\n      Range: "9-3"\n`)).toEqual({ code: 'E_SCALING_RANGE', line: 6, path: ['services', 'web', 'x-scaling', 'Range'] });
  });

  it('refuses deploy.replicas outside the range', () => {
    expect(error(`${WEB}    deploy:\n      replicas: 12\n    x-autoscaling: {Min: 1, Max: 4}\n`)).toEqual({ code: 'E_SCALING_REPLICAS', line: 6, path: ['services', 'web', 'deploy', 'replicas'] });
  });

  it('refuses a utilization target above 100%', () => {
    expect(error(`${WEB}    x-scaling:\n      Range: "1-3"\n      TargetScaling:\n        CpuTarget: 150\n`)).toEqual({ code: 'E_SCALING_TARGET', line: 8, path: ['services', 'web', 'x-scaling', 'TargetScaling', 'CpuTarget'] });
  });

  it('refuses a schedule expression Application Auto Scaling does not read, and an unknown time zone', () => {
    expect(error(`${WEB}    x-autoscaling:\n      Max: 3\n      Schedules:\n        - Schedule: "every monday"\n          Min: 2\n`)).toEqual({ code: 'E_SCALING_SCHEDULE', line: 8, path: ['services', 'web', 'x-autoscaling', 'Schedules', 0, 'Schedule'] });
    expect(error(`${WEB}    x-autoscaling:\n      Max: 3\n      Schedules:\n        - Schedule: "rate(5 minutes)"\n          Timezone: Mars/Olympus\n          Min: 2\n`).code).toBe('E_SCALING_SCHEDULE');
  });

  it('refuses requests per target for a service without a published HTTP port behind the load balancer', () => {
    expect(error('services:\n  worker:\n    image: w\n    x-autoscaling:\n      Max: 3\n      RequestsPerTarget: 100\n')).toEqual({ code: 'E_SCALING_REQUESTS', line: 6, path: ['services', 'worker', 'x-autoscaling', 'RequestsPerTarget'] });
  });

  it('refuses two forms on one service', () => {
    expect(error(`${WEB}    x-autoscaling: {Max: 3}\n    x-scaling: {Range: "1-3"}\n`).code).toBe('E_SCALING_FORMS');
  });
});
