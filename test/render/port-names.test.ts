import { renderText } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function render(compose: string): { r: Resources; warnings: ReturnType<typeof renderText>['warnings'] } {
  const result = renderText(compose);
  return { r: result.template.toJSON()['Resources'] as Resources, warnings: result.warnings };
}

function portMappings(r: Resources, id: string): unknown {
  return (r[`${id}TaskDefinition`]!.Properties['ContainerDefinitions'] as Record<string, unknown>[])[0]!['PortMappings'];
}

function portNamesOfService(r: Resources, id: string): unknown[] {
  const config = r[`${id}Service`]!.Properties['ServiceConnectConfiguration'] as { Services: { PortName: string }[] };
  return config.Services.map((s) => s.PortName);
}

describe('port mapping names', () => {
  const web = [
    'services:',
    '  web:',
    '    image: w',
    '    ports:',
    '      - name: Web_HTTP',
    '        target: 8080',
    '        published: "8080"',
    '      - {name: "admin panel", target: 9000}',
    '  client: {image: c}',
    '',
  ].join('\n');

  it('lower-cases a compose port name and turns the characters ECS refuses into "-", in the task and in Service Connect', () => {
    const { r, warnings } = render(web);
    expect(portMappings(r, 'Web')).toEqual([
      { ContainerPort: 8080, Protocol: 'tcp', Name: 'web_http' },
      { ContainerPort: 9000, Protocol: 'tcp', Name: 'admin-panel' },
    ]);
    expect(portNamesOfService(r, 'Web')).toEqual(['web_http', 'admin-panel']);
    const renamed = warnings.filter((w) => w.code === 'W_PORT_NAME');
    expect(renamed.map((w) => [w.path, w.position?.line])).toEqual([
      [['services', 'web', 'ports', 0, 'name'], 5],
      [['services', 'web', 'ports', 1, 'name'], 8],
    ]);
    expect(renamed[0]?.message).toMatch(/"Web_HTTP" .*"web_http"/);
  });

  it('keeps names unique in the task: the second of two that normalise alike gets its port', () => {
    const { r, warnings } = render('services:\n  web:\n    image: w\n    ports:\n      - {name: Web, target: 80}\n      - {name: web, target: 8080}\n  client: {image: c}\n');
    expect(portMappings(r, 'Web')).toEqual([
      { ContainerPort: 80, Protocol: 'tcp', Name: 'web' },
      { ContainerPort: 8080, Protocol: 'tcp', Name: 'web-8080' },
    ]);
    expect(portNamesOfService(r, 'Web')).toEqual(['web', 'web-8080']);
    expect(warnings.filter((w) => w.code === 'W_PORT_NAME').map((w) => w.path)).toEqual([
      ['services', 'web', 'ports', 0, 'name'],
      ['services', 'web', 'ports', 1, 'name'],
    ]);
  });

  it('cuts a name to ECS\'s 64 characters and drops leading hyphens', () => {
    const { r } = render(`services:\n  web:\n    image: w\n    ports:\n      - {name: "--${'a'.repeat(70)}", target: 80}\n  client: {image: c}\n`);
    expect(portMappings(r, 'Web')).toEqual([{ ContainerPort: 80, Protocol: 'tcp', Name: 'a'.repeat(64) }]);
  });

  it('normalises an x-serviceconnect PortName the same way, and warns at it', () => {
    const compose = [
      'services:',
      '  api:',
      '    image: a',
      '    expose: ["8080"]',
      '    x-serviceconnect:',
      '      Services:',
      '        - {Port: 8080, PortName: API.Main}',
      '  client: {image: c}',
      '',
    ].join('\n');
    const { r, warnings } = render(compose);
    expect(portMappings(r, 'Api')).toEqual([{ ContainerPort: 8080, Protocol: 'tcp', Name: 'api-main' }]);
    expect(portNamesOfService(r, 'Api')).toEqual(['api-main']);
    expect(warnings.find((w) => w.code === 'W_PORT_NAME')?.path).toEqual(['services', 'api', 'x-serviceconnect', 'Services', 0, 'PortName']);
  });

  it('says nothing of a name ECS takes as written', () => {
    const { r, warnings } = render('services:\n  web:\n    image: w\n    ports:\n      - {name: http-web_1, target: 80}\n  client: {image: c}\n');
    expect(portMappings(r, 'Web')).toEqual([{ ContainerPort: 80, Protocol: 'tcp', Name: 'http-web_1' }]);
    expect(warnings.filter((w) => w.code === 'W_PORT_NAME')).toEqual([]);
  });
});
