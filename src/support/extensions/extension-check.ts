/** The x- keys of a project and its services that compose-x does not read, but someone meant it to. */
import { distance } from 'fastest-levenshtein';
import type { TreePath } from '../../parser/diagnostics.js';
import type { Project } from '../../parser/model.js';
import { extensionKeys } from '../../parser/schemas.js';
import { keyFinding, type SupportFinding } from '../finding.js';
import { COMPOSEX_EXTENSIONS, type ExtensionLevel } from './composex-extensions.js';
import { checkComposeXSettings } from './composex-settings.js';
import { checkLogRetention } from './log-retention.js';

/**
 * A warning for each x- key, at the top level or on a service, that is an ECS ComposeX
 * extension compose-x does not read (W_COMPOSEX_EXTENSION), or one edit away from an x- key
 * compose-x reads there (W_EXTENSION_TYPO), and for each setting of the ComposeX extensions it
 * reads that it does not carry (composex-settings.ts). Other x- keys (anchors, notes) are the user's.
 */
export function checkExtensions(project: Project): SupportFinding[] {
  const read = extensionKeys();
  const services = Object.keys(project.services).sort();
  return [
    ...keyFindings(Object.keys(project.extensions), [], 'project', read.project),
    ...services.flatMap((name) => keyFindings(Object.keys(project.services[name]?.extensions ?? {}), ['services', name], 'service', read.service)),
    ...checkComposeXSettings(project),
    ...checkLogRetention(project),
  ];
}

function keyFindings(keys: string[], at: TreePath, level: ExtensionLevel, read: readonly string[]): SupportFinding[] {
  return keys.flatMap((key): SupportFinding[] => {
    const path = [...at, key];
    const known = COMPOSEX_EXTENSIONS.find((e) => e.key === key && e.level === level);
    if (known) {
      const message = `ECS ComposeX would ${known.would}; compose-x does not, so ${known.without}.`;
      return [keyFinding('warning', 'W_COMPOSEX_EXTENSION', path, message, known.instead)];
    }
    if (key.startsWith('x-aws-') && !read.includes(key)) {
      const message = `compose-x does not read ${key} of Docker's ECS integration, so it is ignored.`;
      return [keyFinding('warning', 'W_COMPOSEX_EXTENSION', path, message, 'docs/docker-ecs.md lists the x-aws- keys compose-x reads, and what it does with each.')];
    }
    const meant = read.find((name) => name !== key && oneEditAway(key.toLowerCase(), name));
    if (meant === undefined) return [];
    const message = `compose-x does not read ${key}, so it is ignored.`;
    return [keyFinding('warning', 'W_EXTENSION_TYPO', path, message, `Did you mean ${meant}?`)];
  });
}

/** One letter added, removed or changed (Levenshtein), or two neighbours swapped (x-vcp for x-vpc). */
function oneEditAway(a: string, b: string): boolean {
  if (distance(a, b) <= 1) return true;
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
  const [i, j] = differ;
  return differ.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
}
