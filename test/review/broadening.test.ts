import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { broadening, widens } from '../../src/review/rendered-diff/broadening.js';

/** What a change widens, read from the same comparison as `diff --rendered`: the approval of `up`. */
const DIR = 'examples/appmesh-blue-green/cfn';
const render = (): Record<string, string> =>
  Object.fromEntries(readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.params.json')).map((f) => [f, readFileSync(path.join(DIR, f), 'utf8')]));

describe('broadening', () => {
  it('a stack not deployed yet widens everything it adds: permissions, ingress, public ports, listeners', () => {
    const b = broadening({}, render());
    expect(b.publicPorts).toEqual([{ service: 'FrontLoadBalancerSecurityGroup', port: '80', protocol: 'tcp', from: 'world' }]);
    expect(b.ingress).toContainEqual({ service: 'blue', port: '3000', protocol: 'tcp', from: 'GreenSecurityGroup' });
    expect(b.listeners).toEqual([{ listener: 'FrontListener', loadBalancer: 'FrontLoadBalancer', port: '80', protocol: 'TCP' }]);
    expect(b.permissions.length).toBeGreaterThan(0);
  });

  it('the same templates widen nothing', () => {
    expect(widens(broadening(render(), render()))).toBe(false);
  });

  it('a listener on another port widens; a public port narrowed to a CIDR is ingress, no longer public', () => {
    const now = render();
    const [file] = Object.entries(now).find(([, text]) => text.includes('FrontListener:')) ?? [];
    if (file === undefined) throw new Error('no listener in the example');
    const moved = { ...now, [file]: (now[file] ?? '').replace('LoadBalancerArn: !Ref FrontLoadBalancer\n      Port: 80\n', 'LoadBalancerArn: !Ref FrontLoadBalancer\n      Port: 8080\n') };
    expect(moved[file]).not.toBe(now[file]);
    expect(broadening(now, moved).listeners).toEqual([{ listener: 'FrontListener', loadBalancer: 'FrontLoadBalancer', port: '8080', protocol: 'TCP' }]);
    expect(widens(broadening(moved, now))).toBe(true);
    const narrowed = broadening(now, { ...now, [file]: (now[file] ?? '').replace('CidrIp: 0.0.0.0/0', 'CidrIp: 10.0.0.0/16') });
    expect(narrowed.publicPorts).toEqual([]);
    expect(narrowed.ingress).toEqual([{ service: 'FrontLoadBalancerSecurityGroup', port: '80', protocol: 'tcp', from: '10.0.0.0/16' }]);
  });
});
