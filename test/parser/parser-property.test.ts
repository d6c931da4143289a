import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ParseError, ParseErrors } from '../../src/parser/diagnostics.js';
import { loadProject } from '../../src/parser/load.js';
import { tmpProject } from '../helpers/tmp-project.js';

const SERVICE_KEYS = [
  'image', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'expose', 'volumes', 'depends_on',
  'healthcheck', 'deploy', 'networks', 'labels', 'secrets', 'configs', 'ulimits', 'extra_hosts', 'profiles',
  'extends', 'scale', 'cpus', 'mem_limit', 'stop_grace_period', 'x-serviceconnect', 'x-cloudmap', 'helthcheck',
];
const TOP_KEYS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'name', 'x-serviceconnect', 'x-appmesh', 'x-vpc', 'include'];

const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom('${X}', '${X:-d}', '${X:?boom}', '$$', '80:80', '1m30s', '512m', 'db', '/data', './x:/y:ro', 'CMD-SHELL'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 })),
})).node;
const service = fc.dictionary(fc.constantFrom(...SERVICE_KEYS), value, { maxKeys: 6 });
const document = fc.oneof(
  fc.record({ services: fc.dictionary(fc.constantFrom('web', 'db', 'api', 'Bad Name'), service, { maxKeys: 3 }) }),
  fc.dictionary(fc.constantFrom(...TOP_KEYS), value, { maxKeys: 4 }),
);

function loadsCleanly(text: string): boolean {
  const dir = tmpProject({ '.keep': '' });
  writeFileSync(path.join(dir, 'compose.yaml'), text);
  try {
    loadProject({ cwd: dir, environment: {} });
    return true;
  } catch (error) {
    if (error instanceof ParseError || error instanceof ParseErrors) return true;
    throw error;
  }
}

describe('the parser never crashes', () => {
  it('on random compose-like documents: a project or ParseError(s)', () => {
    fc.assert(fc.property(document, (doc) => loadsCleanly(stringify(doc))), { numRuns: 300 });
  });

  it('on random text: a project or ParseError(s)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), loadsCleanly), { numRuns: 300 });
  });
});
