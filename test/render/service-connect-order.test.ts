import { renderText } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

function render(compose: string): { r: Resources; warnings: ReturnType<typeof renderText>['warnings'] } {
  const result = renderText(compose);
  return { r: result.template.toJSON()['Resources'] as Resources, warnings: result.warnings };
}

/** The ECS services a service waits for. */
function waitsFor(r: Resources, id: string): string[] {
  return (r[`${id}Service`]!.DependsOn ?? []).filter((d) => d.endsWith('Service'));
}

/**
 * A Service Connect client learns the endpoints of the namespace when its tasks start, so a
 * service is created after the services it calls (by the hosts its environment names).
 */
describe('Service Connect creation order', () => {
  it('creates db, then api, then web when web calls api and api calls db', () => {
    const { r, warnings } = render(
      [
        'services:',
        '  web: {image: w, ports: ["80:80"], environment: {API_URL: "http://api:8080"}}',
        '  api: {image: a, expose: ["8080"], environment: {DATABASE_URL: "postgres://app@db:5432/app"}}',
        '  db: {image: d, expose: ["5432"]}',
        '',
      ].join('\n'),
    );
    expect(waitsFor(r, 'Web')).toEqual(['ApiService']);
    expect(waitsFor(r, 'Api')).toEqual(['DbService']);
    expect(waitsFor(r, 'Db')).toEqual([]);
    expect(warnings.filter((w) => w.code === 'W_SC_ORDER_CYCLE')).toEqual([]);
  });

  it('names a callee once when depends_on names it too, and keeps the order of depends_on', () => {
    const { r } = render(
      [
        'services:',
        '  web: {image: w, environment: {API_HOST: api, CACHE: "redis:6379"}, depends_on: [api]}',
        '  api: {image: a, expose: ["8080"]}',
        '  redis: {image: r, expose: ["6379"]}',
        '',
      ].join('\n'),
    );
    expect(waitsFor(r, 'Web')).toEqual(['ApiService', 'RedisService']);
  });

  it('leaves out the calls of a cycle, and names it in a warning at the first call', () => {
    const { r, warnings } = render(
      [
        'services:',
        '  a: {image: a, expose: ["80"], environment: {B_URL: "http://b:80"}}',
        '  b: {image: b, expose: ["80"], environment: {C_URL: "http://c:80"}}',
        '  c: {image: c, expose: ["80"], environment: {A_URL: "http://a:80", D_URL: "http://d:80"}}',
        '  d: {image: d, expose: ["80"]}',
        '',
      ].join('\n'),
    );
    expect(waitsFor(r, 'A')).toEqual([]);
    expect(waitsFor(r, 'B')).toEqual([]);
    expect(waitsFor(r, 'C')).toEqual(['DService']);
    const cycle = warnings.filter((w) => w.code === 'W_SC_ORDER_CYCLE');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]).toMatchObject({ path: ['services', 'a', 'environment', 'B_URL'], position: { line: 2 } });
    expect(cycle[0]?.message).toContain('a -> b -> c -> a');
  });

  it('counts depends_on in a cycle: a call against depends_on is left out', () => {
    const { r, warnings } = render(
      'services:\n  a: {image: a, expose: ["80"], depends_on: [b]}\n  b: {image: b, expose: ["80"], environment: {A_URL: "http://a:80"}}\n',
    );
    expect(waitsFor(r, 'A')).toEqual(['BService']);
    expect(waitsFor(r, 'B')).toEqual([]);
    expect(warnings.find((w) => w.code === 'W_SC_ORDER_CYCLE')?.message).toContain('a -> b -> a');
  });

  it('orders nothing without Service Connect', () => {
    const { r } = render('x-serviceconnect: false\nservices:\n  web: {image: w, environment: {API_URL: "http://api:8080"}}\n  api: {image: a, expose: ["8080"]}\n');
    expect(waitsFor(r, 'Web')).toEqual([]);
  });
});
