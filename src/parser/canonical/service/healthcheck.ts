/** A service's `healthcheck` in its long form: the test as a CMD or CMD-SHELL list, or disabled. */
import { fail, show } from '../errors.js';
import type { CanonicalContext } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import type { Healthcheck } from '../../model.js';
import type { Raw } from '../raw-values.js';

const HEALTHCHECK_TEST_KINDS = ['CMD', 'CMD-SHELL', 'NONE'];

export function healthcheckOf(check: Raw, at: TreePath, context: CanonicalContext): Healthcheck {
  const { test } = check;
  const isNone = test === 'NONE' || (Array.isArray(test) && test[0] === 'NONE');
  if (check.disable === true || isNone) return { disable: true };
  if (typeof test === 'string') return { ...check, test: ['CMD-SHELL', test] } as Healthcheck;
  if (Array.isArray(test) && test.length > 0 && !HEALTHCHECK_TEST_KINDS.includes(String(test[0]))) {
    fail(
      context,
      'E_HEALTHCHECK',
      [...at, 'test', 0],
      `a healthcheck test list must start with CMD, CMD-SHELL or NONE, not ${show(test[0])}.`,
      'Write ["CMD", "curl", "-f", "http://localhost"] to run a program, or a string to run it with a shell.',
    );
  }
  return check as Healthcheck;
}
