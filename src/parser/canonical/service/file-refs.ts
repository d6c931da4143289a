/** A service's `secrets` and `configs` references in their long form, each checked against the top level. */
import { fail } from '../errors.js';
import type { Scope } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import type { ServiceFileRef } from '../../model.js';
import { asArray } from '../raw-values.js';
import { conform, type Shape } from '../scalar-conversions.js';

const FILE_REF_SHAPE: Shape = { mode: 'octal' };

const FILE_REFS: Readonly<Record<'secrets' | 'configs', { code: string; noun: string }>> = {
  secrets: { code: 'E_SECRET_UNDECLARED', noun: 'secret' },
  configs: { code: 'E_CONFIG_UNDECLARED', noun: 'config' },
};

export function fileRefsOf(kind: 'secrets' | 'configs', value: unknown, at: TreePath, scope: Scope): ServiceFileRef[] {
  const { code, noun } = FILE_REFS[kind];
  return asArray(value).map((entry, i) => {
    const refAt = [...at, i];
    const long = typeof entry === 'string' ? { source: entry } : conform(entry, refAt, FILE_REF_SHAPE, scope.context);
    const ref = long as ServiceFileRef;
    if (!scope.declared[kind].has(ref.source)) {
      fail(
        scope.context,
        code,
        refAt,
        `service "${String(at[1])}" uses the ${noun} "${ref.source}", which is not declared.`,
        `Add "${ref.source}:" under the top-level ${kind}: key (with file:, environment: or external: true).`,
      );
    }
    return ref;
  });
}
