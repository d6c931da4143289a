import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateProject } from '../../bench/generate.js';
import { ParseErrors } from '../../src/parser/diagnostics.js';
import { renderedFiles } from '../../src/render/files.js';
import { templateYaml } from '../../src/render/template/template.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { parseErrorOf } from '../helpers/parse-error.js';
import { renderFile, renderText } from '../helpers/render-project.js';

/**
 * Issue 20, point 3: the escape hatch. x-cloudformation adds parameters, conditions, resources
 * and outputs and overrides rendered resources by logical ID and path; Docker's
 * x-aws-cloudformation is a partial template deep-merged into the render.
 */
type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; Condition?: string }>;

const APP = [
  'services:',
  '  web:',
  '    image: public.ecr.aws/nginx/nginx:1.27',
  '    ports: ["80:80"]',
  '  worker:',
  '    image: public.ecr.aws/docker/library/python:3.12-alpine',
  '    command: ["python", "-m", "worker"]',
].join('\n');

const OVERLAY = `${APP}
x-cloudformation:
  Parameters:
    Environment:
      Type: String
      AllowedValues: [staging, production]
      Default: staging
  Conditions:
    IsProduction:
      Fn::Equals: [{ Ref: Environment }, production]
  Resources:
    Uploads:
      Type: AWS::S3::Bucket
      DeletionPolicy: Retain
      UpdateReplacePolicy: Retain
      Properties:
        VersioningConfiguration: { Status: Enabled }
    UploadsAlarmTopic:
      Type: AWS::SNS::Topic
      Condition: IsProduction
  Outputs:
    UploadsBucket:
      Description: Where uploads go.
      Value: { Ref: Uploads }
  Overrides:
    WebService:
      Properties.DeploymentConfiguration.MinimumHealthyPercent: 50
      Properties.HealthCheckGracePeriodSeconds: 120
    WorkerTaskDefinition:
      Properties.ContainerDefinitions.0.StopTimeout: 90
    WorkerService:
      Properties.EnableECSManagedTags: null
`;

function errorsOf(run: () => unknown): ParseErrors {
  try {
    run();
  } catch (error) {
    if (error instanceof ParseErrors) return error;
    throw error;
  }
  throw new Error('expected several errors');
}

const resources = (r: { template: { toJSON(): Record<string, unknown> } }): Resources => r.template.toJSON()['Resources'] as Resources;

describe('x-cloudformation', () => {
  const plain = renderText(APP, 'overlay');
  const result = renderText(OVERLAY, 'overlay');
  const json = result.template.toJSON();

  it('adds its parameters, conditions, resources and outputs', () => {
    expect((json['Parameters'] as Record<string, unknown>)['Environment']).toEqual({ Type: 'String', AllowedValues: ['staging', 'production'], Default: 'staging' });
    expect(json['Conditions']).toEqual({ IsProduction: { 'Fn::Equals': [{ Ref: 'Environment' }, 'production'] } });
    expect(resources(result)['Uploads']).toEqual({
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    expect(resources(result)['UploadsAlarmTopic']?.Condition).toBe('IsProduction');
    expect((json['Outputs'] as Record<string, unknown>)['UploadsBucket']).toEqual({ Description: 'Where uploads go.', Value: { Ref: 'Uploads' } });
    expect(result.parameters['Environment']).toBe('staging');
  });

  it('overrides a rendered property at its path, and removes one set to null, leaving the rest as rendered', () => {
    const [before, after] = [resources(plain), resources(result)];
    const deployment = after['WebService']?.Properties['DeploymentConfiguration'] as Record<string, unknown>;
    expect(deployment['MinimumHealthyPercent']).toBe(50);
    expect(deployment['MaximumPercent']).toEqual((before['WebService']?.Properties['DeploymentConfiguration'] as Record<string, unknown>)['MaximumPercent']);
    expect(after['WebService']?.Properties['HealthCheckGracePeriodSeconds']).toBe(120);
    const containers = after['WorkerTaskDefinition']?.Properties['ContainerDefinitions'] as Record<string, unknown>[];
    expect(containers[0]?.['StopTimeout']).toBe(90);
    expect(before['WorkerService']?.Properties['EnableECSManagedTags']).toBe(true);
    expect(after['WorkerService']?.Properties).not.toHaveProperty('EnableECSManagedTags');
    const untouched = Object.keys(before).filter((id) => !['WebService', 'WorkerTaskDefinition', 'WorkerService'].includes(id));
    for (const id of untouched) expect(after[id]).toEqual(before[id]);
  });

  it('passes the offline specification check and cfn-lint', async () => {
    expect(await checkTemplate(json)).toEqual([]);
    if (!cfnLintAvailable()) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'compose-x-overlay-'));
    const file = path.join(dir, 'overlay.yaml');
    writeFileSync(file, templateYaml(result.template));
    const lint = runCfnLint([file]);
    expect(lint.errors).toEqual([]);
  });

  it('is listed in the review: what it added, and the paths it changed', () => {
    expect(result.review).toContain('## Overlay');
    expect(result.review).toContain('| `x-cloudformation` | `Resources.Uploads` | `AWS::S3::Bucket` | added |');
    expect(result.review).toContain('| `x-cloudformation` | `Parameters.Environment` |  | added |');
    expect(result.review).toContain(
      '| `x-cloudformation` | `Resources.WebService` | `AWS::ECS::Service` | changed: `Properties.DeploymentConfiguration.MinimumHealthyPercent`, `Properties.HealthCheckGracePeriodSeconds` |',
    );
    expect(plain.review).not.toContain('## Overlay');
  });

  it('refuses, in one run and each at its line, a logical ID the render uses, an unknown one and a path it cannot follow', () => {
    const error = errorsOf(() =>
      renderText(
        `${APP}
x-cloudformation:
  Resources:
    WebService:
      Type: AWS::S3::Bucket
  Overrides:
    WebServce:
      Properties.DesiredCount: 3
    WebTaskDefinition:
      Properties.ContainerDefinitions.Image: nginx
      Properties.ContainerDefinitions.4.Image: nginx
      Properties.Family.Name: x
`,
        'overlay',
      ),
    );
    const messages = error.errors.map((e) => e.describe());
    expect(messages).toEqual([
      expect.stringMatching(/docker-compose\.yml:11:7: x-cloudformation\.Resources\.WebService: the rendered template already has a resource WebService\. Change it under x-cloudformation\.Overrides\.WebService/),
      expect.stringMatching(/:14:\d+: x-cloudformation\.Overrides\.WebServce: the rendered template has no resource WebServce\. Did you mean WebService\?/),
      expect.stringMatching(/:16:\d+: .*Properties\.ContainerDefinitions is a list: write the index of an item \(Properties\.ContainerDefinitions\.0\) before Image\./),
      expect.stringMatching(/:17:\d+: .*Properties\.ContainerDefinitions has 1 item, so it has no item 4\./),
      expect.stringMatching(/:18:\d+: .*Properties\.Family is "overlay-web", so nothing can be set inside it\./),
    ]);
    expect(error.code).toBe('E_OVERLAY');
  });

  it('refuses an override of a resource type or of a key outside a resource, at the schema', () => {
    const error = parseErrorOf(() => renderText(`${APP}\nx-cloudformation:\n  Overrides:\n    WebService:\n      Type: AWS::S3::Bucket\n`, 'overlay'));
    expect(error.describe()).toMatch(/x-cloudformation\.Overrides\.WebService/);
  });
});

describe("x-aws-cloudformation (Docker's ECS integration)", () => {
  it('deep-merges into the rendered resource of the same logical ID and adds the ones with a Type', () => {
    const result = renderText(
      `${APP}
x-aws-cloudformation:
  Resources:
    WebLogGroup:
      Properties:
        RetentionInDays: 90
    Uploads:
      Type: AWS::S3::Bucket
`,
      'overlay',
    );
    const r = resources(result);
    expect(r['WebLogGroup']?.Properties['RetentionInDays']).toBe(90);
    expect(r['WebLogGroup']?.Properties['LogGroupName']).toBeDefined();
    expect(r['Uploads']).toEqual({ Type: 'AWS::S3::Bucket' });
    expect(result.review).toContain('| `x-aws-cloudformation` | `Resources.WebLogGroup` | `AWS::Logs::LogGroup` | changed: `Properties.RetentionInDays` |');
  });

  it("says that a resource named as Docker named it is not in compose-x's template, with the closest logical ID", () => {
    const error = parseErrorOf(() =>
      renderText(`${APP}\nx-aws-cloudformation:\n  Resources:\n    WebTCP80TargetGroup:\n      Properties:\n        HealthCheckPath: /health\n`, 'overlay'),
    );
    expect(error.code).toBe('E_OVERLAY');
    expect(error.describe()).toMatch(
      /x-aws-cloudformation\.Resources\.WebTCP80TargetGroup: the rendered template has no resource WebTCP80TargetGroup to merge this into, and it has no Type to be added\. compose-x names its resources differently from Docker's ECS integration\. Did you mean Web\w*TargetGroup\?/,
    );
  });
});

describe('an overlay on a project split into nested stacks', () => {
  it("keeps a resource that references one service's resources in that service's stack, and conditions and the rest in the root", async () => {
    const file = generateProject(mkdtempSync(path.join(tmpdir(), 'compose-x-overlay-split-')), 120, 'plain');
    appendFileSync(
      file,
      [
        'x-cloudformation:',
        '  Conditions:',
        '    InUsEast1: { "Fn::Equals": [{ Ref: "AWS::Region" }, us-east-1] }',
        '  Resources:',
        '    Uploads:',
        '      Type: AWS::S3::Bucket',
        '      Properties:',
        '        Tags: [{ Key: service, Value: { "Fn::GetAtt": [Svc0050Service, Name] } }]',
        '    Topic:',
        '      Type: AWS::SNS::Topic',
        '      Condition: InUsEast1',
        '  Overrides:',
        '    Svc0050Service:',
        '      Properties.HealthCheckGracePeriodSeconds: 77',
        '',
      ].join('\n'),
    );
    const files = renderedFiles('bench', renderFile(file), 'json');
    const templates = Object.entries(files)
      .filter(([name]) => !name.endsWith('.params.json'))
      .map(([name, text]) => [name, JSON.parse(text) as { Resources: Resources; Conditions?: object }] as const);
    const holding = (id: string): string[] => templates.filter(([, t]) => t.Resources[id] !== undefined).map(([name]) => name);
    expect(holding('Topic')).toEqual(['bench.json']);
    expect(holding('Uploads')).toEqual(holding('Svc0050Service'));
    expect(holding('Uploads')).not.toEqual(['bench.json']);
    expect(templates.find(([name]) => name === 'bench.json')?.[1].Conditions).toEqual({ InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } });
    for (const [, template] of templates) expect(await checkTemplate(template)).toEqual([]);
  }, 120_000);
});
