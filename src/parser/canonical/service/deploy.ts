/** A service's `deploy`, with `scale` and the resource shorthands (cpus, mem_limit, mem_reservation) copied in. */
import cloneDeep from 'lodash/cloneDeep.js';
import get from 'lodash/get.js';
import set from 'lodash/set.js';
import { fail, show } from '../errors.js';
import type { CanonicalContext } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { isMapping } from '../../mapping.js';
import type { Deploy } from '../../model.js';
import type { Raw } from '../raw-values.js';

/** Service keys that are shorthands for deploy.resources, which they are copied into. */
const RESOURCE_SHORTHANDS = [
  { key: 'cpus', deployPath: ['resources', 'limits', 'cpus'] },
  { key: 'mem_limit', deployPath: ['resources', 'limits', 'memory'] },
  { key: 'mem_reservation', deployPath: ['resources', 'reservations', 'memory'] },
] as const;

export function deployOf(spec: Raw, at: TreePath, context: CanonicalContext): Deploy | undefined {
  const declared = isMapping(spec.deploy) ? cloneDeep(spec.deploy) : undefined;
  const replicated = withScale(spec.scale, declared, at, context);
  return RESOURCE_SHORTHANDS.reduce(
    (deploy, shorthand) => withResource(shorthand, spec[shorthand.key], deploy, at, context),
    replicated,
  ) as Deploy | undefined;
}

function withScale(scale: unknown, deploy: Raw | undefined, at: TreePath, context: CanonicalContext): Raw | undefined {
  if (scale === undefined) return deploy;
  const replicas = deploy?.replicas;
  if (replicas === undefined) context.moved?.([...at, 'deploy', 'replicas'], [...at, 'scale']);
  if (replicas !== undefined && replicas !== scale) {
    fail(
      context,
      'E_SCALE_CONFLICT',
      [...at, 'scale'],
      `scale (${show(scale)}) and deploy.replicas (${show(replicas)}) disagree.`,
      'Remove scale and set only deploy.replicas.',
    );
  }
  return { ...deploy, replicas: scale };
}

function withResource(
  shorthand: (typeof RESOURCE_SHORTHANDS)[number],
  value: unknown,
  deploy: Raw | undefined,
  at: TreePath,
  context: CanonicalContext,
): Raw | undefined {
  if (value === undefined) return deploy;
  const current: unknown = get(deploy, shorthand.deployPath);
  const deployKey = `deploy.${shorthand.deployPath.join('.')}`;
  if (current !== undefined && current !== value) {
    fail(
      context,
      'E_RESOURCES_CONFLICT',
      [...at, shorthand.key],
      `${shorthand.key} (${show(value)}) and ${deployKey} (${show(current)}) disagree.`,
      `Set only ${deployKey}, or give both the same value.`,
    );
  }
  if (current === undefined) context.moved?.([...at, 'deploy', ...shorthand.deployPath], [...at, shorthand.key]);
  return set(deploy ?? {}, shorthand.deployPath, value);
}
