import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile, type Compilation } from '../../../src/pipeline/index.js';
import { checkTemplate } from '../../../src/render/spec-check/index.js';
import { cfnLintAvailable, runCfnLint } from '../../helpers/cfn-lint.js';
import { compileChecked } from '../../helpers/render-project.js';
import { tmpProject } from '../../helpers/tmp-project.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/**
 * Docker's x-aws-loadbalancer: the services' listeners and target groups on the existing load
 * balancer it names, no load balancer of the project's own, and the tasks admitting that
 * balancer's security group (a parameter `compose-x lookup` fills).
 */
const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-lb/1234567890abcdef';
const NLB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/my-nlb/1234567890abcdef';
const WEB = 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  api:\n    image: nginx:1.27\n    ports:\n      - "8080:8080"\n';
const BROKER = 'services:\n  broker:\n    image: eclipse-mosquitto:2\n    ports:\n      - "1883:1883"\n';

function compileText(compose: string, lookup?: Record<string, string>): { compiled: Compilation; template: Json; codes: string[] } {
  const dir = tmpProject({ 'docker-compose.yml': compose, ...(lookup ? { 'compose-x.lookup.json': JSON.stringify({ parameters: lookup }) } : {}) }, 'proj');
  const compiled = compileChecked({ files: [path.join(dir, 'docker-compose.yml')], environment: {} });
  return { compiled, template: compiled.rendered.template.toJSON(), codes: compiled.warnings.map((w) => `${w.code} ${(w.path ?? []).join('.')}`) };
}

const ofType = (template: Json, type: string): string[] => Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
const lint = (compiled: Compilation): string[] => {
  const out = mkdtempSync(path.join(tmpdir(), 'compose-x-lint-'));
  writeFileSync(path.join(out, 'proj.yaml'), compiled.templateFiles('yaml')['proj.yaml']!);
  return runCfnLint([path.join(out, 'proj.yaml')]).errors;
};

describe('x-aws-loadbalancer: an existing Application Load Balancer by ARN', () => {
  const { compiled, template, codes } = compileText(`${WEB}x-aws-loadbalancer: ${ALB}\n`);

  it('makes no load balancer, and a listener per published port on the existing one', () => {
    expect(ofType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
    expect(template.Resources.ApplicationLoadBalancerSecurityGroup).toBeUndefined();
    const listeners = ofType(template, 'AWS::ElasticLoadBalancingV2::Listener').map((id) => template.Resources[id].Properties);
    expect(listeners.map((l) => [l.Port, l.Protocol, l.LoadBalancerArn]).sort((a, b) => a[0] - b[0])).toEqual([
      [80, 'HTTP', { Ref: 'LoadBalancerArn' }],
      [8080, 'HTTP', { Ref: 'LoadBalancerArn' }],
    ]);
    expect(template.Parameters.LoadBalancerArn).toMatchObject({ Type: 'String', Default: ALB });
    expect(ofType(template, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toHaveLength(2);
    expect(template.Resources.WebService.Properties.LoadBalancers).toEqual([{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: { Ref: 'WebTargetGroup' } }]);
  });

  it("admits the balancer's security group, a parameter compose-x lookup fills (W_LOOKUP_PENDING until then)", () => {
    expect(template.Parameters.LoadBalancerSecurityGroup).toEqual({ Type: 'AWS::EC2::SecurityGroup::Id', Description: expect.stringContaining('x-aws-loadbalancer') });
    const ingress = JSON.stringify(template.Resources);
    expect(ingress).toContain('"SourceSecurityGroupId":{"Ref":"LoadBalancerSecurityGroup"}');
    expect(codes).toContain('W_LOOKUP_PENDING x-aws-loadbalancer');
    expect(codes).not.toContain('W_COMPOSEX_EXTENSION x-aws-loadbalancer');
    expect(compiled.rendered.lookups).toEqual([{ kind: 'load-balancer', parameter: 'LoadBalancerSecurityGroup', from: 'x-aws-loadbalancer', balancer: ALB, type: 'application', field: 'securityGroup' }]);
  });

  it('has no address output on a DNS name it does not know', () => {
    expect(Object.keys(template.Outputs ?? {}).filter((id) => id.endsWith('Url'))).toEqual([]);
  });

  it('takes the security group compose-x lookup wrote', () => {
    const looked = compileText(`${WEB}x-aws-loadbalancer: ${ALB}\n`, { LoadBalancerSecurityGroup: 'sg-0lb1234' });
    expect(looked.template.Parameters.LoadBalancerSecurityGroup.Default).toBe('sg-0lb1234');
    expect(looked.codes).not.toContain('W_LOOKUP_PENDING x-aws-loadbalancer');
  });

  it('passes the offline specification check', async () => {
    expect(await checkTemplate(template)).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint', () => {
    expect(lint(compiled)).toEqual([]);
  }, 300_000);
});

describe('x-aws-loadbalancer: an existing Network Load Balancer by name', () => {
  const { compiled, template, codes } = compileText(`${BROKER}x-aws-loadbalancer: my-nlb\n`);

  it('puts the TCP listener on it; its ARN and its security group are left to compose-x lookup', () => {
    expect(ofType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
    const listeners = ofType(template, 'AWS::ElasticLoadBalancingV2::Listener').map((id) => template.Resources[id].Properties);
    expect(listeners.map((l) => [l.Port, l.Protocol, l.LoadBalancerArn])).toEqual([[1883, 'TCP', { Ref: 'LoadBalancerArn' }]]);
    expect(template.Parameters.LoadBalancerArn.Default).toBeUndefined();
    expect(compiled.rendered.lookups.map((l) => [l.parameter, l.kind === 'load-balancer' ? [l.balancer, l.type, l.field] : []])).toEqual([
      ['LoadBalancerArn', ['my-nlb', 'network', 'arn']],
      ['LoadBalancerSecurityGroup', ['my-nlb', 'network', 'securityGroup']],
    ]);
    expect(codes.filter((c) => c.startsWith('W_LOOKUP_PENDING'))).toEqual(['W_LOOKUP_PENDING x-aws-loadbalancer', 'W_LOOKUP_PENDING x-aws-loadbalancer']);
  });

  it('passes the offline specification check', async () => {
    expect(await checkTemplate(template)).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint', () => {
    expect(lint(compiled)).toEqual([]);
  }, 300_000);
});

describe('x-aws-loadbalancer refusals', () => {
  const attempt = (compose: string): (() => unknown) => () => {
    const dir = tmpProject({ 'docker-compose.yml': compose }, 'proj');
    return compile({ files: [path.join(dir, 'docker-compose.yml')], environment: {} });
  };

  it('refuses a Network Load Balancer ARN for HTTP ports, at the key', () => {
    expect(attempt(`${WEB}x-aws-loadbalancer: ${NLB}\n`)).toThrow(/x-aws-loadbalancer is a Network Load Balancer, and the published ports need an Application Load Balancer/);
  });

  it('refuses one load balancer for HTTP and TCP ports', () => {
    const both = `${WEB}  broker:\n    image: eclipse-mosquitto:2\n    ports:\n      - "1883:1883"\nx-aws-loadbalancer: ${ALB}\n`;
    expect(attempt(both)).toThrow(/x-aws-loadbalancer names one load balancer, and the project publishes HTTP ports \(an Application Load Balancer\) and TCP or UDP ports/);
  });

  it('refuses scaling on requests per target, whose metric names the load balancer', () => {
    const scaling = WEB.replace('      - "80:80"\n', '      - "80:80"\n    x-autoscaling: {Min: 1, Max: 4, RequestsPerTarget: 100}\n');
    expect(attempt(`${scaling}x-aws-loadbalancer: ${ALB}\n`)).toThrow(/web scales on requests per target, but its listener is on the existing load balancer of x-aws-loadbalancer/);
  });
});
