/**
 * A service's `build` in its long form: a local context made absolute, the Dockerfile
 * defaulted, args resolved, secrets checked against the top level, ssh and additional
 * contexts as mappings.
 */
import isNull from 'lodash/isNull.js';
import mapValues from 'lodash/mapValues.js';
import omitBy from 'lodash/omitBy.js';
import { assignments, resolved } from '../assignments.js';
import type { Scope } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { hostPath } from '../host-paths.js';
import { mappingOrEmpty, type Raw } from '../raw-values.js';
import { conform, type Shape } from '../scalar-conversions.js';
import { fileRefsOf } from './file-refs.js';

const BUILD_SHAPE: Shape = { labels: 'map', no_cache: 'bool', pull: 'bool', privileged: 'bool', shm_size: 'bytes' };

const REMOTE_CONTEXT_PREFIXES = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];

/** A context that is not a directory of this machine: a URL, a Git remote, `service:NAME` or `docker-image://...`. */
const isRemote = (context: string): boolean => /^[a-z][a-z0-9+.-]*:/.test(context) || REMOTE_CONTEXT_PREFIXES.some((prefix) => context.startsWith(prefix));

export function buildOf(value: unknown, at: TreePath, scope: Scope): Raw {
  const build =
    typeof value === 'string' ? { context: value } : mappingOrEmpty(conform(value, at, BUILD_SHAPE, scope.context));
  const context = typeof build.context === 'string' ? build.context : '.';
  const local = (written: string, ...key: string[]): string => (isRemote(written) ? written : hostPath(written, [...at, ...key], scope.context));
  const contexts =
    build.additional_contexts === undefined ? undefined : mapValues(assignments(build.additional_contexts), (v, name) => local(v ?? '', 'additional_contexts', name));
  return {
    ...build,
    context: local(context, 'context'),
    ...(build.dockerfile === undefined && build.dockerfile_inline === undefined ? { dockerfile: 'Dockerfile' } : {}),
    ...(build.args === undefined ? {} : { args: omitBy(resolved(build.args, scope.context.lookup), isNull) }),
    ...(build.secrets === undefined ? {} : { secrets: fileRefsOf('secrets', build.secrets, [...at, 'secrets'], scope) }),
    ...(build.ssh === undefined ? {} : { ssh: mapValues(assignments(build.ssh), (v) => v ?? '') }),
    ...(contexts === undefined ? {} : { additional_contexts: contexts }),
  };
}
