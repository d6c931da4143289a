import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cli } from '../helpers/cli.js';

function copyExample(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), name);
  cpSync(path.join('examples', name), dir, { recursive: true });
  return dir;
}

describe('compose-x graph', () => {
  it('draws an SVG without a browser: valid XML, one node per service', () => {
    const result = cli(['graph', '--format', 'svg'], copyExample('shop'));
    expect(result.status).toBe(0);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    const svg = new XMLParser({ ignoreAttributes: false }).parse(result.stdout) as { svg: { g: { g: { '@_class': string; title: string }[] } } };
    const titles = svg.svg.g.g.filter((g) => g['@_class'] === 'node').map((g) => g.title);
    const services = titles.filter((t) => t.startsWith('service:')).sort();
    expect(services).toEqual(
      ['cart', 'catalog', 'checkout', 'gateway', 'postgres', 'rabbitmq', 'redis', 'search', 'storefront', 'worker'].map((s) => `service:${s}`),
    );
  });

  it('prints Mermaid by default and DOT on request', () => {
    const dir = copyExample('service-connect-counter');
    expect(cli(['graph'], dir).stdout).toMatch(/^flowchart LR$/m);
    expect(cli(['graph'], dir).stdout).toContain('|redis:6379|');
    expect(cli(['graph', '--format', 'dot'], dir).stdout).toMatch(/"service:counter" -> "service:redis" \[label="redis:6379"\];/);
  });
});

describe('compose-x diff --rendered', () => {
  it('summarises what a change does, without AWS', () => {
    const dir = copyExample('wordpress-mysql');
    expect(cli(['render', '-d', 'old'], dir).status).toBe(0);
    const compose = path.join(dir, 'docker-compose.yml');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace('      - "80:80"\n', '      - "80:80"\n      - "9000:9000"\n'));
    const result = cli(['diff', '--rendered', 'old'], dir, { CI: 'true' });
    expect(result.status).toBe(0);
    // 9000 is TCP: the Network Load Balancer listens on it, open to the world; the task admits the balancer.
    expect(result.stdout).toMatch(/^Ports\n {2}\+ NetworkLoadBalancerSecurityGroup: 9000\/tcp from world$/m);
    expect(result.stdout).toMatch(/^ {2}\+ wordpress: 9000\/tcp from NetworkLoadBalancerSecurityGroup$/m);
    expect(result.stdout).not.toMatch(/^ {2}\+ wordpress: 9000\/tcp from world$/m);
  });
});
