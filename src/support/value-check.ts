import type { TreePath } from '../parser/diagnostics.js';
import type { Project, Service } from '../parser/model.js';
import type { SupportFinding } from './finding.js';

/** What a value check is given: the project, the service, where it is and the value of its key. */
export interface Scope {
  project: Project;
  service: Service;
  /** ['services', <name>] */
  at: TreePath;
  /** The value of the key being checked. */
  value: unknown;
}

/** The findings of the value of one key; a key without one is judged by its treatment alone. */
export type ValueCheck = (scope: Scope) => SupportFinding[];
