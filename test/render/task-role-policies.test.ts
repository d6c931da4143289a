import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { parseErrorOf } from '../helpers/parse-error.js';
import { renderFile, renderText } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function resourcesOf(result: { template: { toJSON(): Record<string, unknown> } }): Resources {
  return result.template.toJSON()['Resources'] as Resources;
}

const BUCKET_READ = { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::assets/*'] };

describe('x-iam (ECS ComposeX) on the task role', () => {
  const compose = [
    'services:',
    '  app:',
    '    image: nginx',
    '    x-iam:',
    '      Policies:',
    '        - PolicyName: assets',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: [s3:GetObject]',
    '                Resource: ["arn:aws:s3:::assets/*"]',
    '        - PolicyName: describe',
    '          PolicyDocument:',
    '            Statement:',
    '              - {Effect: Allow, Action: "ec2:Describe*", Resource: "*"}',
    '              - {Effect: Deny, Action: "ec2:DescribeRegions", Resource: "*"}',
    '      ManagedPolicyArns:',
    '        - arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess',
    '        - team/reader',
    '      PermissionsBoundary: containers',
    '',
  ].join('\n');

  it('adds the inline policies, managed policies and boundary to the task role, never the execution role', () => {
    const result = renderText(compose);
    const r = resourcesOf(result);
    expect(r['AppTaskRole']!.Properties).toMatchObject({
      Policies: [
        { PolicyName: 'assets', PolicyDocument: { Version: '2012-10-17', Statement: [BUCKET_READ] } },
        {
          PolicyName: 'describe',
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
              { Effect: 'Deny', Action: 'ec2:DescribeRegions', Resource: '*' },
            ],
          },
        },
      ],
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/team/reader' }],
      PermissionsBoundary: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/containers' },
    });
    const execution = r['AppExecutionRole']!.Properties;
    expect(execution['ManagedPolicyArns']).toBeUndefined();
    expect(execution['PermissionsBoundary']).toBeUndefined();
    expect((execution['Policies'] as { PolicyName: string }[]).map((p) => p.PolicyName)).toEqual(['execution']);
    expect(result.warnings.filter((w) => w.path?.includes('x-iam'))).toEqual([]);
  });

  it("shows the user's statements, the * included, in the review's IAM table", () => {
    const review = renderText(compose).review;
    expect(review).toContain('| app | task | `s3:GetObject on arn:aws:s3:::assets/*` |');
    expect(review).toContain('| app | task | `ec2:Describe* on *` |');
    expect(review).toContain('| app | task | `deny ec2:DescribeRegions on *` |');
    expect(review).toContain('| app | task | `managed policy arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess` |');
    expect(review).toContain('| app | task | `bounded by arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/containers` |');
  });

  it('keeps compose-x own task policy beside the user ones (EFS access)', () => {
    const text = compose.replace('    image: nginx\n', '    image: nginx\n    volumes: [data:/data]\n') + 'volumes:\n  data: {}\n';
    const policies = resourcesOf(renderText(text))['AppTaskRole']!.Properties['Policies'] as { PolicyName: string }[];
    expect(policies.map((p) => p.PolicyName)).toEqual(['task', 'assets', 'describe']);
  });

  it('refuses a policy name the role already has, at its line', () => {
    const text = compose.replace('PolicyName: describe', 'PolicyName: assets');
    const error = parseErrorOf(() => renderText(text));
    expect(error).toMatchObject({ code: 'E_IAM_POLICY_NAME', path: ['services', 'app', 'x-iam', 'Policies', 1, 'PolicyName'], position: { line: 13 } });
  });

  it('refuses a setting ECS ComposeX does not have, at its line', () => {
    const error = parseErrorOf(() => renderText(compose.replace('      PermissionsBoundary: containers', '      Boundary: containers')));
    expect(error.message).toMatch(/Boundary/);
    expect(error.position?.line).toBe(21);
  });
});

describe("Docker ECS's x-aws-role and x-aws-policies", () => {
  const fixture = 'test/fixtures/docker-ecs/iam/docker-compose.yml';

  it('puts the policy document on the task role as <Service>Policy and attaches the managed policies', () => {
    const r = resourcesOf(renderFile(fixture));
    expect(r['WorkerTaskRole']!.Properties).toMatchObject({
      Policies: [
        {
          PolicyName: 'WorkerPolicy',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: 'arn:aws:sqs:eu-west-1:123456789012:jobs' },
          },
        },
      ],
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    });
    expect(r['WorkerTaskRole']!.Properties['PermissionsBoundary']).toBeUndefined();
  });

  it('lists them in the review, a single Statement object included', () => {
    const review = renderFile(fixture).review;
    expect(review).toContain('| worker | task | `sqs:ReceiveMessage, sqs:DeleteMessage on arn:aws:sqs:eu-west-1:123456789012:jobs` |');
    expect(review).toContain('| worker | task | `managed policy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess` |');
  });

  it('passes the offline specification check and cfn-lint', async () => {
    const result = renderFile(fixture);
    expect(await checkTemplate(result.template.toJSON())).toEqual([]);
    if (!cfnLintAvailable()) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'iam-'));
    const files = Object.entries(renderedFiles(result.name, result, 'yaml')).filter(([name]) => name.endsWith('.yaml'));
    for (const [name, content] of files) writeFileSync(path.join(dir, name), content);
    expect(runCfnLint(files.map(([name]) => path.join(dir, name))).errors).toEqual([]);
  });

  it('refuses a policy that is not an ARN in x-aws-policies', () => {
    const error = parseErrorOf(() => renderText('services:\n  app:\n    image: a\n    x-aws-policies: [reader]\n'));
    expect(error.position?.line).toBe(4);
  });
});
