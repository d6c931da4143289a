/** A service's `command` and `entrypoint`: a shell-like line split into its words. */
import { warn, within } from '../errors.js';
import type { Scope } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { splitShellWords } from '../../syntax/shell-words.js';

/** Words that are shell syntax, and useless as plain arguments. */
const SHELL_OPERATOR = /^[;&|<>]+$/;

export function commandOf(value: unknown, at: TreePath, scope: Scope): string[] | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(String);
  const line = String(value);
  const words = within(scope.context, at, () => splitShellWords(line));
  const operator = words.find((word) => SHELL_OPERATOR.test(word));
  if (operator !== undefined) {
    const shown = JSON.stringify(line);
    warn(
      scope.context,
      'W_COMMAND_SHELL_OPERATOR',
      at,
      `"${operator}" in ${shown} is passed to the program as a plain argument, not run by a shell; ` +
        `write ["sh", "-c", ${shown}] to use a shell.`,
    );
  }
  return words;
}
