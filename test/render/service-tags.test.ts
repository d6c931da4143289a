import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pascalCase } from '../../src/render/template/logical-ids.js';
import { renderFile } from '../helpers/render-project.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const EXAMPLES = readdirSync('examples')
  .filter((name) => existsSync(path.join('examples', name, 'docker-compose.yml')))
  .sort();

/**
 * Every ECS service carries the project's and its own name as tags (an App Mesh gateway's:
 * `gateway-<name>`), and passes them to its tasks.
 */
describe.each(EXAMPLES)('the ECS services of %s', (example) => {
  const result = renderFile(path.join('examples', example, 'docker-compose.yml'));
  const resources = result.template.toJSON()['Resources'] as Resources;
  const services = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ECS::Service');

  it('are tagged with the project and service and propagate the tags to their tasks', () => {
    expect(services.length).toBeGreaterThan(0);
    for (const [id, service] of services) {
      const tags = service.Properties['Tags'] as { Key: string; Value: string }[];
      const named = tags.find((t) => t.Key === 'compose-x:service')?.Value ?? '';
      expect({ id, tags, propagate: service.Properties['PropagateTags'], managed: service.Properties['EnableECSManagedTags'] }).toEqual({
        id: named.startsWith('gateway-') ? `${pascalCase(named.slice('gateway-'.length))}GatewayService` : `${pascalCase(named)}Service`,
        tags: [
          { Key: 'compose-x:project', Value: result.name },
          { Key: 'compose-x:service', Value: named },
        ],
        propagate: 'SERVICE',
        managed: true,
      });
    }
  });
});
