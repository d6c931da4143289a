import { renderText } from '../helpers/render-project.js';

type Json = Record<string, any>;

describe('a port published on one host address ("only this machine")', () => {
  const result = renderText('services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n  api:\n    image: example/api\n    environment:\n      DATABASE_URL: postgres://db:5432/app\n');
  const r = result.template.toJSON()['Resources'] as Json;

  it('is an internal port: mapped, reachable from the networks of the service, never from the world', () => {
    expect(r['DbTaskDefinition'].Properties.ContainerDefinitions[0].PortMappings).toEqual([expect.objectContaining({ ContainerPort: 5432 })]);
    const rules = Object.values(r).flatMap((x: Json) => (x.Type === 'AWS::EC2::SecurityGroup' ? (x.Properties.SecurityGroupIngress ?? []) : x.Type === 'AWS::EC2::SecurityGroupIngress' ? [x.Properties] : []));
    expect(rules.filter((rule: Json) => rule.CidrIp !== undefined || rule.CidrIpv6 !== undefined)).toEqual([]);
    expect(rules).toContainEqual(expect.objectContaining({ FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: expect.anything() }));
  });

  it('is said, at its host address', () => {
    const warning = result.warnings.find((w) => w.code === 'W_PORT_HOST_IP');
    expect(warning?.message).toMatch(/^the port is published on 127\.0\.0\.1 only, which on a Docker host keeps it to that machine; on ECS it is not published: the services of its networks reach it on 5432, nobody else\./);
    expect(warning?.position?.line).toBe(5);
  });
});
