import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { templateYaml } from '../../src/render/index.js';
import { expressionProblem } from '../../src/render/schedule/expression.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { parseErrorOf } from '../helpers/parse-error.js';
import { renderText } from '../helpers/render-project.js';

type Json = Record<string, any>;

const JOB = [
  'services:',
  '  web:',
  '    image: nginx',
  '  report:',
  '    image: report',
  '    command: ["python", "report.py"]',
  '    depends_on: [web]',
  '    x-schedule:',
  '      Expression: cron(0 3 * * ? *)',
  '      Timezone: Europe/Paris',
  '      FlexibleWindow: 15',
  '',
].join('\n');

const resources = (compose: string): Json => renderText(compose).template.toJSON()['Resources'] as Json;

describe('x-schedule', () => {
  const r = resources(JOB);

  it('makes the job an EventBridge Scheduler schedule, not an ECS service', () => {
    expect(r).not.toHaveProperty('ReportService');
    expect(r['WebService'].Type).toBe('AWS::ECS::Service');
    const schedule = r['ReportSchedule'];
    expect(schedule.Type).toBe('AWS::Scheduler::Schedule');
    expect(schedule.DependsOn).toContain('WebService');
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    });
  });

  it("runs one task of its task definition on the cluster, with a service's network", () => {
    const target = r['ReportSchedule'].Properties.Target;
    expect(target.Arn).toEqual({ 'Fn::Sub': ['arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${Cluster}', { Cluster: { Ref: 'Cluster' } }] });
    expect(target.RoleArn).toEqual({ 'Fn::GetAtt': ['ReportSchedulerRole', 'Arn'] });
    const web = r['WebService'].Properties;
    expect(target.EcsParameters).toEqual({
      TaskDefinitionArn: { Ref: 'ReportTaskDefinition' },
      TaskCount: 1,
      CapacityProviderStrategy: web.CapacityProviderStrategy,
      PlatformVersion: 'LATEST',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          ...web.NetworkConfiguration.AwsvpcConfiguration,
          SecurityGroups: [{ 'Fn::GetAtt': ['ReportSecurityGroup', 'GroupId'] }],
        },
      },
      Group: 'compose-x:report',
    });
  });

  it('gives the scheduler a role that may run that family in that cluster, and pass its two roles only', () => {
    const role = r['ReportSchedulerRole'].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const [run, pass] = role.Policies[0].PolicyDocument.Statement;
    expect(run).toEqual({
      Sid: 'RunTask',
      Effect: 'Allow',
      Action: 'ecs:RunTask',
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/proj-report:*' },
      Condition: { ArnEquals: { 'ecs:cluster': r['ReportSchedule'].Properties.Target.Arn } },
    });
    expect(pass).toEqual({
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: [{ 'Fn::GetAtt': ['ReportExecutionRole', 'Arn'] }, { 'Fn::GetAtt': ['ReportTaskRole', 'Arn'] }],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
    expect(JSON.stringify(role)).not.toContain('"*"');
  });

  it('outputs the schedule in place of a service name', () => {
    const outputs = renderText(JOB).template.toJSON()['Outputs'] as Json;
    expect(outputs['ReportScheduleName']).toEqual({ Description: 'The EventBridge Scheduler schedule of the job report.', Value: { Ref: 'ReportSchedule' } });
    expect(outputs['ReportScheduleExpression']).toEqual({ Description: 'When the job report runs.', Value: 'cron(0 3 * * ? *)' });
    expect(outputs).not.toHaveProperty('ReportServiceName');
  });

  it('takes the short form, a disabled schedule, and a service that depends on the job', () => {
    const s = resources('services:\n  job:\n    image: j\n    x-schedule: rate(1 hour)\n  web:\n    image: w\n    depends_on: [job]\n');
    expect(s['JobSchedule'].Properties).toMatchObject({ ScheduleExpression: 'rate(1 hour)', State: 'ENABLED', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(s['WebService'].DependsOn ?? []).not.toContain('JobService');
    const off = resources('services:\n  job:\n    image: j\n    x-schedule: {Expression: rate(2 days), Enabled: false}\n');
    expect(off['JobSchedule'].Properties.State).toBe('DISABLED');
  });

  it('runs the job with ECS Exec when it has x-exec', () => {
    const e = resources('services:\n  job:\n    image: j\n    x-exec: true\n    x-schedule: rate(1 hour)\n');
    expect(e['JobSchedule'].Properties.Target.EcsParameters.EnableExecuteCommand).toBe(true);
    expect(e['JobTaskRole'].Properties.Policies[0].PolicyDocument.Statement[0].Sid).toBe('ExecSessions');
  });

  it.each([
    ['cron(0 3 * * *)', 'six'],
    ['cron(0 3 * * * *)', '"?"'],
    ['cron(0 3 ? * ? *)', '"?"'],
    ['rate(1 hours)', 'singular'],
    ['rate(5 minute)', 'plural'],
    ['rate(0 minutes)', 'never'],
    ['rate(5 weeks)', 'not a rate'],
  ])('refuses %s', (expression, said) => {
    expect(expressionProblem(expression)?.message).toContain(said);
  });

  it.each(['cron(0 3 * * ? *)', 'cron(0/15 * ? * MON-FRI *)', 'rate(1 minute)', 'rate(15 minutes)', 'rate(1 day)'])('takes %s', (expression) => {
    expect(expressionProblem(expression)).toBeUndefined();
  });

  it('refuses a wrong expression at its line, with the six-field form', () => {
    const error = parseErrorOf(() => renderText('services:\n  job:\n    image: j\n    x-schedule:\n      Expression: cron(0 3 * * *)\n'));
    expect(error.code).toBe('E_SCHEDULE_EXPRESSION');
    expect(error.path).toEqual(['services', 'job', 'x-schedule', 'Expression']);
    expect(error.position?.line).toBe(5);
    expect(error.hint).toContain('cron(0 3 * * ? *)');
  });

  it('refuses a job behind the load balancer', () => {
    const error = parseErrorOf(() => renderText('services:\n  job:\n    image: j\n    ports: ["80:80"]\n    x-schedule: rate(1 hour)\n'));
    expect(error.code).toBe('E_SCHEDULE_SERVICE');
    expect(error.position?.line).toBe(5);
  });

  it('leaves the job out of Service Connect, and warns when it depends on a member', () => {
    const sc = renderText('services:\n  api:\n    image: a\n    expose: ["8080"]\n  job:\n    image: j\n    expose: ["9000"]\n    depends_on: [api]\n    x-schedule: rate(1 hour)\n');
    const res = sc.template.toJSON()['Resources'] as Json;
    expect(res['ApiService'].Properties).toHaveProperty('ServiceConnectConfiguration');
    expect(res['JobSchedule'].Type).toBe('AWS::Scheduler::Schedule');
    expect(sc.warnings.find((w) => w.code === 'W_SCHEDULE_SERVICE_CONNECT')?.message).toContain('Service Connect names of api');
  });

  it('refuses a job registered in Cloud Map', () => {
    expect(parseErrorOf(() => renderText('x-cloudmap: {}\nservices:\n  job:\n    image: j\n    expose: ["80"]\n    x-cloudmap: {Name: job}\n    x-schedule: rate(1 hour)\n')).code).toBe('E_SCHEDULE_SERVICE');
  });

  it('passes the offline specification check', async () => {
    expect(await checkTemplate(renderText(JOB).template.toJSON())).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-schedule-')), 'schedule.yaml');
    writeFileSync(file, templateYaml(renderText(JOB).template));
    expect(runCfnLint([file]).errors).toEqual([]);
  }, 300_000);
});
