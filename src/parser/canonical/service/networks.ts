/** The networks a service joins, each declared at the top level; `default` when it names none. */
import { fail } from '../errors.js';
import type { Scope } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { isMapping } from '../../mapping.js';
import type { ServiceNetwork } from '../../model.js';
import { keyedEntries, type Raw } from '../raw-values.js';

export function networksOf(name: string, spec: Raw, at: TreePath, scope: Scope): Record<string, ServiceNetwork | null> {
  const entries = keyedEntries(spec.networks, [...at, 'networks']);
  const hasMode = spec.network_mode !== undefined;
  if (entries.length === 0) return hasMode || spec.provider !== undefined ? {} : { default: null };
  if (hasMode) {
    fail(
      scope.context,
      'E_NETWORK_MODE_CONFLICT',
      [...at, 'networks'],
      `service "${name}" sets both network_mode and networks, which exclude each other.`,
      'Keep network_mode to share a network stack, or networks to join networks, not both.',
    );
  }
  for (const [network, , entryAt] of entries) {
    if (!scope.declared.networks.has(network)) {
      fail(
        scope.context,
        'E_NETWORK_UNDECLARED',
        entryAt,
        `service "${name}" joins the network "${network}", which is not declared.`,
        `Add "${network}:" under the top-level networks: key, or remove it from the service.`,
      );
    }
  }
  return Object.fromEntries(entries.map(([network, value]) => [network, isMapping(value) ? { ...value } : null]));
}
