/**
 * A service's `configs:` travel as files, the same way as a bind of a file: the top-level
 * config's `file:` (a file of the project), `content:` or `environment:` (the variable's value
 * when the project is read) is written at the ref's `target` (default `/<config>`, which an ECS
 * mount point cannot take), with its `mode` (default 0444) and `uid`/`gid`.
 */
import path from 'node:path';
import type { TreePath } from '../../parser/diagnostics.js';
import type { FileObject, ServiceFileRef } from '../../parser/model.js';
import { finding } from '../finding.js';
import { displayPath, hostPathKind, readProjectFiles } from './bind-source.js';
import { filesTooLarge } from './limits.js';
import { atRoot, type Classified, type MountScope } from './mounts.js';

const DEFAULT_CONFIG_MODE = 0o444;

function refused(at: TreePath, code: string, message: string, hint: string): Classified {
  return { placement: { kind: 'refused' }, findings: [finding('error', code, at, message, hint)] };
}

/** The content of a config and how the review names where it comes from; or why it has none. */
function contentOf(scope: MountScope, name: string, config: FileObject, at: TreePath): { content: Buffer; source: string } | Classified {
  const projectDir = scope.project.working_dir;
  if (config.file !== undefined) {
    const kind = hostPathKind(config.file);
    if (kind !== 'file') {
      const what = kind === 'missing' ? 'does not exist' : `is a ${kind}, not a file`;
      return refused(at, 'E_CONFIG_FILE', `the file ${displayPath(config.file, projectDir)} of the config "${name}" ${what}.`, 'Point file: to a file of the project.');
    }
    const read = readProjectFiles(config.file, projectDir, scope.budget.left, scope.service.name);
    if ('refusal' in read) return refused(at, read.refusal.code, read.refusal.message, read.refusal.hint);
    return { content: read.files[0]?.content ?? Buffer.alloc(0), source: `config ${name} (${displayPath(config.file, projectDir)})` };
  }
  if (config.content !== undefined) return { content: Buffer.from(config.content, 'utf8'), source: `config ${name} (content)` };
  if (config.environment !== undefined) {
    if (config.environment_value === undefined) {
      return refused(at, 'E_CONFIG_ENVIRONMENT', `the config "${name}" takes its content from the variable ${config.environment}, which is not set.`, `Set ${config.environment} in the environment or in .env, or give the config a file: or content:.`);
    }
    return { content: Buffer.from(config.environment_value, 'utf8'), source: `config ${name} (environment ${config.environment})` };
  }
  return refused(
    at,
    'E_CONFIG_EXTERNAL',
    `the config "${name}" is external: Docker Swarm keeps external configs, and ECS has no config store to read it from.`,
    'Give the config its content with file:, content: or environment:.',
  );
}

/** What one `configs:` entry of a service becomes: a file that travels, or an error. */
export function classifyConfig(scope: MountScope, ref: ServiceFileRef, at: TreePath): Classified {
  const config = scope.project.configs[ref.source];
  if (config === undefined) return { placement: { kind: 'refused' }, findings: [] };
  const target = path.posix.resolve('/', ref.target ?? ref.source);
  const found = contentOf(scope, ref.source, config, at);
  if ('placement' in found) return found;
  if (path.posix.dirname(target) === '/') return atRoot(at, target);
  if (found.content.length > scope.budget.left) {
    const r = filesTooLarge(scope.service.name, `the config "${ref.source}"`);
    return refused(at, r.code, r.message, r.hint);
  }
  scope.budget.left -= found.content.length;
  const owner = ref.uid !== undefined || ref.gid !== undefined ? `${ref.uid ?? '0'}:${ref.gid ?? '0'}` : undefined;
  const file = { path: target, source: found.source, content: found.content, mode: ref.mode ?? DEFAULT_CONFIG_MODE, ...(owner ? { owner } : {}) };
  return { placement: { kind: 'travelling', mount: { at, target, kind: 'file', files: [file], readOnly: true } }, findings: [] };
}
