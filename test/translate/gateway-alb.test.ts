import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../../src/parser/diagnostics.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { migrateComposeText } from '../../src/translate/translation.js';
import { compileChecked, renderFile, renderText } from '../helpers/render-project.js';
import { tmpProject } from '../helpers/tmp-project.js';

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DependsOn?: string[] };
type Resources = Record<string, Resource>;

const EXAMPLE = 'examples/appmesh-blue-green/docker-compose.yml';

function translated(): { resources: Resources; template: Json; report: string; migrated: string } {
  const compiled = compileChecked({ files: [path.resolve(EXAMPLE)], environment: {}, mesh: 'serviceconnect' });
  const template = compiled.rendered.template.toJSON();
  const translation = compiled.translation;
  if (!translation) throw new Error('no translation');
  return { resources: template['Resources'] as Resources, template, report: translation.report, migrated: migrateComposeText(readFileSync(EXAMPLE, 'utf8'), translation.translation) };
}

const ofType = (r: Resources, type: string): string[] => Object.keys(r).filter((id) => r[id]!.Type === type).sort();
const props = (r: Resources, id: string): Json => r[id]?.Properties ?? {};
const pathsOf = (r: Resources, id: string): unknown => (props(r, id)['Conditions'] as Json[])[0];

describe('the App Mesh virtual gateway of the blue/green study, as the Application Load Balancer', () => {
  const { resources: r, template, report, migrated } = translated();

  it('has a listener rule per gateway route, with its path, on the listener of port 80, and no gateway service or NLB', () => {
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::ListenerRule')).toEqual(['RouteBlueListenerRule', 'RouteGreenListenerRule', 'RouteSplitListenerRule']);
    for (const name of ['blue', 'green', 'split']) {
      const id = `Route${name.charAt(0).toUpperCase()}${name.slice(1)}ListenerRule`;
      expect(pathsOf(r, id)).toEqual({ Field: 'path-pattern', PathPatternConfig: { Values: [`/${name}`, `/${name}/*`] } });
      expect(props(r, id)['ListenerArn']).toEqual({ Ref: 'ApplicationLoadBalancerHttp80Listener' });
    }
    expect(props(r, 'ApplicationLoadBalancerHttp80Listener')['Port']).toBe(80);
    expect(ofType(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual(['ApplicationLoadBalancer']);
    expect(ofType(r, 'AWS::ECS::Service')).toEqual(['BlueService', 'GreenService']);
  });

  it("rewrites the matched prefix to /, as the gateway did, with a url-rewrite transform", () => {
    expect(props(r, 'RouteBlueListenerRule')['Transforms']).toEqual([{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/blue/?(.*)$', Replace: '/$1' }] } }]);
    expect(props(r, 'RouteSplitListenerRule')['Transforms']).toEqual([{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/split/?(.*)$', Replace: '/$1' }] } }]);
  });

  it('keeps /split 50:50 with a weighted forward across the target groups of blue and green', () => {
    expect(props(r, 'RouteSplitListenerRule')['Actions']).toEqual([
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: { Ref: 'BlueHttp3000TargetGroup' }, Weight: 50 },
            { TargetGroupArn: { Ref: 'GreenHttp3000TargetGroup' }, Weight: 50 },
          ],
        },
      },
    ]);
    expect(props(r, 'RouteBlueListenerRule')['Actions']).toEqual([{ Type: 'forward', TargetGroupArn: { Ref: 'BlueHttp3000TargetGroup' } }]);
    expect(props(r, 'BlueService')['LoadBalancers']).toEqual([{ ContainerName: 'blue', ContainerPort: 3000, TargetGroupArn: { Ref: 'BlueHttp3000TargetGroup' } }]);
    expect(r['BlueService']?.DependsOn).toEqual(expect.arrayContaining(['RouteBlueListenerRule', 'RouteSplitListenerRule']));
    expect(r['GreenService']?.DependsOn).toEqual(expect.arrayContaining(['RouteGreenListenerRule', 'RouteSplitListenerRule']));
  });

  it("opens the ALB's group to the world on its listener only, and the tasks to the ALB's group on their port", () => {
    expect(props(r, 'ApplicationLoadBalancerSecurityGroup')['SecurityGroupIngress']).toEqual([
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'listener 80' },
    ]);
    for (const task of ['BlueSecurityGroup', 'GreenSecurityGroup']) {
      const rules = props(r, task)['SecurityGroupIngress'] as Json[];
      expect(rules).toContainEqual(expect.objectContaining({ FromPort: 3000, ToPort: 3000, SourceSecurityGroupId: { 'Fn::GetAtt': ['ApplicationLoadBalancerSecurityGroup', 'GroupId'] } }));
      expect(rules.filter((rule) => rule['CidrIp'] !== undefined)).toEqual([]);
    }
  });

  it("gives each route its address on the ALB as a stack output, where the gateway's was", () => {
    const outputs = template['Outputs'] as Record<string, { Value: unknown }>;
    expect(outputs['RouteSplitUrl']?.Value).toEqual({ 'Fn::Sub': 'http://${ApplicationLoadBalancer.DNSName}/split' });
    expect(Object.keys(outputs).filter((k) => k.endsWith('Url')).sort()).toEqual(['RouteBlueUrl', 'RouteGreenUrl', 'RouteSplitUrl']);
  });

  it('passes the offline CloudFormation specification check, Transforms included', async () => {
    expect(await checkTemplate(template)).toEqual([]);
  });

  it('says in the report that the gateway became the ALB: the paths, the rewrite, the weights', () => {
    expect(report).toContain("| Gateways.front | translated | The virtual gateway took calls on port 80 (http)");
    expect(report).toContain("the project's internet-facing Application Load Balancer takes its place, on port 80 (443 with an x-ingress Domain), with a listener rule per route (x-ingress.Routes: /blue, /green, /split)");
    expect(report).toContain('a forward weighted across the target groups of blue:3000 (weight 50) and green:3000 (weight 50), so the split is kept');
    expect(report).toContain('App Mesh rewrote the prefix /split to / (https://docs.aws.amazon.com/app-mesh/latest/userguide/virtual_gateways.html); a url-rewrite transform does the same');
  });

  it('writes x-ingress Routes into the migrated compose file, which renders as render --mesh serviceconnect does', () => {
    expect(migrated).toContain(
      ['x-ingress:', '  Routes:', '    - Path: /blue', '      Rewrite: /', '      Targets:', '        - Service: blue', '          Port: 3000'].join('\n'),
    );
    expect(migrated).toContain(['    - Path: /split', '      Rewrite: /', '      Targets:', '        - Service: blue', '          Port: 3000', '          Weight: 50'].join('\n'));
    const dir = tmpProject({ 'docker-compose.yml': migrated }, 'appmesh-blue-green');
    expect(renderFile(path.join(dir, 'docker-compose.yml')).template.toJSON()).toEqual(template);
  });
});

describe('x-ingress Routes', () => {
  it('refuses a route to a service that is not in the project, or to a port it does not listen on', () => {
    const error = (compose: string): ParseError => {
      try {
        renderText(compose);
      } catch (e) {
        if (e instanceof ParseError) return e;
        throw e;
      }
      throw new Error('expected a ParseError');
    };
    const head = ['x-ingress:', '  Routes:', '    - Path: /a'];
    const unknown = error([...head, '      Targets: [{Service: nope, Port: 3000}]', 'services:', '  a: {image: a, expose: ["3000"]}', ''].join('\n'));
    expect([unknown.code, unknown.message]).toEqual(['E_INGRESS_ROUTE_TARGET', 'x-ingress.Routes[0] forwards to "nope", which is not a service of this project.']);
    const port = error([...head, '      Targets: [{Service: a, Port: 8080}]', 'services:', '  a: {image: a, expose: ["3000"]}', ''].join('\n'));
    expect([port.code, port.message, port.path]).toEqual(['E_INGRESS_ROUTE_TARGET', '"a" does not listen on port 8080, which x-ingress.Routes[0] forwards to.', ['x-ingress', 'Routes', 0, 'Targets', 0]]);
  });
});
