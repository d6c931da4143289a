import type { Position, TreePath, Warning } from '../diagnostics.js';

/** The top-level keys whose entries services refer to by name. */
export type Resource = 'networks' | 'volumes' | 'secrets' | 'configs';

/** What canonicalize needs from its caller besides the document. */
export interface CanonicalContext {
  projectName: string;
  /** Absolute; relative paths (bind sources, env_file) resolve from here. */
  workingDir: string;
  /** Environment used to resolve bare `environment: [FOO]` entries. */
  lookup: (name: string) => string | undefined;
  /** Reads an env_file (absolute path); returns undefined when it does not exist. Throws ParseError on bad syntax. */
  readEnvFile: (path: string) => Record<string, string> | undefined;
  locate?: (path: TreePath) => Position | undefined;
  /** Told when the model's value at `path` was written elsewhere (`cpus` is deploy.resources.limits.cpus). */
  moved?: (path: TreePath, written: TreePath) => void;
  /** Told when a list of the model has more entries than were written: entry k was written as entry `written[k]`. */
  expanded?: (list: TreePath, written: readonly number[]) => void;
  warn: (w: Warning) => void;
}

/** What every service's normalization may consult. */
export interface Scope {
  readonly context: CanonicalContext;
  /** Keys of the top-level resources (networks include the implicit `default`). */
  readonly declared: Readonly<Record<Resource, ReadonlySet<string>>>;
  readonly services: readonly string[];
}
