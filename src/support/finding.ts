import type { TreePath } from '../parser/diagnostics.js';

/** A key (or value) of a service that ECS/Fargate cannot honour as written. */
export interface SupportFinding {
  severity: 'error' | 'warning';
  /** Stable code, e.g. 'E_UNSUPPORTED_KEY', 'W_IGNORED_KEY', 'E_BIND_MOUNT'. */
  code: string;
  /** Where, e.g. ['services', 'web', 'volumes', 0]. */
  path: TreePath;
  /** One sentence naming the key, e.g. 'privileged: Fargate does not run privileged containers.' */
  message: string;
  /** What to do instead. */
  hint: string;
  /** Where it points: at the key itself (an x- key), else at the value. */
  at?: 'key';
  /** Where it points when not at `path`: the entry of a list of `path` that the finding is about. */
  place?: TreePath;
}

export type Severity = SupportFinding['severity'];

/** A finding about `path`; `text` is its message. */
export function finding(severity: Severity, code: string, path: TreePath, text: string, hint: string): SupportFinding {
  return { severity, code, path, message: text, hint };
}

/** A finding about the whole entry at `path` (a service, an x- key): it points at the key. */
export function keyFinding(severity: Severity, code: string, path: TreePath, text: string, hint: string): SupportFinding {
  return { ...finding(severity, code, path, text, hint), at: 'key' };
}

/** The code of a key that is refused (error) or ignored (warning) whatever its value. */
export function presenceCode(severity: Severity): string {
  return severity === 'error' ? 'E_UNSUPPORTED_KEY' : 'W_IGNORED_KEY';
}
