/** A service's `build` in its long form: a local context made absolute, the Dockerfile defaulted, args resolved. */
import _ from 'lodash';
import { resolved } from '../assignments.js';
import type { Scope } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { hostPath } from '../host-paths.js';
import { mappingOrEmpty, type Raw } from '../raw-values.js';
import { conform, type Shape } from '../scalar-conversions.js';

const BUILD_SHAPE: Shape = { labels: 'map', no_cache: 'bool', pull: 'bool', privileged: 'bool', shm_size: 'bytes' };

const REMOTE_CONTEXT_PREFIXES = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];

export function buildOf(value: unknown, at: TreePath, scope: Scope): Raw {
  const build =
    typeof value === 'string' ? { context: value } : mappingOrEmpty(conform(value, at, BUILD_SHAPE, scope.context));
  const context = typeof build.context === 'string' ? build.context : '.';
  const isRemote = context.includes('://') || REMOTE_CONTEXT_PREFIXES.some((prefix) => context.startsWith(prefix));
  return {
    ...build,
    context: isRemote ? context : hostPath(context, [...at, 'context'], scope.context),
    ...(build.dockerfile === undefined && build.dockerfile_inline === undefined ? { dockerfile: 'Dockerfile' } : {}),
    ...(build.args === undefined ? {} : { args: _.omitBy(resolved(build.args, scope.context.lookup), _.isNull) }),
  };
}
