import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Warning } from '../../src/parser/diagnostics.js';
import { extensionKeys } from '../../src/parser/schemas.js';
import { COMPOSEX_EXTENSIONS, checkSupport, extensionsMarkdown } from '../../src/support/compose-support.js';
import { project, service } from '../helpers/model.js';

const DOC = path.join(process.cwd(), 'docs', 'extensions.md');

/** The warnings of the support stage for a project of one service `web`. */
function warnings(top: Record<string, unknown>, web: Record<string, unknown> = {}): Warning[] {
  const said: Warning[] = [];
  const proj = project('shop', [service({ name: 'web', extensions: web })], { extensions: top });
  checkSupport(proj, (p, which) => ({ file: 'compose.yaml', line: p.length, col: which === 'key' ? 1 : 9 }), (w) => said.push(w));
  return said;
}

describe('x- keys compose-x does not read', () => {
  it('an ECS ComposeX resource extension: what would be created, and that none is', () => {
    expect(warnings({ 'x-rds': { db: { Properties: {} } } })).toEqual([
      {
        code: 'W_COMPOSEX_EXTENSION',
        message:
          'ECS ComposeX would create RDS databases here; compose-x does not, so none is created and no service gets access to one. ' +
          'Create them outside this stack (with CloudFormation, or ECS ComposeX) and pass their names or endpoints to the services in environment: or secrets:.',
        path: ['x-rds'],
        position: { file: 'compose.yaml', line: 1, col: 1 },
      },
    ]);
  });

  it.each(['x-sqs', 'x-s3', 'x-elbv2', 'x-dynamodb', 'x-kms', 'x-sns', 'x-alarms', 'x-acm', 'x-route53', 'x-elasticache', 'x-docdb', 'x-events', 'x-kinesis', 'x-ssm_parameter', 'x-efs', 'x-codeguru_profiler', 'x-opensearch', 'x-neptune', 'x-tags'])(
    'top-level %s is a W_COMPOSEX_EXTENSION',
    (key) => {
      expect(warnings({ [key]: {} }).map((w) => [w.code, w.path])).toEqual([['W_COMPOSEX_EXTENSION', [key]]]);
    },
  );

  it.each(['x-alarms', 'x-ecr', 'x-docker_opts', 'x-prometheus', 'x-monitoring'])(
    'service-level %s is a W_COMPOSEX_EXTENSION at the service',
    (key) => {
      expect(warnings({}, { [key]: {} }).map((w) => [w.code, w.path])).toEqual([['W_COMPOSEX_EXTENSION', ['services', 'web', key]]]);
    },
  );

  it('says what the service loses: x-monitoring runs no CloudWatch agent', () => {
    const [found] = warnings({}, { 'x-monitoring': { CWAgentCollectEmf: true } });
    expect(found?.message).toMatch(/^ECS ComposeX would run the CloudWatch agent beside the service; compose-x does not, so no CloudWatch agent runs\./);
  });

  it.each(['x-scaling', 'x-ecs', 'x-autoscaling', 'x-fargate'])('service-level %s is read (as x-autoscaling or x-fargate), so no warning', (key) => {
    expect(warnings({}, { [key]: {} })).toEqual([]);
  });

  it.each([
    ['x-vcp', 'x-vpc'],
    ['x-servicconnect', 'x-serviceconnect'],
    ['x-service-connect', 'x-serviceconnect'],
    ['x-clustre', 'x-cluster'],
    ['x-VPC', 'x-vpc'],
    ['x-appmes', 'x-appmesh'],
  ])('top-level %s, one edit from %s, is a W_EXTENSION_TYPO with "did you mean"', (key, meant) => {
    expect(warnings({ [key]: {} })).toEqual([
      { code: 'W_EXTENSION_TYPO', message: `compose-x does not read ${key}, so it is ignored. Did you mean ${meant}?`, path: [key], position: { file: 'compose.yaml', line: 1, col: 1 } },
    ]);
  });

  it('service-level x-cloudmaps, one edit from x-cloudmap, is a typo at the service', () => {
    expect(warnings({}, { 'x-cloudmaps': {} }).map((w) => [w.code, w.path, w.message])).toEqual([
      ['W_EXTENSION_TYPO', ['services', 'web', 'x-cloudmaps'], 'compose-x does not read x-cloudmaps, so it is ignored. Did you mean x-cloudmap?'],
    ]);
  });

  it('says nothing of the x- keys compose-x reads, nor of the user\'s own (anchors, notes)', () => {
    expect(warnings({ 'x-vpc': {}, 'x-cluster': {}, 'x-logging': {}, 'x-aws-vpc': 'vpc-1', 'x-service': {}, 'x-defaults': {}, 'x-vpcs-note': 1 }, { 'x-serviceconnect': {}, 'x-logging': {} })).toEqual([]);
  });

  it("warns of an x-aws- key of Docker's ECS integration that compose-x does not read, and reads x-aws-loadbalancer", () => {
    const found = warnings({ 'x-aws-loadbalancer': 'my-lb' }, { 'x-aws-min_percent': 50 });
    expect(found.map((w) => [w.code, w.path])).toEqual([['W_COMPOSEX_EXTENSION', ['services', 'web', 'x-aws-min_percent']]]);
    expect(found[0]?.message).toBe("compose-x does not read x-aws-min_percent of Docker's ECS integration, so it is ignored. docs/docker-ecs.md lists the x-aws- keys compose-x reads, and what it does with each.");
  });
});

describe('the table of ECS ComposeX extensions', () => {
  it('has x- keys, once per level, none of them read by compose-x at that level', () => {
    const read = extensionKeys();
    for (const e of COMPOSEX_EXTENSIONS) {
      expect(e.key).toMatch(/^x-[a-z0-9_]+$/);
      expect(read[e.level]).not.toContain(e.key);
    }
    const ids = COMPOSEX_EXTENSIONS.map((e) => `${e.level}:${e.key}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the x- keys compose-x reads come from schemas/compose-spec.json', () => {
    expect(extensionKeys()).toEqual({
      project: ['x-serviceconnect', 'x-appmesh', 'x-cloudmap', 'x-vpc', 'x-cluster', 'x-ingress', 'x-cloudformation', 'x-aws-cloudformation', 'x-logging', 'x-aws-cluster', 'x-aws-vpc', 'x-aws-logs_retention', 'x-aws-loadbalancer'],
      service: ['x-serviceconnect', 'x-cloudmap', 'x-ingress', 'x-autoscaling', 'x-scaling', 'x-fargate', 'x-ecs', 'x-deployment', 'x-network', 'x-iam', 'x-aws-role', 'x-aws-policies', 'x-exec', 'x-schedule', 'x-logging', 'x-aws-pull_credentials', 'x-xray'],
      secret: ['x-kms-key'],
    });
  });
});

describe('docs/extensions.md', () => {
  it('is the table of composex-extensions.ts', () => {
    const want = extensionsMarkdown();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(DOC, want);
    const have = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
    if (have !== want) throw new Error('docs/extensions.md is out of date: run UPDATE_GOLDEN=1 npm test');
  });
});
