import path from 'node:path';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { checkTemplate, checkTemplateFile, parseTemplate } from '../../src/render/spec-check/index.js';

const FIXTURES = path.resolve('test/fixtures/cfn');
const VALID_ECS = path.join(FIXTURES, 'valid-ecs.yaml');

type Json = Record<string, unknown>;

/** A small valid template; each case adds resources or outputs to it, or replaces some. */
function template(resources: Json = {}, outputs: Json = {}): Json {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Image: { Type: 'String' } },
    Conditions: { Always: { 'Fn::Equals': ['a', 'a'] } },
    Resources: {
      Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web' } },
      Task: task({}),
      ...resources,
    },
    Outputs: { GroupId: { Value: { 'Fn::GetAtt': ['Group', 'GroupId'] } }, ...outputs },
  };
}

/** A task definition whose one container has these properties besides Name, Image and PortMappings. */
function task(container: Json, resource: Json = {}): Json {
  const definition = { Name: 'web', Image: { Ref: 'Image' }, PortMappings: [{ ContainerPort: 80 }], ...container };
  return { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [definition] }, ...resource };
}

const CONTAINER = 'Task.Properties.ContainerDefinitions[0]';

interface Case {
  name: string;
  template: Json;
  want: string[];
}

const valid: Case[] = [
  { name: 'the base template', template: template(), want: [] },
  { name: 'numeric strings for integers', template: template({ Task: task({ Cpu: '256', Memory: 512 }) }), want: [] },
  { name: 'numbers and booleans for strings', template: template({ Task: task({ User: 1000, Hostname: true }) }), want: [] },
  { name: 'boolean strings', template: template({ Task: task({ Essential: 'True', Privileged: 'false' }) }), want: [] },
  {
    name: 'intrinsics for scalars and lists',
    template: template({
      Task: task({ Command: { 'Fn::Split': [',', 'a,b'] }, Cpu: { 'Fn::Select': [0, ['1']] }, User: { 'Fn::ImportValue': 'u' } }),
    }),
    want: [],
  },
  {
    name: 'AWS::NoValue for a property and a list item',
    template: template({ Task: task({ Cpu: { Ref: 'AWS::NoValue' }, Links: ['a', { Ref: 'AWS::NoValue' }] }) }),
    want: [],
  },
  {
    name: 'Fn::If choosing an object or no value',
    template: template({ Task: task({ HealthCheck: { 'Fn::If': ['Always', { Command: ['true'] }, { Ref: 'AWS::NoValue' }] } }) }),
    want: [],
  },
  {
    name: 'Fn::Sub with pseudo parameters, attributes, literals and variables',
    template: template({
      Task: task({ User: { 'Fn::Sub': ['${AWS::Region} ${Group.GroupId} ${!Literal} ${ Var } ${Image}', { Var: 'v' }] } }),
    }),
    want: [],
  },
  {
    name: 'GetAtt of a dotted attribute, in string form',
    template: template({ Vpc: { Type: 'AWS::EC2::VPC', Properties: {} } }, { Id: { Value: { 'Fn::GetAtt': 'Vpc.VpcEncryptionControl.VpcId' } } }),
    want: [],
  },
  {
    name: 'a custom resource with any property and attribute',
    template: template(
      { Thing: { Type: 'Custom::Thing', Properties: { ServiceToken: 'arn', Anything: { a: [1] } } } },
      { Out: { Value: { 'Fn::GetAtt': ['Thing', 'Whatever'] } } },
    ),
    want: [],
  },
  {
    name: 'a nested stack output',
    template: template(
      { Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/t.json' } } },
      { Out: { Value: { 'Fn::GetAtt': ['Nested', 'Outputs.Name'] } } },
    ),
    want: [],
  },
  {
    name: 'a string or an object for json',
    template: template({
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { DataProtectionPolicy: '{}', ResourcePolicyDocument: { a: 1 } } },
    }),
    want: [],
  },
  { name: '500 resources', template: manyResources(500), want: [] },
];

const invalid: Case[] = [
  {
    name: 'unknown resource type',
    template: template({ Cluster: { Type: 'AWS::ECS::Clustre' } }),
    want: ['Cluster.Type: unknown resource type AWS::ECS::Clustre'],
  },
  {
    name: 'unknown top-level property',
    template: template({ Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web', Vpcid: 'v' } } }),
    want: ['Group.Properties.Vpcid: unknown property of AWS::EC2::SecurityGroup (did you mean VpcId?)'],
  },
  {
    name: 'unknown nested property',
    template: template({ Task: task({ PortMapping: [] }) }),
    want: [`${CONTAINER}.PortMapping: unknown property of ContainerDefinition (did you mean PortMappings?)`],
  },
  {
    name: 'unknown property in a list of type definitions',
    template: template({ Task: task({ PortMappings: [{ ContainerPort: 80 }, { Port: 80 }] }) }),
    want: [`${CONTAINER}.PortMappings[1].Port: unknown property of PortMapping`],
  },
  {
    name: 'string where a list is expected',
    template: template({ Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web', SecurityGroupIngress: 'tcp' } } }),
    want: ['Group.Properties.SecurityGroupIngress: expected list of Ingress, got string "tcp"'],
  },
  {
    name: 'object where a string is expected',
    template: template({ Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: { Value: 'web' } } } }),
    want: ['Group.Properties.GroupDescription: expected string, got object'],
  },
  {
    name: '"abc" for an integer',
    template: template({ Task: task({ PortMappings: [{ ContainerPort: 80 }, { ContainerPort: 'abc' }] }) }),
    want: [`${CONTAINER}.PortMappings[1].ContainerPort: expected integer, got string "abc"`],
  },
  {
    name: 'a fraction for an integer',
    template: template({ Task: task({ Cpu: 0.5 }) }),
    want: [`${CONTAINER}.Cpu: expected integer, got number 0.5`],
  },
  {
    name: 'not a boolean',
    template: template({ Task: task({ Essential: 'yes' }) }),
    want: [`${CONTAINER}.Essential: expected boolean, got string "yes"`],
  },
  {
    name: 'list where a map of strings is expected, and a bad map value',
    template: template({ Task: task({ DockerLabels: ['a'], LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': ['g'] } } }) }),
    want: [
      `${CONTAINER}.DockerLabels: expected map of string, got list`,
      `${CONTAINER}.LogConfiguration.Options["awslogs-group"]: expected string, got list`,
    ],
  },
  {
    name: 'a string function where an object is expected',
    template: template({ Task: task({ HealthCheck: { Ref: 'Image' } }) }),
    want: [`${CONTAINER}.HealthCheck: expected HealthCheck, got Ref`],
  },
  {
    name: 'each Fn::If branch is checked',
    template: template({ Task: task({ Cpu: { 'Fn::If': ['Always', 1, 'abc'] } }) }),
    want: [`${CONTAINER}.Cpu: expected integer, got string "abc"`],
  },
  {
    name: 'a value no member of a union accepts',
    template: template({
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: ['a'] } },
    }),
    want: ['Role.Properties.AssumeRolePolicyDocument: expected json | string, got list'],
  },
  {
    name: 'a tag without a value',
    template: template({ Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web', Tags: [{ Key: 'a' }] } } }),
    want: ['Group.Properties.Tags[0]: missing required property Value of Tag'],
  },
  {
    name: 'missing required property of a resource',
    template: template({ Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-1' } } }),
    want: ['Group.Properties: missing required property GroupDescription of AWS::EC2::SecurityGroup'],
  },
  {
    name: 'missing Properties with a required property',
    template: template({ Group: { Type: 'AWS::EC2::SecurityGroup' } }),
    want: ['Group.Properties: missing required property GroupDescription of AWS::EC2::SecurityGroup'],
  },
  {
    name: 'missing required property of a type definition',
    template: template({ Task: task({ Image: undefined, LogConfiguration: {} }) }),
    want: [
      `${CONTAINER}.LogConfiguration: missing required property LogDriver of LogConfiguration`,
      `${CONTAINER}: missing required property Image of ContainerDefinition`,
    ],
  },
  {
    name: 'a custom resource without a service token',
    template: template({ Thing: { Type: 'Custom::Thing', Properties: { Size: 1 } } }),
    want: ['Thing.Properties: missing required property ServiceToken of Custom::Thing'],
  },
  {
    name: 'Ref to an unknown name',
    template: template({ Task: task({ Image: { Ref: 'Imagee' } }) }),
    want: [`${CONTAINER}.Image: Ref: no resource, parameter or pseudo parameter named "Imagee"`],
  },
  {
    name: 'Ref to a resource in a condition',
    template: { ...template(), Conditions: { Always: { 'Fn::Equals': [{ Ref: 'Group' }, 'a'] } } },
    want: ['Conditions.Always: Ref: resource "Group" in a condition'],
  },
  {
    name: 'GetAtt of an unknown attribute',
    template: template({}, { GroupId: { Value: { 'Fn::GetAtt': ['Group', 'Arn'] } } }),
    want: ['Outputs.GroupId.Value: Fn::GetAtt Group.Arn: AWS::EC2::SecurityGroup has no attribute "Arn" (attributes: GroupId, Id, VpcId)'],
  },
  {
    name: 'GetAtt of an unknown resource',
    template: template({ Task: task({ User: { 'Fn::GetAtt': ['Nope', 'Arn'] } }) }),
    want: [`${CONTAINER}.User: Fn::GetAtt Nope.Arn: no resource named "Nope"`],
  },
  {
    name: 'Sub with an unknown name and an unknown attribute',
    template: template({ Task: task({ User: { 'Fn::Sub': '${Nope}-${Group.Arn}-${AWS::Region}' } }) }),
    want: [
      `${CONTAINER}.User: Fn::Sub \${Nope}: no resource, parameter or pseudo parameter named "Nope"; ` +
        'Fn::Sub ${Group.Arn}: AWS::EC2::SecurityGroup has no attribute "Arn" (attributes: GroupId, Id, VpcId)',
    ],
  },
  {
    name: 'an unknown name in the variables of a Sub',
    template: template({ Task: task({ User: { 'Fn::Sub': ['${A}', { A: { Ref: 'Nope' } }] } }) }),
    want: [`${CONTAINER}.User: Ref: no resource, parameter or pseudo parameter named "Nope"`],
  },
  {
    name: 'DependsOn to an unknown resource',
    template: template({ Task: task({}, { DependsOn: ['Group', 'Nope'] }) }),
    want: ['Task.DependsOn: no resource named "Nope"'],
  },
  {
    name: 'unknown conditions',
    template: template(
      { Task: task({ Cpu: { 'Fn::If': ['Nope', 1, 2] } }, { Condition: 'Never' }) },
      { GroupId: { Condition: 'Sometimes', Value: 'x' } },
    ),
    want: [
      'Task.Condition: no condition named "Never"',
      `${CONTAINER}.Cpu: Fn::If: no condition named "Nope"`,
      'Outputs.GroupId.Condition: no condition named "Sometimes"',
    ],
  },
  {
    name: 'unknown resource attribute and output key',
    template: template({ Task: task({}, { DeletionPolicy: 'Keep', Propertie: {} }) }, { GroupId: { Valu: 'x' } }),
    want: [
      'Task.Propertie: unknown resource attribute',
      'Task.DeletionPolicy: expected one of Delete, Retain, RetainExceptOnCreate, Snapshot, got string "Keep"',
      'Outputs.GroupId.Valu: unknown output attribute',
      'Outputs.GroupId: missing required Value',
    ],
  },
  {
    name: 'a resource without a type and a parameter without a type',
    template: { ...template({ Thing: { Properties: {} } }), Parameters: { Image: { Default: 'nginx' } } },
    want: ['Parameters.Image.Type: expected a parameter type, got nothing', 'Thing.Type: expected a resource type, got nothing'],
  },
  {
    name: 'an unknown mapping and an unknown name in an export',
    template: template(
      { Task: task({ Image: { 'Fn::FindInMap': ['Images', 'web', 'name'] } }) },
      { GroupId: { Value: 'x', Export: { Name: { 'Fn::Sub': '${AWS::StackName}-${Nope}' } } } },
    ),
    want: [
      `${CONTAINER}.Image: Fn::FindInMap: no mapping named "Images"`,
      'Outputs.GroupId.Export.Name: Fn::Sub ${Nope}: no resource, parameter or pseudo parameter named "Nope"',
    ],
  },
  {
    name: 'an unknown section and no resources',
    template: { AWSTemplateFormatVersion: '2010-09-09', Output: {} },
    want: ['Output: unknown template section', 'Resources: missing required section'],
  },
  {
    name: 'a logical ID that is not alphanumeric',
    template: template({ 'my-group': { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web' } } }),
    want: ['Resources.my-group: logical ID is not alphanumeric'],
  },
  {
    name: 'too many resources',
    template: manyResources(501),
    want: ['Resources: 501 entries, more than the limit of 500'],
  },
];

/** A valid template with `count` security groups. */
function manyResources(count: number): Json {
  const resources: Json = {};
  for (let i = 0; i < count; i++) {
    resources[`Group${i}`] = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: `group ${i}` } };
  }
  return { Resources: resources };
}

describe('checkTemplate', () => {
  it.each(valid)('accepts $name', async ({ template: t, want }) => {
    expect(await checkTemplate(t)).toEqual(want);
  });

  it.each(invalid)('reports $name', async ({ template: t, want }) => {
    expect(await checkTemplate(t)).toEqual(want);
  });

  it('checks a 1,000-resource template in well under a second once the spec is loaded', async () => {
    await checkTemplate(template());
    const resources: Json = {};
    for (let i = 0; i < 500; i++) {
      resources[`Group${i}`] = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web', Tags: [{ Key: 'a', Value: 'b' }] } };
      resources[`Task${i}`] = task({ DependsOn: [{ ContainerName: 'x', Condition: 'START' }] }, { DependsOn: `Group${i}` });
    }
    const started = performance.now();
    const problems = await checkTemplate({ Parameters: { Image: { Type: 'String' } }, Resources: resources });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problems).toEqual(['Resources: 1000 entries, more than the limit of 500']);
  });
});

describe('checkTemplateFile', () => {
  it('accepts the valid ECS fixture', async () => {
    expect(await checkTemplateFile(VALID_ECS)).toEqual([]);
  });

  it('accepts a JSON template', async () => {
    expect(await checkTemplateFile(path.join(FIXTURES, 'minimal.json'))).toEqual([]);
  });

  it('reports every problem of the invalid ECS fixture', async () => {
    expect(await checkTemplateFile(path.join(FIXTURES, 'invalid-ecs.yaml'))).toEqual([
      'Cluster.Type: unknown resource type AWS::ECS::Clustre',
      'Group.Properties.SecurityGroupIngress: expected list of Ingress, got string "tcp"',
      'Group.Properties: missing required property GroupDescription of AWS::EC2::SecurityGroup',
      'Group.DependsOn: no resource named "Clusterr"',
      'Group.Properties.VpcId: Ref: no resource, parameter or pseudo parameter named "Vpc"',
      'TaskDefinition.Properties.Cpu: expected string, got object',
      'TaskDefinition.Properties.ContainerDefinitions[0].PortMapping: unknown property of ContainerDefinition (did you mean PortMappings?)',
      'TaskDefinition.Properties.ContainerDefinitions[0].PortMappings[1].ContainerPort: expected integer, got string "abc"',
      'TaskDefinition.Properties.ContainerDefinitions[1].Essential: expected boolean, got string "yes"',
      'TaskDefinition.Properties.ContainerDefinitions[1]: missing required property Image of ContainerDefinition',
      'TaskDefinition.Properties.ContainerDefinitions[0].Image: Fn::Sub ${ImageTagg}: no resource, parameter or pseudo parameter named "ImageTagg"',
      'Outputs.GroupArn.Value: Fn::GetAtt Group.Arn: AWS::EC2::SecurityGroup has no attribute "Arn" (attributes: GroupId, Id, VpcId)',
    ]);
  });
});

describe('parseTemplate', () => {
  it('turns every short form into its long form', () => {
    const text = [
      'Conditions:',
      '  A: !Equals [!Ref P, x]',
      '  B: !Not [!Condition A]',
      '  C: !And [!Condition A, !Or [!Condition B, !Condition A]]',
      'Values:',
      '  - !GetAtt R.Outputs.X',
      '  - !GetAtt [R, Arn]',
      '  - !Sub "${P}"',
      '  - !Sub ["${V}", {V: !Ref P}]',
      '  - !If [A, !Join ["", [a, b]], !Select [0, !GetAZs ""]]',
      '  - !Split [",", !ImportValue {"Fn::Sub": "${P}-x"}]',
      '  - !FindInMap [M, K, !Base64 v]',
      '  - !Cidr [!GetAZs {Ref: "AWS::Region"}, 2, 8]',
      '  - !ImportValue name',
      '  - !Base64 {Ref: P}',
    ].join('\n');
    expect(parseTemplate(text)).toEqual({
      problems: [],
      template: {
        Conditions: {
          A: { 'Fn::Equals': [{ Ref: 'P' }, 'x'] },
          B: { 'Fn::Not': [{ Condition: 'A' }] },
          C: { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Or': [{ Condition: 'B' }, { Condition: 'A' }] }] },
        },
        Values: [
          { 'Fn::GetAtt': ['R', 'Outputs.X'] },
          { 'Fn::GetAtt': ['R', 'Arn'] },
          { 'Fn::Sub': '${P}' },
          { 'Fn::Sub': ['${V}', { V: { Ref: 'P' } }] },
          { 'Fn::If': ['A', { 'Fn::Join': ['', ['a', 'b']] }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }] },
          { 'Fn::Split': [',', { 'Fn::ImportValue': { 'Fn::Sub': '${P}-x' } }] },
          { 'Fn::FindInMap': ['M', 'K', { 'Fn::Base64': 'v' }] },
          { 'Fn::Cidr': [{ 'Fn::GetAZs': { Ref: 'AWS::Region' } }, 2, 8] },
          { 'Fn::ImportValue': 'name' },
          { 'Fn::Base64': { Ref: 'P' } },
        ],
      },
    });
  });

  it('reports a short form on a kind of node CloudFormation does not allow', () => {
    const { problems } = parseTemplate('A: !Ref [x]\nB: !If x\n');
    expect(problems).toEqual(['Unresolved tag: !Ref at line 1, column 4', 'Unresolved tag: !If at line 2, column 4']);
  });

  it.each([
    { name: 'a YAML syntax error', text: 'A: [\n', want: /^Flow sequence .* at line 2, column 1$/ },
    { name: 'a duplicate key', text: 'A: 1\nA: 2\n', want: /^Map keys must be unique at line 2, column 1$/ },
    { name: 'a list instead of a template', text: '- 1\n', want: /^expected a template object, got list$/ },
  ])('reports $name and returns no template', ({ text, want }) => {
    expect(parseTemplate(text)).toEqual({ template: undefined, problems: [expect.stringMatching(want)] });
  });
});

describe('cfn-lint', () => {
  const run = cfnLintAvailable() ? it : it.skip;
  if (!cfnLintAvailable()) console.warn('cfn-lint is not on the PATH: skipping');

  run('reports no E-rule error on the valid ECS fixture', () => {
    expect(runCfnLint([VALID_ECS]).errors).toEqual([]);
  });

  run('reports E-rule errors on the invalid ECS fixture', () => {
    expect(runCfnLint([path.join(FIXTURES, 'invalid-ecs.yaml')]).errors.length).toBeGreaterThan(0);
  });
});
