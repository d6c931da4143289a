import type { Broadening } from '../../src/review/rendered-diff/broadening.js';
import type { Paint } from '../io/colour.js';

/** What a change widens, before the question of `up` (or the refusal in CI): one section per kind, each line in yellow. */
export function formatBroadening(stack: string, b: Broadening, paint: Paint): string {
  const holder = (p: Broadening['permissions'][number]): string => (p.service === undefined ? p.role : `${p.service} (${p.role})`);
  const port = (r: Broadening['ingress'][number]): string => `${r.service}: ${r.protocol === 'all' ? 'all traffic' : `${r.port}/${r.protocol}`} from ${r.from}`;
  const sections: [string, string[]][] = [
    ['IAM permissions granted', b.permissions.map((p) => `${holder(p)}: ${p.action} on ${p.resource}`)],
    ['Security group ingress', b.ingress.map(port)],
    ['Public ports (open to the internet)', b.publicPorts.map(port)],
    ['Load balancer listeners', b.listeners.map((l) => `${l.loadBalancer}: ${l.port}/${l.protocol} (${l.listener})`)],
  ];
  const shown = sections.filter(([, lines]) => lines.length > 0);
  return [
    `This deployment widens access to ${stack}:`,
    ...shown.flatMap(([title, lines]) => [title, ...lines.map((line) => paint(`  + ${line}`, 'yellow'))]),
  ].join('\n');
}
