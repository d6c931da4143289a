import { ParseError } from '../../src/parser/diagnostics.js';
import { renderText } from '../helpers/render-project.js';
import { parseErrorOf } from '../helpers/parse-error.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
interface Statement {
  Sid: string;
  Action: unknown;
  Resource: unknown;
}

/** The statements of a service's execution role, by Sid. */
function executionStatements(r: Resources, id: string): Record<string, Statement> {
  const policy = (r[`${id}ExecutionRole`]!.Properties['Policies'] as { PolicyDocument: { Statement: Statement[] } }[])[0]!;
  return Object.fromEntries(policy.PolicyDocument.Statement.map((s) => [s.Sid, s]));
}

function resourcesOf(result: ReturnType<typeof renderText>): Resources {
  return result.template.toJSON()['Resources'] as Resources;
}

function renderError(compose: string): ParseError {
  return parseErrorOf(() => renderText(compose));
}

describe('execution role: secrets', () => {
  const partial = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password';
  const compose = (name: string): string =>
    ['services:', '  app:', '    image: a', '    secrets: [db]', 'secrets:', '  db:', '    external: true', `    name: "${name}"`, ''].join('\n');

  it('grants a Secrets Manager ARN without its random suffix as <arn>-?????? and says so at its place', () => {
    const result = renderText(compose(partial));
    const r = resourcesOf(result);
    expect(executionStatements(r, 'App')['ReadSecrets']).toMatchObject({ Resource: [`${partial}-??????`] });
    const container = (r['AppTaskDefinition']!.Properties['ContainerDefinitions'] as { Secrets: unknown }[])[0]!;
    expect(container.Secrets).toEqual([{ Name: 'DB', ValueFrom: partial }]);
    const warning = result.warnings.find((w) => w.code === 'W_SECRET_ARN_SUFFIX');
    expect(warning).toMatchObject({ path: ['secrets', 'db', 'name'], position: { line: 8, col: 11 } });
    expect(warning?.message).toMatch(/has no suffix .*-\?\?\?\?\?\?/);
  });

  it('keeps the JSON key of a partial ARN in ValueFrom and widens only the grant', () => {
    const r = resourcesOf(renderText(compose(`${partial}:password::`)));
    expect(executionStatements(r, 'App')['ReadSecrets']).toMatchObject({ Resource: [`${partial}-??????`] });
  });

  it('grants a complete ARN as written, without a warning', () => {
    const full = `${partial}-AbC1eF`;
    const result = renderText(compose(full));
    expect(executionStatements(resourcesOf(result), 'App')['ReadSecrets']).toMatchObject({ Resource: [full] });
    expect(result.warnings.filter((w) => w.code === 'W_SECRET_ARN_SUFFIX')).toEqual([]);
  });

  it('grants kms:Decrypt on the customer managed key a secret names with x-kms-key', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const r = resourcesOf(renderText(`${compose(`${partial}-AbC1eF`)}    x-kms-key: "${key}"\n`));
    expect(executionStatements(r, 'App')['DecryptSecrets']).toEqual({ Sid: 'DecryptSecrets', Effect: 'Allow', Action: 'kms:Decrypt', Resource: [key] });
  });

  it('gives no kms:Decrypt without x-kms-key (the AWS managed key needs none)', () => {
    const r = resourcesOf(renderText(compose(`${partial}-AbC1eF`)));
    expect(executionStatements(r, 'App')['DecryptSecrets']).toBeUndefined();
  });

  it('refuses an x-kms-key that is not a key ARN (an alias cannot be granted)', () => {
    const error = renderError(`${compose(`${partial}-AbC1eF`)}    x-kms-key: alias/db\n`);
    expect(error.code).toBe('E_SECRET_KMS_KEY');
    expect(error.position).toMatchObject({ line: 9 });
    expect(error.hint).toMatch(/arn:aws:kms:REGION:ACCOUNT:key\//);
  });
});

describe('execution role: images in private Amazon ECR repositories', () => {
  const pulls = (compose: string, id = 'App'): Statement | undefined => executionStatements(resourcesOf(renderText(compose)), id)['PullImages'];
  const app = (image: string): string => `services:\n  app: {image: "${image}"}\n`;
  const repository = (region: string, account: string, name: string): unknown => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ecr:${region}:${account}:repository/${name}` });

  it('pulls from the named repository of another account, and logs in to ECR', () => {
    const r = resourcesOf(renderText(app('840364872350.dkr.ecr.eu-west-1.amazonaws.com/aws-appmesh-envoy:v1.29.6.0-prod')));
    const statements = executionStatements(r, 'App');
    expect(statements['PullImages']).toMatchObject({
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: [repository('eu-west-1', '840364872350', 'aws-appmesh-envoy')],
    });
    expect(statements['EcrLogin']).toMatchObject({ Action: 'ecr:GetAuthorizationToken', Resource: '*' });
  });

  it.each([
    ['a digest', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@sha256:' + 'a'.repeat(64), 'eu-west-1', 'team/app'],
    ['a dual-stack registry', '123456789012.dkr-ecr.eu-west-1.on.aws/team/app:1', 'eu-west-1', 'team/app'],
    ['a FIPS registry', '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app:1', 'us-east-1', 'app'],
    ['a China region', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1', 'cn-north-1', 'app'],
  ])('reads the repository of %s', (_, image, region, name) => {
    expect(pulls(app(image))).toMatchObject({ Resource: [repository(region, '123456789012', name)] });
  });

  it('grants nothing for a public image', () => {
    expect(pulls(app('public.ecr.aws/nginx/nginx:1.27'))).toBeUndefined();
    expect(pulls(app('nginx:1.27'))).toBeUndefined();
  });

  it('lets a node pull the App Mesh Envoy image when x-appmesh names one in a private ECR repository', () => {
    const compose = [
      'x-appmesh:',
      '  Properties: {MeshName: m}',
      '  Envoy: {Image: "840364872350.dkr.ecr.eu-west-1.amazonaws.com/aws-appmesh-envoy:v1.29.6.0-prod"}',
      '  Settings:',
      '    Nodes:',
      '      - {Name: api, Protocol: Http, Port: 80}',
      'services:',
      '  api: {image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1", expose: ["80"]}',
      '',
    ].join('\n');
    expect(pulls(compose, 'Api')).toMatchObject({
      Resource: [repository('eu-west-1', '123456789012', 'api'), repository('eu-west-1', '840364872350', 'aws-appmesh-envoy')],
    });
  });
});
