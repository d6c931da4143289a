/**
 * The value checks of the keys that mount something in a service's containers (volumes,
 * configs, tmpfs): the findings of the project's storage plan (src/support/storage/), each
 * reported under the key it is about.
 */
import { planStorage } from '../storage/plan.js';
import type { SupportFinding } from '../finding.js';
import type { Scope, ValueCheck } from '../value-check.js';

/** The findings of the plan about `key` of the service, in the order of its entries. */
function storageFindings(key: 'volumes' | 'configs' | 'tmpfs'): ValueCheck {
  return ({ project, service }: Scope): SupportFinding[] =>
    planStorage(project)
      .findings.filter((f) => f.path[0] === 'services' && f.path[1] === service.name && f.path[2] === key)
      .sort((a, b) => Number(a.path[3]) - Number(b.path[3]));
}

export const checkVolumes = storageFindings('volumes');
export const checkConfigs = storageFindings('configs');
export const checkTmpfs = storageFindings('tmpfs');
