import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { templateYaml } from '../../src/render/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { parseErrorOf } from '../helpers/parse-error.js';
import { renderText } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function resources(compose: string): Resources {
  return renderText(compose).template.toJSON()['Resources'] as Resources;
}

const web = (extra: string): string => `services:\n  web:\n    image: nginx\n${extra}`;

describe('x-fargate', () => {
  it('runs on-demand unless told: the cluster default, FARGATE', () => {
    expect(resources(web(''))['WebService']!.Properties['CapacityProviderStrategy']).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  });

  it('Capacity: spot runs the service on FARGATE_SPOT, the others keep the cluster default', () => {
    const r = resources(`services:\n  web:\n    image: nginx\n    x-fargate: {Capacity: spot}\n  api:\n    image: api\n`);
    expect(r['WebService']!.Properties['CapacityProviderStrategy']).toEqual([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
    expect(r['ApiService']!.Properties['CapacityProviderStrategy']).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  });

  it('a weighted mix: a base on-demand, the rest three parts Spot to one', () => {
    const r = resources(web('    x-fargate:\n      Capacity:\n        on-demand: {Weight: 1, Base: 1}\n        spot: {Weight: 3}\n'));
    expect(r['WebService']!.Properties['CapacityProviderStrategy']).toEqual([
      { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
    ]);
  });

  it('gives the task its ephemeral storage in GiB', () => {
    expect(resources(web('    x-fargate: {EphemeralStorage: 64}\n'))['WebTaskDefinition']!.Properties['EphemeralStorage']).toEqual({ SizeInGiB: 64 });
    expect(resources(web(''))['WebTaskDefinition']!.Properties).not.toHaveProperty('EphemeralStorage');
  });

  it('runs a linux/arm64 service on-demand with its RuntimePlatform ARM64', () => {
    const r = resources(web('    platform: linux/arm64\n    x-fargate: {Capacity: on-demand}\n'));
    expect(r['WebTaskDefinition']!.Properties['RuntimePlatform']).toEqual({ CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' });
    expect(r['WebService']!.Properties['CapacityProviderStrategy']).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  });

  it('passes the offline specification check and cfn-lint', async () => {
    const template = renderText(web('    x-fargate:\n      Capacity: {on-demand: {Base: 1, Weight: 1}, spot: {Weight: 2}}\n      EphemeralStorage: 30\n')).template;
    expect(await checkTemplate(template.toJSON())).toEqual([]);
    if (!cfnLintAvailable()) return;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-lint-')), 'proj.yaml');
    writeFileSync(file, templateYaml(template));
    expect(runCfnLint([file]).errors).toEqual([]);
  }, 300_000);
});

describe('x-fargate refusals', () => {
  it('refuses Spot for a linux/arm64 service: Fargate Spot runs X86_64 tasks only', () => {
    const error = parseErrorOf(() => renderText(web('    platform: linux/arm64\n    x-fargate:\n      Capacity: spot\n')));
    expect([error.code, error.path, error.position?.line]).toEqual(['E_CAPACITY_SPOT_ARM', ['services', 'web', 'x-fargate', 'Capacity'], 6]);
    expect(error.message).toMatch(/Fargate Spot, which runs only X86_64 tasks/);
  });

  it('refuses a linux/arm64 service the cluster would put on Spot, at its platform', () => {
    const error = parseErrorOf(() => renderText(`x-cluster: {CapacityProviders: [FARGATE_SPOT, FARGATE]}\n${web('    platform: linux/arm64\n')}`));
    expect([error.code, error.path]).toEqual(['E_CAPACITY_SPOT_ARM', ['services', 'web', 'platform']]);
  });

  it('refuses Spot when the cluster does not have it', () => {
    const error = parseErrorOf(() => renderText(`x-cluster: {CapacityProviders: [FARGATE]}\n${web('    x-fargate: {Capacity: spot}\n')}`));
    expect(error.code).toBe('E_CAPACITY_STRATEGY');
    expect(error.message).toMatch(/FARGATE_SPOT, which is not among the cluster's capacity providers \(FARGATE\)/);
  });

  it('refuses a mix with no weight', () => {
    expect(parseErrorOf(() => renderText(web('    x-fargate: {Capacity: {on-demand: {Base: 2}}}\n'))).code).toBe('E_CAPACITY_STRATEGY');
  });

  it('refuses ephemeral storage outside 21..200 GiB (the schema)', () => {
    const error = parseErrorOf(() => renderText(web('    x-fargate:\n      EphemeralStorage: 500\n')));
    expect(error.position?.line).toBe(5);
  });
});

describe("ECS ComposeX's x-ecs", () => {
  it('maps CapacityProviderStrategy and EphemeralStorage, reads EnableExecuteCommand as x-exec, and says what else it does not carry', () => {
    const result = renderText(web('    x-ecs:\n      CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 2}, {CapacityProvider: FARGATE, Base: 1, Weight: 1}]\n      EphemeralStorage: 40\n      EnableExecuteCommand: true\n      Tasks: 2\n'));
    const r = result.template.toJSON()['Resources'] as Resources;
    expect(r['WebService']!.Properties['CapacityProviderStrategy']).toEqual([
      { CapacityProvider: 'FARGATE_SPOT', Weight: 2 },
      { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
    ]);
    expect(r['WebTaskDefinition']!.Properties['EphemeralStorage']).toEqual({ SizeInGiB: 40 });
    expect(r['WebService']!.Properties['EnableExecuteCommand']).toBe(true);
    expect(result.warnings.filter((w) => w.code === 'W_COMPOSEX_NOT_CARRIED').map((w) => [w.path, w.position?.line])).toEqual([[['services', 'web', 'x-ecs', 'Tasks'], 8]]);
    expect(result.warnings.some((w) => w.code === 'W_COMPOSEX_EXTENSION')).toBe(false);
  });
});
