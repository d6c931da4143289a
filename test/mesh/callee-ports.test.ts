import { renderText } from '../helpers/render-project.js';

type Json = Record<string, any>;

/**
 * Callees that declare no port, as public compose files write them (umami, penpot, n8n...):
 * docker compose lets a network reach every port, ECS does not, so compose-x opens the port
 * the callers name (or their URL's scheme, or the official image) and says where it came from.
 */
const resources = (compose: string): { r: Json; warnings: { code: string; message: string; line: number | undefined }[] } => {
  const result = renderText(compose);
  return {
    r: result.template.toJSON()['Resources'] as Json,
    warnings: result.warnings.map((w) => ({ code: w.code, message: w.message, line: w.position?.line })),
  };
};

describe('a callee that declares no port', () => {
  const umami = [
    'services:',
    '  umami:',
    '    image: ghcr.io/umami-software/umami:postgresql-latest',
    '    ports: ["3000:3000"]',
    '    environment:',
    '      DATABASE_URL: postgresql://umami:umami@db:5432/umami',
    '      DATABASE_TYPE: postgresql',
    '  db:',
    '    image: postgres:15-alpine',
    '    environment:',
    '      POSTGRES_DB: umami',
    '',
  ].join('\n');

  it('gets the port its caller names: a port mapping, a Service Connect alias and ingress from its network', () => {
    const { r, warnings } = resources(umami);
    expect(r['DbTaskDefinition'].Properties.ContainerDefinitions[0].PortMappings).toEqual([expect.objectContaining({ ContainerPort: 5432, Protocol: 'tcp' })]);
    expect(r['DbService'].Properties.ServiceConnectConfiguration.Services).toEqual([expect.objectContaining({ ClientAliases: [{ DnsName: 'db', Port: 5432 }] })]);
    const ingress = Object.values(r).filter((x: Json) => x.Type === 'AWS::EC2::SecurityGroupIngress' || x.Type === 'AWS::EC2::SecurityGroup');
    expect(JSON.stringify(ingress)).toContain('"FromPort":5432');
    expect(warnings).toContainEqual({
      code: 'W_PORT_INFERRED',
      message: 'db declares no port, so compose-x opens 5432/tcp to the services of its networks: DATABASE_URL of umami names db:5432. Declare it with expose: ["5432"] to say so.',
      line: 6,
    });
  });

  it.each([
    ['the *_PORT beside a *_HOST', '      REDIS_HOST: cache\n      REDIS_PORT: "6380"\n', 'cache:\n    image: redis:7', 6380, /REDIS_HOST of app names cache:6380/],
    ["the default port of its URL's scheme", '      BROKER_URL: amqp://guest:guest@broker/\n', 'broker:\n    image: example/broker', 5672, /BROKER_URL of app is a amqp:\/\/ URL of broker, whose default port is 5672/],
    ['the port of its official image', '      MYSQL_HOST: mysql\n', 'mysql:\n    image: mysql:8.4', 3306, /the official mysql image listens on 3306/],
    ['a penpot-style URL without a port', '      PENPOT_DATABASE_URI: postgresql://penpot-postgres/penpot\n', 'penpot-postgres:\n    image: postgres:15', 5432, /is a postgresql:\/\/ URL of penpot-postgres, whose default port is 5432/],
  ])('gets %s', (_, environment, callee, port, from) => {
    const compose = `services:\n  app:\n    image: example/app\n    environment:\n${environment}  ${callee}\n`;
    const { r, warnings } = resources(compose);
    const id = Object.keys(r).find((k) => k.endsWith('TaskDefinition') && !k.startsWith('App'))!;
    expect(r[id].Properties.ContainerDefinitions[0].PortMappings).toEqual([expect.objectContaining({ ContainerPort: port })]);
    expect(warnings.find((w) => w.code === 'W_PORT_INFERRED')?.message).toMatch(from);
  });

  it('is said to be unreachable when nothing gives its port, at the caller', () => {
    const { r, warnings } = resources('services:\n  app:\n    image: example/app\n    environment:\n      WORKER_HOST: worker\n  worker:\n    image: example/worker\n');
    expect(r['WorkerTaskDefinition'].Properties.ContainerDefinitions[0].PortMappings).toBeUndefined();
    expect(warnings).toContainEqual({
      code: 'W_CALLEE_UNREACHABLE',
      message: 'app calls worker (WORKER_HOST), but worker declares no port and none can be inferred, so it is unreachable on ECS, where a task listens only on the ports its task definition declares. Declare the port with expose: ["PORT"] on worker.',
      line: 5,
    });
  });

  it('keeps the ports a service declares, and says nothing of a service nobody calls', () => {
    const { warnings } = resources('services:\n  app:\n    image: example/app\n    environment:\n      DB: postgres://db:5432/x\n  db:\n    image: postgres:16\n    expose: ["5433"]\n  lonely:\n    image: postgres:16\n');
    expect(warnings.filter((w) => w.code === 'W_PORT_INFERRED' || w.code === 'W_CALLEE_UNREACHABLE')).toEqual([]);
  });
});
