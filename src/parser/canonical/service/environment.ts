/** A service's `env_file` entries in their long form, and its `environment` with the files' variables. */
import { resolved } from '../assignments.js';
import { fail, within } from '../errors.js';
import type { CanonicalContext } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { hostPath } from '../host-paths.js';
import { isMapping } from '../../mapping.js';
import type { EnvFileRef } from '../../model.js';
import { mappingOrEmpty } from '../raw-values.js';
import { conform, type Shape } from '../scalar-conversions.js';

const ENV_FILE_SHAPE: Shape = { required: 'bool' };

interface LocatedEnvFile {
  ref: EnvFileRef;
  /** The path as written in the compose file. */
  written: string;
  at: TreePath;
}

export function envFilesOf(value: unknown, at: TreePath, context: CanonicalContext): LocatedEnvFile[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return [envFileOf(value, at, context)];
  return value.map((entry, i) => envFileOf(entry, [...at, i], context));
}

function envFileOf(entry: unknown, at: TreePath, context: CanonicalContext): LocatedEnvFile {
  const long = isMapping(entry) ? mappingOrEmpty(conform(entry, at, ENV_FILE_SHAPE, context)) : { path: entry };
  const written = String(long.path);
  const ref = { ...long, path: hostPath(written, at, context), required: long.required ?? true } as EnvFileRef;
  return { ref, written, at };
}

/** The variables of the env files (later files win) overridden by `environment`. */
export function environmentOf(
  value: unknown,
  envFiles: LocatedEnvFile[] | undefined,
  context: CanonicalContext,
): Record<string, string | null> {
  const fromFiles = (envFiles ?? []).reduce<Record<string, string>>(
    (vars, file) => ({ ...vars, ...envFileVariables(file, context) }),
    {},
  );
  return { ...fromFiles, ...resolved(value, context.lookup) };
}

function envFileVariables(file: LocatedEnvFile, context: CanonicalContext): Record<string, string> {
  const variables = within(context, file.at, () => context.readEnvFile(file.ref.path));
  if (variables !== undefined) return variables;
  if (file.ref.required) {
    fail(
      context,
      'E_ENV_FILE_MISSING',
      file.at,
      `the env file "${file.written}" does not exist.`,
      `Create ${file.ref.path}, or make it optional with the long syntax: ` +
        `{ path: ${JSON.stringify(file.written)}, required: false }.`,
    );
  }
  return {};
}
