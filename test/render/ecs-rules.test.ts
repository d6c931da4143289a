import { checkEcsRules, describeFinding, type EcsRule } from '../../src/render/ecs-rules/index.js';
import { renderText } from '../helpers/render-project.js';

/** Small templates, as `validate` reads them back: each rule with one that breaks it and one that passes. */

type Json = Record<string, unknown>;

const EXECUTION_ROLE = { 'Fn::GetAtt': ['ExecRole', 'Arn'] };

function container(extra: Json = {}): Json {
  return { Name: 'app', Image: 'nginx:1.27', Essential: true, ...extra };
}

function taskDefinition(containers: Json[], extra: Json = {}): Json {
  return {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: { Cpu: '256', Memory: '512', NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'], ExecutionRoleArn: EXECUTION_ROLE, ContainerDefinitions: containers, ...extra },
  };
}

function role(statements: Json[], extra: Json = {}): Json {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      ...(statements.length > 0 ? { Policies: [{ PolicyName: 'execution', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] } : {}),
      ...extra,
    },
  };
}

function template(resources: Json): Json {
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
}

/** A template with one task definition of these containers, and its execution role. */
function task(containers: Json[], extra: Json = {}, statements: Json[] = []): Json {
  return template({ Task: taskDefinition(containers, extra), ExecRole: role(statements) });
}

/** Where each finding is: `rule Resource.Path`. */
function found(t: Json): string[] {
  return checkEcsRules(t).map((f) => `${f.rule} ${f.resource}.${f.path}`);
}

interface Case {
  name: string;
  template: Json;
  want: string[];
}

function rule(name: EcsRule, cases: Case[]): void {
  describe(`rule ${name}`, () => {
    it.each(cases)('$name', ({ template: t, want }) => {
      expect(found(t)).toEqual(want);
    });
  });
}

const LONG = 'a'.repeat(65);

rule('port-mapping-name', [
  { name: 'upper case', template: task([container({ PortMappings: [{ ContainerPort: 80, Name: 'Web' }] })]), want: ['port-mapping-name Task.Properties.ContainerDefinitions[0].PortMappings[0].Name'] },
  { name: 'a leading hyphen', template: task([container({ PortMappings: [{ ContainerPort: 80, Name: '-web' }] })]), want: ['port-mapping-name Task.Properties.ContainerDefinitions[0].PortMappings[0].Name'] },
  { name: 'a dot', template: task([container({ PortMappings: [{ ContainerPort: 80, Name: 'web.http' }] })]), want: ['port-mapping-name Task.Properties.ContainerDefinitions[0].PortMappings[0].Name'] },
  { name: '65 characters', template: task([container({ PortMappings: [{ ContainerPort: 80, Name: LONG }] })]), want: ['port-mapping-name Task.Properties.ContainerDefinitions[0].PortMappings[0].Name'] },
  {
    name: 'the same name in two containers',
    template: task([container({ PortMappings: [{ ContainerPort: 80, Name: 'web' }] }), container({ Name: 'side', PortMappings: [{ ContainerPort: 81, Name: 'web' }] })]),
    want: ['port-mapping-name Task.Properties.ContainerDefinitions[1].PortMappings[0].Name'],
  },
  { name: 'passes: lower case, digits, "_" and "-", 64 characters', template: task([container({ PortMappings: [{ ContainerPort: 80, Name: 'web_http-1' }, { ContainerPort: 81, Name: 'a'.repeat(64) }] })]), want: [] },
  { name: 'passes: a leading digit or underscore', template: task([container({ PortMappings: [{ ContainerPort: 80, Name: '8080' }, { ContainerPort: 81, Name: '_x' }] })]), want: [] },
  { name: 'passes: unnamed ports and an intrinsic name', template: task([container({ PortMappings: [{ ContainerPort: 80 }, { ContainerPort: 81, Name: { Ref: 'PortName' } }] })]), want: [] },
]);

rule('memory-reservation', [
  { name: 'a limit below the reservation', template: task([container({ Memory: 256, MemoryReservation: 512 })]), want: ['memory-reservation Task.Properties.ContainerDefinitions[0].Memory'] },
  { name: 'passes: a limit equal to the reservation', template: task([container({ Memory: 512, MemoryReservation: 512 })]), want: [] },
  { name: 'passes: a limit above the reservation', template: task([container({ Memory: 512, MemoryReservation: 256 })]), want: [] },
  { name: 'passes: only a reservation', template: task([container({ MemoryReservation: 256 })]), want: [] },
]);

rule('privileged-port', [
  { name: 'uid 1337 on port 80', template: task([container({ User: '1337', PortMappings: [{ ContainerPort: 80 }] })]), want: ['privileged-port Task.Properties.ContainerDefinitions[0].PortMappings[0].ContainerPort'] },
  { name: 'a named user and group on port 443', template: task([container({ User: 'nginx:nginx', PortMappings: [{ ContainerPort: 8080 }, { ContainerPort: 443 }] })]), want: ['privileged-port Task.Properties.ContainerDefinitions[0].PortMappings[1].ContainerPort'] },
  { name: 'passes: root on port 80', template: task([container({ User: 'root', PortMappings: [{ ContainerPort: 80 }] })]), want: [] },
  { name: 'passes: uid 0 and gid 0 on port 80', template: task([container({ User: '0:0', PortMappings: [{ ContainerPort: 80 }] })]), want: [] },
  { name: 'passes: no user (the image decides) on port 80', template: task([container({ PortMappings: [{ ContainerPort: 80 }] })]), want: [] },
  { name: 'passes: uid 1337 on port 1024', template: task([container({ User: '1337', PortMappings: [{ ContainerPort: 1024 }] })]), want: [] },
  {
    name: 'passes: unprivileged ports start at 0',
    template: task([container({ User: '1337', PortMappings: [{ ContainerPort: 80 }], SystemControls: [{ Namespace: 'net.ipv4.ip_unprivileged_port_start', Value: '0' }] })]),
    want: [],
  },
  { name: 'passes: not a Fargate task', template: task([container({ User: '1337', PortMappings: [{ ContainerPort: 80 }] })], { RequiresCompatibilities: ['EC2'] }), want: [] },
]);

const HEALTH_CHECK = { Command: ['CMD-SHELL', 'true'], Interval: 5, Timeout: 2, Retries: 3 };

rule('healthy-dependency', [
  {
    name: 'HEALTHY on a container without a health check',
    template: task([container({ DependsOn: [{ ContainerName: 'envoy', Condition: 'HEALTHY' }] }), container({ Name: 'envoy' })]),
    want: ['healthy-dependency Task.Properties.ContainerDefinitions[0].DependsOn[0].Condition'],
  },
  {
    name: 'a container that is not in the task definition',
    template: task([container({ DependsOn: [{ ContainerName: 'gone', Condition: 'START' }] })]),
    want: ['healthy-dependency Task.Properties.ContainerDefinitions[0].DependsOn[0].ContainerName'],
  },
  { name: 'passes: HEALTHY on a container with a health check', template: task([container({ DependsOn: [{ ContainerName: 'envoy', Condition: 'HEALTHY' }] }), container({ Name: 'envoy', HealthCheck: HEALTH_CHECK })]), want: [] },
  { name: 'passes: START on a container without a health check', template: task([container({ DependsOn: [{ ContainerName: 'init', Condition: 'START' }] }), container({ Name: 'init' })]), want: [] },
]);

function ecsService(configuration: Json, taskDefinitionId = 'Task'): Json {
  return { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: taskDefinitionId }, ServiceConnectConfiguration: { Enabled: true, Namespace: 'ns', ...configuration } } };
}

const PROXY_LOGS = { LogDriver: 'awslogs', Options: { 'awslogs-group': 'g', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'sc' } };
const NAMED_PORT = container({ PortMappings: [{ ContainerPort: 80, Name: 'web' }] });

rule('service-connect-access-logs', [
  {
    name: 'access logs without the proxy log configuration',
    template: template({ Task: taskDefinition([NAMED_PORT]), Service: ecsService({ AccessLogConfiguration: { Format: 'TEXT' } }) }),
    want: ['service-connect-access-logs Service.Properties.ServiceConnectConfiguration.AccessLogConfiguration'],
  },
  { name: 'passes: access logs with the proxy log configuration', template: template({ Task: taskDefinition([NAMED_PORT]), Service: ecsService({ AccessLogConfiguration: { Format: 'JSON' }, LogConfiguration: PROXY_LOGS }) }), want: [] },
  { name: 'passes: no access logs', template: template({ Task: taskDefinition([NAMED_PORT]), Service: ecsService({}) }), want: [] },
]);

const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password';
const secretOf = (valueFrom: unknown): Json[] => [container({ Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: valueFrom }] })];
const readSecret = (resource: unknown): Json[] => [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: resource }];

rule('secret-arn-suffix', [
  // Secrets Manager matches a partial ARN (the name without its suffix) when ECS reads the secret; only a grant needs the suffix.
  { name: 'passes: ValueFrom without the suffix', template: task(secretOf(SECRET), {}, readSecret(`${SECRET}-??????`)), want: [] },
  { name: 'passes: a log option secret without the suffix', template: task([container({ LogConfiguration: { LogDriver: 'splunk', SecretOptions: [{ Name: 'splunk-token', ValueFrom: SECRET }] } })]), want: [] },
  {
    name: 'an IAM statement without the suffix',
    template: task([container()], {}, readSecret([`${SECRET}-AbCdEf`, SECRET])),
    want: ['secret-arn-suffix ExecRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource[1]'],
  },
  { name: 'an IAM statement of an AWS::IAM::Policy', template: template({ Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', Roles: [{ Ref: 'R' }], PolicyDocument: { Statement: readSecret(SECRET)[0] } } } }), want: ['secret-arn-suffix Policy.Properties.PolicyDocument.Statement.Resource'] },
  { name: 'passes: the full ARN', template: task(secretOf(`${SECRET}-AbCdEf`), {}, readSecret(`${SECRET}-AbCdEf`)), want: [] },
  { name: 'passes: the full ARN with JSON key, version stage and version id', template: task(secretOf(`${SECRET}-AbCdEf:password:AWSCURRENT:`)), want: [] },
  { name: 'passes: the full ARN with a version id', template: task(secretOf(`${SECRET}-AbCdEf:password::0a1b2c3d-aaaa-bbbb-cccc-0123456789ab`)), want: [] },
  { name: 'passes: the IAM wildcards -?????? and *', template: task([container()], {}, readSecret([`${SECRET}-??????`, `${SECRET}*`, '*'])), want: [] },
  { name: 'passes: an SSM parameter', template: task(secretOf('arn:aws:ssm:eu-west-1:123456789012:parameter/db-password')), want: [] },
  { name: 'passes: a name from a parameter (cannot be judged)', template: task(secretOf({ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${SecretName}' })), want: [] },
  { name: 'passes: the full ARN in Fn::Sub', template: task(secretOf({ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:db-password-AbCdEf' })), want: [] },
]);

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1';
const REPOSITORY = { 'Fn::Sub': 'arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/team/api' };
const LOGIN = { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' };
const pull = (resource: unknown, action: unknown = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']): Json => ({ Effect: 'Allow', Action: action, Resource: resource });
const image = (value: unknown): Json[] => [container({ Image: value })];
const AT_IMAGE = 'image-pull Task.Properties.ContainerDefinitions[0].Image';

rule('image-pull', [
  { name: 'an execution role without ECR statements', template: task(image(IMAGE), {}, [pull({ 'Fn::GetAtt': ['Logs', 'Arn'] }, 'logs:PutLogEvents')]), want: [AT_IMAGE] },
  { name: 'pull allowed on another repository', template: task(image(IMAGE), {}, [LOGIN, pull('arn:aws:ecr:eu-west-1:123456789012:repository/team/web')]), want: [AT_IMAGE] },
  { name: 'pull allowed, no GetAuthorizationToken', template: task(image(IMAGE), {}, [pull(REPOSITORY)]), want: [AT_IMAGE] },
  { name: 'GetAuthorizationToken on a repository, not "*"', template: task(image(IMAGE), {}, [{ ...LOGIN, Resource: REPOSITORY }, pull(REPOSITORY)]), want: [AT_IMAGE] },
  { name: 'an image of another account than the one allowed', template: task(image('210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/api:1'), {}, [LOGIN, pull(REPOSITORY)]), want: [AT_IMAGE] },
  { name: 'only BatchGetImage', template: task(image(IMAGE), {}, [LOGIN, pull(REPOSITORY, 'ecr:BatchGetImage')]), want: [AT_IMAGE] },
  { name: 'no execution role', template: template({ Task: taskDefinition(image(IMAGE), { ExecutionRoleArn: undefined }) }), want: ['image-pull Task.Properties.ExecutionRoleArn'] },
  { name: 'passes: the statements compose-x writes (src/render/service/iam.ts)', template: task(image(IMAGE), {}, [LOGIN, pull([REPOSITORY])]), want: [] },
  {
    name: 'passes: a built image, as src/render/images/ grants it',
    template: task(image({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/proj/api:${ApiImageTag}' }), {}, [
      LOGIN,
      pull([{ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/proj/api' }]),
    ]),
    want: [],
  },
  {
    name: 'passes: the Arn of a repository of the template',
    template: template({
      Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'proj/api' } },
      Task: taskDefinition(image({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Repo', 'RepositoryUri'] }, ':1']] })),
      ExecRole: role([LOGIN, pull({ 'Fn::GetAtt': ['Repo', 'Arn'] })]),
    }),
    want: [],
  },
  { name: 'passes: a wildcard repository and ecr:*', template: task(image(IMAGE), {}, [LOGIN, pull('arn:aws:ecr:*:123456789012:repository/team/*', 'ecr:*')]), want: [] },
  { name: 'passes: Action "*" on "*"', template: task(image(IMAGE), {}, [pull('*', '*')]), want: [] },
  {
    name: 'passes: the AWS managed execution role policy',
    template: template({
      Task: taskDefinition(image(IMAGE)),
      ExecRole: role([], { ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }] }),
    }),
    want: [],
  },
  {
    name: 'passes: a policy of the template attached to the role',
    template: template({
      Task: taskDefinition(image(IMAGE)),
      ExecRole: role([]),
      Pull: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'pull', Roles: [{ Ref: 'ExecRole' }], PolicyDocument: { Statement: [LOGIN, pull(REPOSITORY)] } } },
    }),
    want: [],
  },
  {
    name: 'passes: a customer managed policy (cannot be read)',
    template: template({ Task: taskDefinition(image(IMAGE)), ExecRole: role([], { ManagedPolicyArns: ['arn:aws:iam::123456789012:policy/pull'] }) }),
    want: [],
  },
  {
    name: 'passes: a policy document chosen by a condition (cannot be judged)',
    template: template({
      Task: taskDefinition(image(IMAGE)),
      ExecRole: role([], { Policies: [{ PolicyName: 'p', PolicyDocument: { 'Fn::If': ['Pull', { Statement: [LOGIN, pull(REPOSITORY)] }, { Ref: 'AWS::NoValue' }] } }] }),
    }),
    want: [],
  },
  { name: 'passes: an execution role from a parameter (another stack)', template: template({ Task: taskDefinition(image(IMAGE), { ExecutionRoleArn: { Ref: 'ExecutionRoleArn' } }) }), want: [] },
  { name: 'passes: a public image', template: task(image('public.ecr.aws/nginx/nginx:1.27')), want: [] },
  { name: 'passes: a repository from a parameter (cannot be judged)', template: task(image({ 'Fn::Sub': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/${Repo}:1' }), {}, [LOGIN]), want: [] },
]);

const scService = (services: Json[]): Json => template({ Task: taskDefinition([NAMED_PORT]), Service: ecsService({ Services: services, LogConfiguration: PROXY_LOGS }) });

rule('service-connect-names', [
  { name: 'a PortName that names no port mapping', template: scService([{ PortName: 'http' }]), want: ['service-connect-names Service.Properties.ServiceConnectConfiguration.Services[0].PortName'] },
  { name: 'a DiscoveryName with upper case', template: scService([{ PortName: 'web', DiscoveryName: 'Web' }]), want: ['service-connect-names Service.Properties.ServiceConnectConfiguration.Services[0].DiscoveryName'] },
  { name: 'a DiscoveryName of 65 characters', template: scService([{ PortName: 'web', DiscoveryName: LONG }]), want: ['service-connect-names Service.Properties.ServiceConnectConfiguration.Services[0].DiscoveryName'] },
  {
    name: 'a DnsName of 128 characters',
    template: scService([{ PortName: 'web', ClientAliases: [{ Port: 80, DnsName: 'a'.repeat(128) }] }]),
    want: ['service-connect-names Service.Properties.ServiceConnectConfiguration.Services[0].ClientAliases[0].DnsName'],
  },
  {
    name: 'a DnsName with upper case',
    template: scService([{ PortName: 'web', ClientAliases: [{ Port: 80, DnsName: 'Api.local' }] }]),
    want: ['service-connect-names Service.Properties.ServiceConnectConfiguration.Services[0].ClientAliases[0].DnsName'],
  },
  { name: 'passes: names ECS takes', template: scService([{ PortName: 'web', DiscoveryName: 'api_v1-x', ClientAliases: [{ Port: 80, DnsName: 'api.shop.local' }, { Port: 81, DnsName: 'a'.repeat(127) }] }]), want: [] },
  { name: 'passes: a task definition of another stack (its port names unknown)', template: template({ Service: ecsService({ Services: [{ PortName: 'http' }] }, 'Elsewhere') }), want: [] },
]);

rule('fargate-size', [
  { name: '256 CPU units with 4 GiB', template: task([container()], { Cpu: '256', Memory: '4096' }), want: ['fargate-size Task.Properties.Memory'] },
  { name: '300 CPU units', template: task([container()], { Cpu: '300', Memory: '1024' }), want: ['fargate-size Task.Properties.Cpu'] },
  { name: '8 vCPU with 18 GiB (4 GiB steps)', template: task([container()], { Cpu: '8192', Memory: '18432' }), want: ['fargate-size Task.Properties.Memory'] },
  { name: 'no task Memory', template: task([container()], { Memory: undefined }), want: ['fargate-size Task.Properties.Memory'] },
  { name: 'passes: 256 with 512', template: task([container()], { Cpu: '256', Memory: '512' }), want: [] },
  { name: 'passes: "1 vCPU" with "2 GB"', template: task([container()], { Cpu: '1 vCPU', Memory: '2 GB' }), want: [] },
  { name: 'passes: 4 vCPU with 30 GiB', template: task([container()], { Cpu: 4096, Memory: 30720 }), want: [] },
  { name: 'passes: not a Fargate task', template: task([container()], { Cpu: '300', Memory: '700', RequiresCompatibilities: ['EC2'] }), want: [] },
]);

rule('container-resources', [
  { name: 'CPU units over the task', template: task([container({ Cpu: 256 }), container({ Name: 'side', Cpu: 256 })], { Cpu: '256' }), want: ['container-resources Task.Properties.ContainerDefinitions'] },
  { name: 'a container Memory over the task', template: task([container({ Memory: 1024 })], { Memory: '512' }), want: ['container-resources Task.Properties.ContainerDefinitions[0].Memory', 'container-resources Task.Properties.ContainerDefinitions'] },
  { name: 'reservations over the task', template: task([container({ MemoryReservation: 300 }), container({ Name: 'side', Memory: 300 })], { Memory: '512' }), want: ['container-resources Task.Properties.ContainerDefinitions'] },
  { name: 'passes: containers that fill the task exactly', template: task([container({ Cpu: 128, MemoryReservation: 256, Memory: 512 }), container({ Name: 'side', Cpu: 128, Memory: 256 })], { Cpu: '256', Memory: '512' }), want: [] },
]);

const CHANNELS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];

/** A service with ECS Exec on, its task definition, and a task role with these statements (none: no task role). */
function execService(statements: Json[] | undefined): Json {
  return template({
    Task: taskDefinition([container()], statements ? { TaskRoleArn: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } } : {}),
    ExecRole: role([]),
    ...(statements ? { TaskRole: role(statements) } : {}),
    Service: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'Task' }, EnableExecuteCommand: true } },
  });
}

rule('execute-command', [
  { name: 'no task role', template: execService(undefined), want: ['execute-command Service.Properties.EnableExecuteCommand'] },
  { name: 'a task role without the channels', template: execService([{ Effect: 'Allow', Action: CHANNELS.slice(0, 2), Resource: '*' }]), want: ['execute-command Service.Properties.EnableExecuteCommand'] },
  { name: 'passes: the four channels', template: execService([{ Effect: 'Allow', Action: CHANNELS, Resource: '*' }]), want: [] },
  { name: "passes: compose-x's render of x-exec", template: renderText('services:\n  web:\n    image: nginx\n    x-exec: true\n').template.toJSON(), want: [] },
]);

describe('the findings', () => {
  it('name the resource, the property path, what is wrong and how to fix it', () => {
    const [finding] = checkEcsRules(task([container({ Memory: 256, MemoryReservation: 512 })]));
    expect(finding && describeFinding(finding)).toBe(
      'Task.Properties.ContainerDefinitions[0].Memory: container "app" has a Memory limit of 256 MiB, below its MemoryReservation of 512 MiB; ECS refuses the task definition. ' +
        'Raise Memory to at least MemoryReservation, or lower the reservation (compose: deploy.resources.limits.memory >= deploy.resources.reservations.memory). (rule memory-reservation)',
    );
  });

  it('say which actions an execution role lacks, on which repository', () => {
    const [finding] = checkEcsRules(task(image(IMAGE), {}, [pull(REPOSITORY, 'ecr:BatchGetImage')]));
    expect(finding?.message).toBe(
      'container "app" pulls its image from the private Amazon ECR repository "team/api" (account 123456789012, eu-west-1), but its execution role ExecRole is not allowed ecr:GetAuthorizationToken (on "*"), ecr:GetDownloadUrlForLayer; the task fails to start (CannotPullContainerError).',
    );
    expect(finding?.fix).toMatch(/^Allow ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on arn:\$\{AWS::Partition\}:ecr:eu-west-1:123456789012:repository\/team\/api and ecr:GetAuthorizationToken on "\*"/);
  });

  it('suggest a port name ECS takes', () => {
    const [finding] = checkEcsRules(task([container({ PortMappings: [{ ContainerPort: 80, Name: 'Web HTTP' }] })]));
    expect(finding?.fix).toBe('Name the port with lower-case letters, digits, "_" and "-" (e.g. "web-http").');
  });

  it('list the Fargate memory sizes of the task CPU', () => {
    const [finding] = checkEcsRules(task([container()], { Cpu: '1024', Memory: '1024' }));
    expect(finding?.fix).toBe('With 1024 CPU units use 2048 to 8192 in steps of 1024 MiB, or change Cpu.');
  });
});

describe('a nested stack, checked on its own', () => {
  it('judges what it holds and leaves what another stack holds (parameters) alone', () => {
    const nested = template({
      Task: taskDefinition(image(IMAGE).map((c) => ({ ...c, Memory: 256, MemoryReservation: 512 })), { ExecutionRoleArn: { Ref: 'ApiExecutionRoleArn' } }),
      Service: ecsService({ Services: [{ PortName: 'web' }] }, 'Task'),
    });
    expect(found({ ...nested, Parameters: { ApiExecutionRoleArn: { Type: 'String' } } })).toEqual([
      'memory-reservation Task.Properties.ContainerDefinitions[0].Memory',
      'service-connect-names Service.Properties.ServiceConnectConfiguration.Services[0].PortName',
    ]);
  });

  it('finds nothing in a template without ECS resources, or in one that is not a template', () => {
    expect(checkEcsRules(template({ Bucket: { Type: 'AWS::S3::Bucket' } }))).toEqual([]);
    expect(checkEcsRules({})).toEqual([]);
    expect(checkEcsRules({ Resources: [] })).toEqual([]);
  });
});

describe('the render helpers of the suite', () => {
  const compose = 'services:\n  web:\n    image: nginx:1.27\n    user: "1000"\n    expose: ["80"]\n';

  it('throw, with the findings, on a render that breaks an ECS rule', () => {
    expect(() => renderText(compose)).toThrow(/WebTaskDefinition\.Properties\.ContainerDefinitions\[0\]\.PortMappings\[0\]\.ContainerPort: .* \(rule privileged-port\)/);
  });

  it('let a test say which rules its render breaks on purpose, and only those', () => {
    expect(renderText(compose, 'proj', { breaks: ['privileged-port'] }).template.toJSON()).toHaveProperty('Resources.WebTaskDefinition');
    expect(() => renderText(compose, 'proj', { breaks: ['port-mapping-name'] })).toThrow(/rule privileged-port/);
  });
});
