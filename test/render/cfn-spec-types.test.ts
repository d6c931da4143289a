import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from '../../scripts/generate-cfn-types.js';
import {
  EcsServiceResource,
  type EcsServiceProperties,
  type EcsServiceServiceConnectService,
  type ServiceDiscoveryPrivateDnsNamespaceProperties,
} from '../../src/render/template/cfn-spec-types.js';
import { Ref } from '../../src/render/template/cfn.js';

const COMMITTED = path.resolve('src/render/template/cfn-spec-types.ts');

describe('src/render/template/cfn-spec-types.ts', () => {
  it('is what scripts/generate-cfn-types.ts generates from the installed specification', async () => {
    const [generated, committed] = await Promise.all([generate(), readFile(COMMITTED, 'utf8')]);
    if (generated !== committed) {
      throw new Error(`${COMMITTED} is out of date with the generator or the specification: run \`npm run gen:types\``);
    }
  }, 60_000);
});

describe('the generated types', () => {
  // These checks are at the type level: `npm run typecheck` compiles this file.
  it('take the Service Connect properties cloudform-types lacks', () => {
    const service: EcsServiceServiceConnectService = {
      PortName: 'web',
      ClientAliases: [{ Port: 80, DnsName: 'web', TestTrafficRules: { Header: { Name: 'x-canary' } } }],
      Tls: { IssuerCertificateAuthority: { AwsPcaAuthorityArn: 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/x' } },
      Timeout: { IdleTimeoutSeconds: 300, PerRequestTimeoutSeconds: Ref('Timeout') },
    };
    const properties: EcsServiceProperties = {
      ServiceConnectConfiguration: {
        Enabled: true,
        Namespace: 'app.local',
        AccessLogConfiguration: { Format: 'JSON', IncludeQueryParameters: 'ENABLED' },
        Services: [service],
      },
      DeploymentConfiguration: { Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 5 },
    };
    expect(properties.ServiceConnectConfiguration?.Services).toEqual([service]);
  });

  it('require the required properties and know no others', () => {
    // @ts-expect-error Tls needs an IssuerCertificateAuthority.
    const withoutAuthority: EcsServiceServiceConnectService = { PortName: 'web', Tls: {} };
    // @ts-expect-error a port is a number.
    const stringPort: EcsServiceServiceConnectService = { PortName: 'web', ClientAliases: [{ Port: '80' }] };
    // @ts-expect-error there is no such property.
    const unknown: EcsServiceServiceConnectService = { PortName: 'web', Unknown: true };
    // @ts-expect-error a private DNS namespace needs a Name.
    const nameless: ServiceDiscoveryPrivateDnsNamespaceProperties = { Vpc: 'vpc-1' };
    expect([withoutAuthority, stringPort, unknown, nameless]).toHaveLength(4);
  });
});

describe('the generated resource classes', () => {
  it('serialize as a CloudFormation resource', () => {
    const resource = new EcsServiceResource({ Cluster: Ref('Cluster'), DesiredCount: 1 });
    expect(JSON.parse(JSON.stringify(resource))).toEqual({
      Type: 'AWS::ECS::Service',
      Properties: { Cluster: { Ref: 'Cluster' }, DesiredCount: 1 },
    });
  });

  it('take cloudform resource options such as dependsOn', () => {
    const resource = new EcsServiceResource({ Cluster: 'main' }).dependsOn(['Listener', 'Role']);
    expect(JSON.stringify(resource)).toBe(
      '{"Type":"AWS::ECS::Service","Properties":{"Cluster":"main"},"DependsOn":["Listener","Role"]}',
    );
  });
});
