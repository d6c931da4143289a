import { compileChecked, renderText } from '../helpers/render-project.js';
import path from 'node:path';
import { instance } from '@viz-js/viz';
import { gatewayId } from '../../src/render/template/logical-ids.js';
import { reviewDiagram } from '../../src/review/diagram.js';
import { reviewDot } from '../../src/review/dot.js';
import { reviewMarkdown } from '../../src/review/markdown.js';
import { reviewMermaid } from '../../src/review/mermaid.js';
import type { ReviewEdge, ReviewModel } from '../../src/review/model.js';
import { tmpProject } from '../helpers/tmp-project.js';

type Json = Record<string, unknown>;
type Resources = Record<string, { Type: string; Properties: Json }>;

/** Parses, plans and renders an example, and builds its review. */
function reviewExample(example: string, file = 'docker-compose.yml'): { model: ReviewModel; resources: Resources } {
  return reviewFile(path.resolve('examples', example, file));
}

function reviewFile(file: string): { model: ReviewModel; resources: Resources } {
  const compiled = compileChecked({ files: [file], environment: {} });
  return { model: compiled.review(), resources: compiled.rendered.template.toJSON()['Resources'] as Resources };
}

const EXAMPLES: [string, string?][] = [
  ['appmesh-blue-green'],
  ['appmesh-time'],
  ['service-connect-counter'],
  ['service-connect-grpc'],
  ['service-connect-nginx'],
  ['service-connect-nginx', 'docker-compose.cloudmap.yml'],
  ['shop'],
  ['web-redis'],
  ['wordpress-mysql'],
];
const EDGE_CASES = `
name: edges
services:
  my-app:
    image: app:1
    ports: ["53:53/udp"]
    x-ingress: public-ip
  my_app:
    image: app:1
    expose: ["6379"]
    x-serviceconnect:
      Services:
        - Port: 6379
          IngressPortOverride: 16379
          ClientAliases: [{ DnsName: cache, Port: 6379 }]
`;
const reviews = new Map(EXAMPLES.map(([example, file]) => [`${example}/${file ?? 'docker-compose.yml'}`, reviewExample(example, file)]));
reviews.set('edge cases', reviewFile(path.join(tmpProject({ 'docker-compose.yml': EDGE_CASES }, 'edges'), 'docker-compose.yml')));
const reviewOf = (example: string): { model: ReviewModel; resources: Resources } => reviews.get(`${example}/docker-compose.yml`)!;
const edge = (model: ReviewModel, from: string, to: string): ReviewEdge | undefined => model.edges.find((e) => e.from === from && e.to === to);

/** The logical ID a `Fn::GetAtt` points at. */
const getAttId = (value: unknown): string => ((value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'] ?? [])[0];

/** The security groups of the project's load balancers, by the name the review gives them. */
const BALANCER_GROUPS: Record<string, string> = {
  'application load balancer': 'ApplicationLoadBalancerSecurityGroup',
  'network load balancer': 'NetworkLoadBalancerSecurityGroup',
  'shared load balancer': 'IngressLoadBalancerSecurityGroupId',
};

/** The logical ID (or parameter) a rule's source group points at. */
const sourceOf = (rule: Json): string => getAttId(rule['SourceSecurityGroupId']) ?? (rule['SourceSecurityGroupId'] as { Ref?: string } | undefined)?.Ref ?? '';

/** The security groups of a review node: a load balancer's, or those an ECS service's tasks wear. */
function callerGroupsOf(resources: Resources, caller: string): string[] {
  const balancer = BALANCER_GROUPS[caller];
  return balancer !== undefined ? [balancer] : groupsOf(ecsServiceOf(resources, caller));
}

/** The ECS service of a review node: a compose service (by its tag) or `gateway <name>`. */
function ecsServiceOf(resources: Resources, caller: string): Json {
  if (caller.startsWith('gateway ')) return resources[`${gatewayId(caller.slice('gateway '.length))}GatewayService`]!.Properties;
  const found = Object.values(resources).find(
    (r) => r.Type === 'AWS::ECS::Service' && (r.Properties['Tags'] as Json[] | undefined)?.some((t) => t['Key'] === 'compose-x:service' && t['Value'] === caller),
  );
  return found!.Properties;
}

/** The security groups (logical IDs) an ECS service's tasks wear. */
function groupsOf(service: Json): string[] {
  const vpc = (service['NetworkConfiguration'] as { AwsvpcConfiguration: { SecurityGroups: unknown[] } }).AwsvpcConfiguration;
  return vpc.SecurityGroups.map(getAttId);
}

/** Every ingress rule of a group: inline, and standalone AWS::EC2::SecurityGroupIngress resources. */
function rulesOf(resources: Resources, group: string): Json[] {
  const inline = (resources[group]?.Properties['SecurityGroupIngress'] as Json[] | undefined) ?? [];
  const standalone = Object.values(resources)
    .filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && getAttId(r.Properties['GroupId']) === group)
    .map((r) => r.Properties);
  return [...inline, ...standalone];
}

const covers = (rule: Json, port: number): boolean => (rule['FromPort'] as number) <= port && port <= (rule['ToPort'] as number);

/** Whether the callee's security groups admit one of the caller's groups on the port. */
function admitted(resources: Resources, e: ReviewEdge): boolean {
  const callerGroups = callerGroupsOf(resources, e.from);
  return groupsOf(ecsServiceOf(resources, e.to))
    .flatMap((g) => rulesOf(resources, g))
    .some((rule) => covers(rule, e.port) && callerGroups.includes(sourceOf(rule)));
}

describe('buildReview', () => {
  it('service-connect-counter: counter calls redis as redis:6379, the internet reaches counter:8080', () => {
    const { model } = reviewOf('service-connect-counter');
    expect(edge(model, 'counter', 'redis')).toEqual({ from: 'counter', to: 'redis', port: 6379, via: 'service-connect', label: 'redis:6379' });
    expect(model.entries).toContainEqual({ kind: 'published', name: 'internet', to: 'counter', port: 8080 });
    const counter = model.services.find((s) => s.name === 'counter')!;
    expect(counter).toMatchObject({ cpu: '512', memory: '1024', replicas: 3, logGroup: '/compose-x/counter/counter' });
    expect(counter.ports).toEqual([{ port: 8080, protocol: 'tcp', from: ['internet'] }]);
    expect(counter.permissions).toEqual([{ role: 'execution', allowed: 'logs:CreateLogStream, logs:PutLogEvents on CounterLogGroup.Arn' }]);
    expect(counter.sizeNote).toBe('raised from 256 / 512 to hold the Service Connect proxy');
    expect(model.services.find((s) => s.name === 'redis')!.ports).toEqual([{ port: 6379, protocol: 'tcp', from: ['counter'] }]);
  });

  it('shop: the gateway service (front network only) has no edge to the data stores', () => {
    const { model } = reviewOf('shop');
    for (const store of ['postgres', 'redis', 'search', 'rabbitmq']) expect(edge(model, 'gateway', store)).toBeUndefined();
    expect(edge(model, 'gateway', 'catalog')).toMatchObject({ via: 'service-connect', label: 'catalog:8080' });
    expect(edge(model, 'worker', 'postgres')).toMatchObject({ port: 5432, label: 'postgres:5432' });
  });

  it('appmesh-blue-green: the gateway front routes /blue, /green and /split 50:50; green calls blue', () => {
    const { model } = reviewOf('appmesh-blue-green');
    expect(model.entries).toEqual([
      { kind: 'gateway', name: 'front', to: 'gateway front', port: 80, label: 'front: /blue -> blue' },
      { kind: 'gateway', name: 'front', to: 'gateway front', port: 80, label: 'front: /green -> green' },
      { kind: 'gateway', name: 'front', to: 'gateway front', port: 80, label: 'front: /split -> blue 50%, green 50%' },
    ]);
    expect(model.edges).toEqual([
      { from: 'gateway front', to: 'blue', port: 3000, via: 'gateway', label: '/blue, /split 50%' },
      { from: 'gateway front', to: 'green', port: 3000, via: 'gateway', label: '/green, /split 50%' },
      { from: 'green', to: 'blue', port: 3000, via: 'app-mesh', label: 'blue' },
    ]);
    expect(model.services.find((s) => s.name === 'blue')!.permissions).toEqual([
      { role: 'execution', allowed: 'ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on arn:${AWS::Partition}:ecr:${AWS::Region}:${Account}:repository/aws-appmesh-envoy' },
      { role: 'execution', allowed: 'ecr:GetAuthorizationToken on *' },
      { role: 'execution', allowed: 'logs:CreateLogStream, logs:PutLogEvents on BlueLogGroup.Arn' },
      { role: 'task', allowed: 'appmesh:StreamAggregatedResources on BlueVirtualNode' },
      { role: 'task', allowed: 'xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, xray:GetSamplingTargets, xray:GetSamplingStatisticSummaries on *' },
    ]);
    expect(model.services.find((s) => s.name === 'blue')!.sizeNote).toBe('raised from 256 / 512 to hold Envoy and the X-Ray daemon');
    expect(model.warnings).toEqual([expect.stringMatching(/^docker-compose\.yml:7:3: x-appmesh: AWS App Mesh was discontinued on 2026-09-30/)]);
  });

  it('appmesh-time: app01 reaches clock and watch through the time router, 50% each', () => {
    const { model } = reviewOf('appmesh-time');
    expect(edge(model, 'app01', 'clock')).toEqual({ from: 'app01', to: 'clock', port: 5000, via: 'app-mesh', label: 'time 50%' });
    expect(edge(model, 'app01', 'watch')).toEqual({ from: 'app01', to: 'watch', port: 5000, via: 'app-mesh', label: 'time 50%' });
    expect(edge(model, 'app01', 'redis')).toMatchObject({ port: 6379, label: 'cache 100%' });
    expect(edge(model, 'application load balancer', 'app01')).toEqual({ from: 'application load balancer', to: 'app01', port: 5000, via: 'load-balancer', label: ':5000 /' });
    expect(model.edges).toHaveLength(4);
  });

  it('service-connect-nginx with x-cloudmap: the edge is labelled with the DNS name', () => {
    const { model } = reviews.get('service-connect-nginx/docker-compose.cloudmap.yml')!;
    expect(model.edges.every((e) => e.via === 'network')).toBe(true);
    expect(edge(model, 'ubuntu', 'nginx')?.label).toMatch(/^nginx\./);
  });

  it('edge cases: the Service Connect proxy port, UDP, and names that clash once sanitized', () => {
    const { model } = reviews.get('edge cases')!;
    expect(model.edges).toEqual([{ from: 'my-app', to: 'my_app', port: 16379, via: 'service-connect', label: 'cache:6379' }]);
    expect(model.entries).toEqual([{ kind: 'published', name: 'internet', to: 'my-app', port: 53 }]);
    expect(model.services.map((s) => s.ports)).toEqual([
      [{ port: 53, protocol: 'udp', from: ['internet'] }],
      [
        { port: 6379, protocol: 'tcp', from: [] },
        { port: 16379, protocol: 'tcp', from: ['my-app'] },
      ],
    ]);
    const mermaid = reviewMermaid(model);
    expect(mermaid).toContain('  subgraph network_default["network default"]\n    service_my_app["my-app :53/udp"]\n    service_my_app_2["my_app :6379 :16379"]\n  end\n');
    expect(mermaid).toContain('  service_my_app -->|cache:6379| service_my_app_2\n');
  });

  it('wordpress-mysql: secrets are listed by ARN, with the execution role allowed to read them', () => {
    const { model } = reviewOf('wordpress-mysql');
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:wordpress/db-password-AbCdEf';
    for (const name of ['db', 'wordpress']) {
      const service = model.services.find((s) => s.name === name)!;
      expect(service.secrets).toEqual([arn]);
      expect(service.permissions).toContainEqual({ role: 'execution', allowed: `secretsmanager:GetSecretValue on ${arn}` });
    }
  });

  describe.each([...reviews.keys()])('%s', (key) => {
    const { model, resources } = reviews.get(key)!;

    it("has no edge that the template's security groups do not allow", () => {
      for (const e of model.edges) expect({ edge: e, admitted: admitted(resources, e) }).toEqual({ edge: e, admitted: true });
    });

    it('has an edge for every caller the security groups admit, and an entry for every port open to the world', () => {
      const balancers = Object.keys(BALANCER_GROUPS).filter((b) => resources[BALANCER_GROUPS[b]!] !== undefined);
      const callers = [...model.services.map((s) => s.name), ...model.edges.filter((e) => e.via === 'gateway').map((e) => e.from), ...balancers];
      for (const to of model.services.map((s) => s.name)) {
        for (const rule of groupsOf(ecsServiceOf(resources, to)).flatMap((g) => rulesOf(resources, g))) {
          const port = rule['FromPort'] as number;
          if (rule['CidrIp'] === '0.0.0.0/0') {
            expect(model.entries).toContainEqual({ kind: 'published', name: 'internet', to, port });
            continue;
          }
          const source = sourceOf(rule);
          for (const from of callers.filter((c) => c !== to && callerGroupsOf(resources, c).includes(source))) {
            expect(model.edges.filter((e) => e.from === from && e.to === to && e.port === port)).toHaveLength(1);
          }
        }
      }
    });

    it('draws every edge in Mermaid and DOT: as an arrow, or as the membership of a network that caller and callee share', () => {
      const mermaid = reviewMermaid(model);
      const dot = reviewDot(model);
      expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
      const networksOf = (service: string): string[] => model.groups.filter((g) => g.members.includes(service)).map((g) => g.name);
      const id = (text: string): string => text.replace(/[^A-Za-z0-9_]/g, '_');
      for (const e of model.edges) {
        if (e.from.startsWith('network ')) {
          const network = e.from.slice('network '.length);
          expect(mermaid).toContain(`subgraph network_${id(network)}["network ${network} (`);
          continue;
        }
        const node = e.via === 'load-balancer' ? `balancer:${e.from}` : e.from.startsWith('gateway ') ? `gateway:${e.from.slice(8)}` : `service:${e.from}`;
        const arrow = new RegExp(`^  ${id(node)}(_2)? -->\\|.+\\| service_${id(e.to)}(_2)?$`, 'm');
        if (arrow.test(mermaid)) {
          expect(dot).toContain(`"${node}" -> "service:${e.to}"`);
          continue;
        }
        // Not an arrow of its own: the caller or the callee is drawn outside the groups, a member of a network both are on.
        const shared = networksOf(e.from).filter((n) => networksOf(e.to).includes(n));
        const outside = [e.from, e.to].filter((s) => networksOf(s).length > 1);
        expect({ edge: e, said: shared.some((n) => outside.some((s) => mermaid.includes(`  service_${id(s)} <-->|member| network_${id(n)}\n`))) }).toEqual({ edge: e, said: true });
      }
      for (const group of model.groups) expect(mermaid).toContain(`  subgraph network_${id(group.name)}[`);
      expect(reviewMermaid(model)).toBe(mermaid);
      expect(reviewDot(model)).toBe(dot);
    });

    it('writes DOT that Graphviz parses as a digraph, one -> per arrow and one cluster per network', async () => {
      const dot = reviewDot(model);
      const arrows = dot.split('\n').filter((line) => /^ {2}"[^"]*" -> "[^"]*"/.test(line));
      expect(arrows).toHaveLength(reviewDiagram(model).arrows.length);
      const parsed = (await instance()).renderJSON(dot) as { directed: boolean; edges?: unknown[]; objects?: { name: string }[] };
      expect(parsed.directed).toBe(true);
      expect(parsed.edges ?? []).toHaveLength(arrows.length);
      const clusters = (parsed.objects ?? []).filter((o) => o.name.startsWith('cluster_')).map((o) => o.name);
      expect(clusters).toEqual(model.groups.map((g) => `cluster_network:${g.name}`));
    });

    it('writes the review Markdown', () => {
      const md = reviewMarkdown(model);
      expect(md.startsWith(`# Review of ${model.project}\n`)).toBe(true);
      expect(md).toContain(`\`\`\`mermaid\n${reviewMermaid(model)}\`\`\``);
      for (const title of ['Services', 'Connections', 'IAM permissions', 'Secrets', 'Warnings']) expect(md).toContain(`\n## ${title}\n`);
      expect(reviewMarkdown(model)).toBe(md);
    });
  });

  it('markdown of service-connect-counter: services, permissions, no secrets, no warnings', () => {
    const md = reviewMarkdown(reviewOf('service-connect-counter').model);
    expect(md).toContain(
      '| counter | `public.ecr.aws/aws-containers/hello-ecs-counter:latest` | 512 / 1024 (raised from 256 / 512 to hold the Service Connect proxy) | 3 | 8080/tcp from internet | `/compose-x/counter/counter` |',
    );
    expect(md).toContain('| redis | execution | `logs:CreateLogStream, logs:PutLogEvents on RedisLogGroup.Arn` |');
    expect(md).toContain('## Secrets\n\nnone');
    expect(md).toContain('## Warnings\n\nnone');
    expect(md).toContain('  service_counter -->|redis:6379| service_redis');
  });
});

describe('a crowded network', () => {
  it('is one group that says its members reach each other, without an arrow per pair (linear, not quadratic)', () => {
    const services = Array.from({ length: 12 }, (_, i) => `  s${i}: {image: x, expose: ["80"]}`).join('\n');
    const { review } = renderText(`x-serviceconnect: false\nservices:\n${services}\n`);
    expect(review).toContain('## Networks');
    expect(review).toContain('  subgraph network_default["network default (12 services, each may call the ports of the others)"]\n');
    expect(review.match(/^ {4}service_s\d+\["s\d+ :80"\]$/gm)).toHaveLength(12);
    expect(review).not.toMatch(/-->/);
  });
});

describe('the shop', () => {
  it('has one group per network, the services of both networks outside them, and the gateway -> storefront arrow', () => {
    const mermaid = reviewMermaid(reviewOf('shop').model);
    expect(mermaid.match(/^ {2}subgraph /gm)).toHaveLength(2);
    expect(mermaid).toContain('  subgraph network_front["network front"]\n    service_gateway["gateway :80"]\n    service_storefront["storefront :3000"]\n  end\n');
    for (const s of ['cart', 'catalog', 'checkout']) {
      expect(mermaid).toContain(`  service_${s} <-->|member| network_front\n`);
      expect(mermaid).toContain(`  service_${s} <-->|member| network_back\n`);
    }
    expect(mermaid).toContain('  service_gateway -->|storefront:3000| service_storefront\n');
    expect(mermaid.match(/-->/g)!.length).toBeLessThanOrEqual(30);
  });
});
