import { ParseError } from '../../src/parser/diagnostics.js';
import { renderedFiles } from '../../src/render/files.js';
import { LogicalIds, pascalCase } from '../../src/render/template/logical-ids.js';
import { renderText } from '../helpers/render-project.js';
import { parseErrorOf } from '../helpers/parse-error.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

function resources(compose: string): Resources {
  return renderText(compose).template.toJSON()['Resources'] as Resources;
}

function renderError(compose: string): ParseError {
  return parseErrorOf(() => renderText(compose));
}

interface Rule {
  IpProtocol: string;
  FromPort: number;
  ToPort: number;
  CidrIp?: string;
  SourceSecurityGroupId?: { 'Fn::GetAtt': [string, string] };
}

function ingressOf(r: Resources, id: string): { port: number; from: string }[] {
  const rules = (r[id]?.Properties['SecurityGroupIngress'] as Rule[] | undefined) ?? [];
  return rules.map((rule) => ({ port: rule.FromPort, from: rule.CidrIp ?? rule.SourceSecurityGroupId?.['Fn::GetAtt'][0] ?? '?' }));
}

function groupsOf(r: Resources, service: string): string[] {
  const config = r[`${service}Service`]?.Properties['NetworkConfiguration'] as {
    AwsvpcConfiguration: { SecurityGroups: { 'Fn::GetAtt': [string, string] }[] };
  };
  return config.AwsvpcConfiguration.SecurityGroups.map((g) => g['Fn::GetAtt'][0]);
}

describe('security groups', () => {
  it('opens a published port to its load balancer (the world with x-ingress: public-ip) and an exposed one to the network only', () => {
    const r = resources('services:\n  web: {image: w, ports: ["8080:8080"]}\n  db: {image: d, expose: ["5432"]}\n');
    expect(ingressOf(r, 'WebSecurityGroup')).toEqual([
      { port: 8080, from: 'ApplicationLoadBalancerSecurityGroup' },
      { port: 8080, from: 'DefaultNetworkSecurityGroup' },
    ]);
    expect(ingressOf(resources('x-ingress: public-ip\nservices:\n  web: {image: w, ports: ["8080:8080"]}\n'), 'WebSecurityGroup')).toEqual([{ port: 8080, from: '0.0.0.0/0' }]);
    expect(ingressOf(r, 'DbSecurityGroup')).toEqual([{ port: 5432, from: 'DefaultNetworkSecurityGroup' }]);
    expect(groupsOf(r, 'Web')).toEqual(['WebSecurityGroup', 'DefaultNetworkSecurityGroup']);
  });

  it('never opens all ports or all protocols', () => {
    const r = resources('services:\n  web: {image: w, ports: ["80:80", "53:53/udp"]}\n  db: {image: d, expose: ["5432", "6000-6001"]}\n');
    const rules = Object.values(r)
      .filter((x) => x.Type === 'AWS::EC2::SecurityGroup')
      .flatMap((x) => (x.Properties['SecurityGroupIngress'] as Rule[] | undefined) ?? []);
    // web's 80 and 53/udp (each from its load balancer and from the default network), db's three ports, and the two load balancers' listeners.
    expect(rules.length).toBe(9);
    for (const rule of rules) {
      expect(['tcp', 'udp']).toContain(rule.IpProtocol);
      expect(rule.FromPort).toBe(rule.ToPort);
    }
  });

  it('keeps two networks apart: a front-only service cannot reach a back-only one', () => {
    const r = resources(
      [
        'services:',
        '  gateway: {image: g, ports: ["80:80"], networks: [front]}',
        '  api: {image: a, expose: ["8080"], networks: [front, back]}',
        '  db: {image: d, expose: ["5432"], networks: [back]}',
        'networks: {front: {}, back: {}}',
      ].join('\n'),
    );
    expect(ingressOf(r, 'DbSecurityGroup')).toEqual([{ port: 5432, from: 'BackNetworkSecurityGroup' }]);
    expect(ingressOf(r, 'ApiSecurityGroup')).toEqual([
      { port: 8080, from: 'BackNetworkSecurityGroup' },
      { port: 8080, from: 'FrontNetworkSecurityGroup' },
    ]);
    expect(groupsOf(r, 'Gateway')).toEqual(['GatewaySecurityGroup', 'FrontNetworkSecurityGroup']);
    expect(groupsOf(r, 'Gateway')).not.toContain('BackNetworkSecurityGroup');
    expect(groupsOf(r, 'Api')).toEqual(['ApiSecurityGroup', 'BackNetworkSecurityGroup', 'FrontNetworkSecurityGroup']);
  });

  it('warns that a published port different from the container port serves the container port, on a public IP', () => {
    const { warnings, template } = renderText('x-ingress: public-ip\nservices:\n  web: {image: w, ports: ["8080:80"]}\n');
    expect(warnings.find((w) => w.code === 'W_PORT_REMAPPED')?.path).toEqual(['services', 'web', 'ports', 0, 'published']);
    expect(ingressOf(template.toJSON()['Resources'] as Resources, 'WebSecurityGroup')).toEqual([{ port: 80, from: '0.0.0.0/0' }]);
  });
});

describe('secrets', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';
  const compose = [
    'services:',
    '  app:',
    '    image: a',
    '    secrets: [{source: db, target: DB_PASSWORD}, api_key]',
    'secrets:',
    `  db: {external: true, name: "${arn}:password::"}`,
    '  api_key: {external: true, name: "arn:aws:ssm:eu-west-1:123456789012:parameter/app/key"}',
  ].join('\n');

  it('injects secrets by ARN and lets the execution role read exactly those ARNs', () => {
    const r = resources(compose);
    const container = (r['AppTaskDefinition']!.Properties['ContainerDefinitions'] as { Secrets: unknown }[])[0]!;
    expect(container.Secrets).toEqual([
      { Name: 'API_KEY', ValueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/key' },
      { Name: 'DB_PASSWORD', ValueFrom: `${arn}:password::` },
    ]);
    const policy = (r['AppExecutionRole']!.Properties['Policies'] as { PolicyDocument: { Statement: { Sid: string; Action: unknown; Resource: unknown }[] } }[])[0]!;
    const statements = Object.fromEntries(policy.PolicyDocument.Statement.map((s) => [s.Sid, s]));
    expect(statements['ReadSecrets']).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Resource: [arn] });
    expect(statements['ReadParameters']).toMatchObject({ Action: 'ssm:GetParameters', Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/app/key'] });
  });

  it('refuses a secret read from a file, saying how to store it in Secrets Manager', () => {
    const error = renderError('services:\n  app: {image: a, secrets: [token]}\nsecrets:\n  token: {file: ./token.txt}\n');
    expect(error.code).toBe('E_FILE_SECRET');
    expect(`${error.message} ${error.hint}`).toMatch(/Secrets Manager/);
  });

  it('refuses an external secret whose name is not an ARN', () => {
    const error = renderError('services:\n  app: {image: a, secrets: [token]}\nsecrets:\n  token: {external: true}\n');
    expect(error.code).toBe('E_SECRET_NOT_ARN');
    expect(error.hint).toContain('aws secretsmanager create-secret');
    expect(error.position).toMatchObject({ line: 2 });
  });

  it('never writes a secret value into the template', () => {
    const { template } = renderText(compose);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/password=|s3cr3t/);
  });
});

describe('determinism', () => {
  const services = [
    '  web: {image: w, ports: ["80:80"], environment: {B: "2", A: "1"}, depends_on: [api]}',
    '  api: {image: a, expose: ["8080"], labels: {z: "1", a: "2"}}',
    '  db: {image: d, expose: ["5432"]}',
  ];

  it('renders the same bytes whatever the order of services in the file', () => {
    const one = renderText(`services:\n${services.join('\n')}\n`, 'same');
    const other = renderText(`services:\n${[...services].reverse().join('\n')}\n`, 'same');
    expect(renderedFiles('same', other, 'yaml')).toEqual(renderedFiles('same', one, 'yaml'));
  });

  it('gives a small diff for a one-line change', () => {
    const before = renderedFiles('p', renderText(`services:\n${services.join('\n')}\n`, 'p'), 'yaml')['p.yaml']!.split('\n');
    const changed = services.map((s) => s.replace('image: d', 'image: d2'));
    const after = renderedFiles('p', renderText(`services:\n${changed.join('\n')}\n`, 'p'), 'yaml')['p.yaml']!.split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual(['        - Name: db', '          Image: d2'].slice(1));
  });
});

describe('logical IDs', () => {
  it('are readable stems of compose names', () => {
    expect(pascalCase('my-app.web_2')).toBe('MyAppWeb2');
    expect(pascalCase('2fa')).toBe('S2fa');
  });

  it('keep long names within the 60 characters of an output name', () => {
    const id = pascalCase(`a-${'very-long-'.repeat(10)}service`);
    expect(id).toHaveLength(40);
    expect(`${id}SecurityGroupId`.length).toBeLessThanOrEqual(60);
    expect(pascalCase(`a-${'very-long-'.repeat(10)}other`)).not.toBe(id);
  });

  it('resolve collisions deterministically, whatever the order', () => {
    const a = new LogicalIds(['my_app', 'my-app', 'myApp']);
    const b = new LogicalIds(['myApp', 'my-app', 'my_app']);
    expect(a.of('my-app')).toBe('MyApp');
    expect(a.of('my_app')).toMatch(/^MyApp[0-9A-F]{6}$/);
    expect(a.of('myApp')).toMatch(/^MyApp[0-9A-F]{6}$/);
    expect(new Set([a.of('my-app'), a.of('my_app'), a.of('myApp')]).size).toBe(3);
    for (const name of ['my-app', 'my_app', 'myApp']) expect(b.of(name)).toBe(a.of(name));
  });

  it('render colliding service names into distinct resources', () => {
    const r = resources('services:\n  my-app: {image: a}\n  my_app: {image: b}\n');
    const services = Object.keys(r).filter((id) => r[id]!.Type === 'AWS::ECS::Service');
    expect(services).toHaveLength(2);
    expect(services).toContain('MyAppService');
  });
});

describe('ECS services and tasks', () => {
  it('sizes the task from the limits and maps update_config', () => {
    const r = resources(
      [
        'services:',
        '  api:',
        '    image: a',
        '    deploy:',
        '      replicas: 4',
        '      update_config: {parallelism: 2, order: stop-first}',
        '      resources: {limits: {cpus: "1.5", memory: 3G}}',
      ].join('\n'),
    );
    expect(r['ApiTaskDefinition']!.Properties).toMatchObject({ Cpu: '2048', Memory: '4096' });
    expect(r['ApiService']!.Properties).toMatchObject({
      DesiredCount: 4,
      DeploymentConfiguration: {
        MinimumHealthyPercent: 50,
        MaximumPercent: 100,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
    });
  });

  it('orders creation by depends_on', () => {
    const r = resources('services:\n  web: {image: w, depends_on: [db]}\n  db: {image: d}\n');
    expect(r['WebService']!.DependsOn).toContain('DbService');
  });

  it('clamps a healthcheck outside ECS ranges, with a warning', () => {
    const { warnings, template } = renderText('services:\n  web:\n    image: w\n    healthcheck: {test: ["CMD", "true"], interval: 1s, retries: 20}\n');
    const r = template.toJSON()['Resources'] as Resources;
    const check = (r['WebTaskDefinition']!.Properties['ContainerDefinitions'] as { HealthCheck: object }[])[0]!.HealthCheck;
    expect(check).toEqual({ Command: ['CMD', 'true'], Interval: 5, Timeout: 30, Retries: 10, StartPeriod: 0 });
    expect(warnings.filter((w) => w.code === 'W_CLAMPED').map((w) => w.path?.at(-1))).toEqual(['interval', 'retries']);
  });

  it('lets the execution role pull from the private ECR repository of the image only', () => {
    const r = resources('services:\n  web: {image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.2}\n');
    const text = JSON.stringify(r['WebExecutionRole']);
    expect(text).toContain('repository/team/web');
    expect(text).toContain('ecr:GetAuthorizationToken');
  });

  it('uses an existing VPC and cluster as parameters', () => {
    const result = renderText(
      [
        'x-vpc: {VpcId: vpc-0abc1234, Subnets: [subnet-1a2b3c4d, subnet-5e6f7a8b], AssignPublicIp: false}',
        'x-cluster: {ClusterName: prod}',
        'services:',
        '  web: {image: w}',
      ].join('\n'),
    );
    const r = result.template.toJSON()['Resources'] as Resources;
    expect(r['Vpc']).toBeUndefined();
    expect(r['Cluster']).toBeUndefined();
    expect(result.parameters).toEqual({ ClusterName: 'prod', SubnetIds: 'subnet-1a2b3c4d,subnet-5e6f7a8b', VpcId: 'vpc-0abc1234' });
    expect(r['WebService']!.Properties).toMatchObject({ Cluster: { Ref: 'ClusterName' }, LaunchType: 'FARGATE' });
  });
});

describe('unsupported keys', () => {
  it.each([
    { name: 'privileged', service: 'privileged: true', code: 'E_UNSUPPORTED_KEY', line: 4, path: ['privileged'] },
    { name: 'a bind mount of the Docker socket', service: 'volumes: ["/var/run/docker.sock:/var/run/docker.sock"]', code: 'E_DOCKER_SOCKET', line: 4, path: ['volumes', 0] },
    { name: 'network_mode host', service: 'network_mode: host', code: 'E_NETWORK_MODE', line: 4, path: ['network_mode'] },
    { name: 'a build context that is a URL', service: 'build: https://github.com/org/repo.git', code: 'E_BUILD_REMOTE_CONTEXT', line: 3, path: ['build'], noImage: true },
    { name: 'devices', service: 'devices: ["/dev/fuse:/dev/fuse"]', code: 'E_UNSUPPORTED_KEY', line: 4, path: ['devices'] },
  ])('$name is a clear error at its place', ({ service, noImage, code, line, path }) => {
    const error = renderError(`services:\n  web:\n${noImage ? '' : '    image: w\n'}    ${service}\n`);
    expect(error.code).toBe(code);
    expect(error.path).toEqual(['services', 'web', ...path]);
    expect(error.position?.line).toBe(line);
    expect(error.hint).toMatch(/\w/);
  });
});
