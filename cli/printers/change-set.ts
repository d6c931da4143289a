import type { ChangeRow } from '../../src/deploy/types.js';
import type { Paint } from '../io/colour.js';

/** The change set as a table: action, logical ID, type, replacement (in red when it replaces). */
export function formatChangeSet(stack: string, changeSetType: 'CREATE' | 'UPDATE', rows: readonly ChangeRow[], paint: Paint): string {
  const header = ['Action', 'Logical ID', 'Type', 'Replacement'];
  const cells = rows.map((r) => [
    r.action,
    r.nestedStack ? `${r.nestedStack}/${r.logicalId}` : r.logicalId,
    r.type,
    r.action === 'Modify' ? (r.replacement ?? 'False') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const body = cells.map((c, i) => {
    const text = line(c);
    const row = rows[i];
    if (row?.replacement === 'True' || row?.replacement === 'Conditional') return paint(text, 'red');
    if (row?.action === 'Remove') return paint(text, 'red');
    if (row?.action === 'Add') return paint(text, 'green');
    return text;
  });
  const replacing = rows.filter((r) => r.replacement === 'True').length;
  const summary = `${rows.length} change${rows.length === 1 ? '' : 's'} to ${changeSetType === 'CREATE' ? 'create' : 'update'} ${stack}${replacing > 0 ? `, ${replacing} replacement${replacing === 1 ? '' : 's'}` : ''}`;
  return [summary, line(header), ...body].join('\n');
}
