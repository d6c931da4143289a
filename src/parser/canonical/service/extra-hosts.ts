/** A service's `extra_hosts` as a mapping of host name to IP addresses. */
import { fail } from '../errors.js';
import type { CanonicalContext } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { mappingOrEmpty } from '../raw-values.js';

const EXTRA_HOST_SEPARATORS = ['=', ':'];
const EXTRA_HOST_HINT = 'Write it as "host=ip" (or "host:ip"), e.g. "db=10.0.0.5" or "myhost=::1".';

export function extraHostsOf(value: unknown, at: TreePath, context: CanonicalContext): Record<string, string[]> {
  const hosts: Record<string, string[]> = {};
  for (const [host, ips, entryAt] of extraHostEntries(value, at, context)) {
    if (host === '' || /[:=]/.test(host)) {
      fail(context, 'E_EXTRA_HOST', entryAt, `"${host}" is not a valid host name for extra_hosts.`, EXTRA_HOST_HINT);
    }
    hosts[host] = [...(hosts[host] ?? []), ...ips.map(stripBrackets)];
  }
  return hosts;
}

function extraHostEntries(value: unknown, at: TreePath, context: CanonicalContext): [string, string[], TreePath][] {
  if (Array.isArray(value)) return value.map((item, i) => extraHostEntry(String(item), [...at, i], context));
  return Object.entries(mappingOrEmpty(value)).map(([host, ips]) => [
    host,
    Array.isArray(ips) ? ips.map(String) : [ips === null ? '' : String(ips)],
    [...at, host],
  ]);
}

/** "host=ip1,ip2" or "host:ip"; the first `=` wins over any `:` (IPv6). */
function extraHostEntry(item: string, at: TreePath, context: CanonicalContext): [string, string[], TreePath] {
  const separator = EXTRA_HOST_SEPARATORS.find((s) => item.includes(s));
  if (separator === undefined) {
    fail(context, 'E_EXTRA_HOST', at, `extra host "${item}" has no IP address.`, EXTRA_HOST_HINT);
  }
  const index = item.indexOf(separator);
  return [item.slice(0, index), item.slice(index + 1).split(','), at];
}

function stripBrackets(ip: string): string {
  return ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}
