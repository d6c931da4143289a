import { ParseError } from '../../src/parser/diagnostics.js';
import { renderText } from '../helpers/render-project.js';
import { parseErrorOf } from '../helpers/parse-error.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function resources(compose: string): Resources {
  return renderText(compose).template.toJSON()['Resources'] as Resources;
}

function renderError(compose: string): ParseError {
  return parseErrorOf(() => renderText(compose));
}

const SERVICES = 'services:\n  web: {image: w}\n  api: {image: a}\n';

describe('capacity providers', () => {
  it('runs the services of an existing cluster on the first of x-cluster.CapacityProviders only', () => {
    const r = resources(`x-cluster: {ClusterName: prod, CapacityProviders: [FARGATE, FARGATE_SPOT]}\n${SERVICES}`);
    for (const id of ['WebService', 'ApiService']) {
      expect(r[id]!.Properties['CapacityProviderStrategy']).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
      expect(r[id]!.Properties).not.toHaveProperty('LaunchType');
    }
  });

  it('runs them on Spot when FARGATE_SPOT is listed first', () => {
    const r = resources(`x-cluster: {ClusterName: prod, CapacityProviders: [FARGATE_SPOT, FARGATE]}\n${SERVICES}`);
    expect(r['WebService']!.Properties['CapacityProviderStrategy']).toEqual([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
  });

  it('runs a new cluster\'s services on FARGATE by default, the cluster offering both', () => {
    const r = resources(SERVICES);
    expect(r['Cluster']!.Properties).toMatchObject({
      CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
    });
    expect(r['WebService']!.Properties['CapacityProviderStrategy']).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  });

  it('follows x-cluster.DefaultCapacityProviderStrategy, on the new cluster and its services', () => {
    const strategy = [
      { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
    ];
    const r = resources(`x-cluster:\n  DefaultCapacityProviderStrategy: ${JSON.stringify(strategy)}\n${SERVICES}`);
    expect(r['Cluster']!.Properties['DefaultCapacityProviderStrategy']).toEqual(strategy);
    expect(r['WebService']!.Properties['CapacityProviderStrategy']).toEqual(strategy);
  });

  it('follows the strategy on an existing cluster', () => {
    const r = resources(`x-cluster:\n  ClusterName: prod\n  DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]\n${SERVICES}`);
    expect(r['ApiService']!.Properties['CapacityProviderStrategy']).toEqual([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
  });

  it('refuses a strategy with a provider the cluster is not given, at its place', () => {
    const error = renderError(`x-cluster:\n  CapacityProviders: [FARGATE]\n  DefaultCapacityProviderStrategy:\n    - {CapacityProvider: FARGATE_SPOT, Weight: 1}\n${SERVICES}`);
    expect(error.code).toBe('E_CAPACITY_STRATEGY');
    expect(error.path).toEqual(['x-cluster', 'DefaultCapacityProviderStrategy', 0, 'CapacityProvider']);
    expect(error.position?.line).toBe(4);
  });

  it('refuses a strategy with a base on two providers, or no weight', () => {
    expect(renderError(`x-cluster:\n  DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1, Base: 1}, {CapacityProvider: FARGATE_SPOT, Weight: 1, Base: 1}]\n${SERVICES}`).code).toBe('E_CAPACITY_STRATEGY');
    expect(renderError(`x-cluster:\n  DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 0}]\n${SERVICES}`).code).toBe('E_CAPACITY_STRATEGY');
  });
});
