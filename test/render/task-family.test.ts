import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderedFiles } from '../../src/render/files.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { parseErrorOf } from '../helpers/parse-error.js';
import { renderFile, renderText } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown }>;
interface Container {
  Name: string;
  Image: string;
  Essential: boolean;
  PortMappings?: { ContainerPort: number }[];
  DependsOn?: unknown[];
  Cpu?: number;
  Memory?: number;
}

const FIXTURE = 'test/fixtures/composex/family/docker-compose.yml';
const result = renderFile(FIXTURE);
const resources = result.template.toJSON()['Resources'] as Resources;
const ofType = (type: string): string[] => Object.keys(resources).filter((id) => resources[id]!.Type === type);

describe('the ecs.task.family label (ECS ComposeX families)', () => {
  it('makes the services of a family one ECS service and one task definition, named after the first', () => {
    expect(ofType('AWS::ECS::Service')).toEqual(['AppService', 'WorkerService']);
    expect(ofType('AWS::ECS::TaskDefinition')).toEqual(['AppTaskDefinition', 'WorkerTaskDefinition']);
  });

  it('runs each service as a container, with its ports, its essential flag and depends_on as container DependsOn', () => {
    const containers = resources['AppTaskDefinition']!.Properties['ContainerDefinitions'] as Container[];
    expect(containers.map((c) => [c.Name, c.Image, c.Essential, (c.PortMappings ?? []).map((p) => p.ContainerPort), c.DependsOn])).toEqual([
      ['app', 'example/app:1.0', true, [5000], undefined],
      ['nginx', 'nginx:1.27', true, [80], [{ ContainerName: 'app', Condition: 'HEALTHY' }]],
      ['logrouter', 'amazon/aws-for-fluent-bit:2.32.0', false, [], undefined],
    ]);
  });

  it('sizes the task for the sum of its containers (with room for the Service Connect proxy)', () => {
    const task = resources['AppTaskDefinition']!.Properties;
    expect([task['Cpu'], task['Memory']]).toEqual(['1024', '2048']);
  });

  it("gives the task one role with every container's permissions", () => {
    expect(ofType('AWS::IAM::Role').filter((id) => id.endsWith('TaskRole'))).toEqual(['AppTaskRole', 'WorkerTaskRole']);
    expect(resources['AppTaskRole']!.Properties).toMatchObject({
      Policies: [{ PolicyName: 'app-reads' }],
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy'],
    });
  });

  it("puts a member's published port behind the load balancer on its own container", () => {
    expect(resources['AppService']!.Properties['LoadBalancers']).toEqual([expect.objectContaining({ ContainerName: 'nginx', ContainerPort: 80 })]);
  });

  it('offers every port of the task to the others, and a depends_on on a member waits for the task', () => {
    const connect = resources['AppService']!.Properties['ServiceConnectConfiguration'] as { Services: { PortName: string }[] };
    expect(connect.Services.map((s) => s.PortName)).toEqual(['app-80', 'app-5000']);
    expect(resources['WorkerService']!.DependsOn).toEqual(expect.arrayContaining(['AppService']));
  });

  it('passes the offline specification check, the ECS rules (renderFile holds it to them) and cfn-lint', async () => {
    expect(await checkTemplate(result.template.toJSON())).toEqual([]);
    if (!cfnLintAvailable()) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'family-'));
    const files = Object.entries(renderedFiles(result.name, result, 'yaml')).filter(([name]) => name.endsWith('.yaml'));
    for (const [name, content] of files) writeFileSync(path.join(dir, name), content);
    expect(runCfnLint(files.map(([name]) => path.join(dir, name))).errors).toEqual([]);
  });

  it('refuses members that one ECS service cannot run together, at the key', () => {
    const text = (extra: string): string =>
      `services:\n  a:\n    image: a\n    labels: {ecs.task.family: f}\n  b:\n    image: b\n    labels: {ecs.task.family: f}\n${extra}`;
    expect(parseErrorOf(() => renderText(text('    deploy: {replicas: 3}\n')))).toMatchObject({ code: 'E_TASK_FAMILY', path: ['services', 'b', 'deploy', 'replicas'] });
    expect(parseErrorOf(() => renderText(text('    platform: linux/arm64\n')))).toMatchObject({ code: 'E_TASK_FAMILY', path: ['services', 'b', 'platform'] });
    expect(parseErrorOf(() => renderText(text('    networks: [back]\nnetworks:\n  back: {}\n')))).toMatchObject({ code: 'E_TASK_FAMILY', path: ['services', 'b', 'networks'] });
    expect(parseErrorOf(() => renderText(text('    volumes: [data:/data]\nvolumes:\n  data: {}\n')))).toMatchObject({ code: 'E_TASK_FAMILY', path: ['services', 'b', 'volumes'] });
  });

  it('says nothing of what the family carries: a health condition inside it, deploy.labels of family labels only', () => {
    expect(result.warnings.map((w) => w.code)).not.toContain('W_DEPENDS_ON_CONDITION');
    expect(result.warnings.filter((w) => w.path?.includes('labels'))).toEqual([]);
  });

  it('warns of a family of one service, whose task is named after the service', () => {
    const r = renderText('services:\n  a:\n    image: a\n    deploy:\n      labels:\n        ecs.task.family: solo\n');
    expect(r.warnings.filter((w) => w.code === 'W_COMPOSEX_EXTENSION').map((w) => w.path)).toEqual([['services', 'a', 'deploy', 'labels', 'ecs.task.family']]);
  });
});
