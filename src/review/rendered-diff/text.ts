/** The summary of `diff --rendered` as a reviewer reads it at a terminal or in a pull request. */
import type { OtherResource, Permission, PortRule, RenderDiff } from './types.js';

type Change = '+' | '-' | '~';
const COLOURS = { '+': 'green', '-': 'red', '~': 'yellow' } as const;

/** Text in a colour, as the terminal shows it; the CLI's painter, which knows whether there is colour. */
export type Paint = (text: string, colour: (typeof COLOURS)[Change]) => string;

const plain: Paint = (text) => text;

function line(change: Change, text: string, paint: Paint): string {
  return paint(`  ${change} ${text}`, COLOURS[change]);
}

function portText(rule: PortRule): string {
  const what = rule.protocol === 'all' ? 'all traffic' : `${rule.port}/${rule.protocol}`;
  return `${rule.service}: ${what} from ${rule.from}`;
}

function permissionText(permission: Permission): string {
  const holder = permission.service === undefined ? permission.role : `${permission.service} (${permission.role})`;
  return `${holder}: ${permission.action} on ${permission.resource}`;
}

/** Up to this many other changes are named one by one; more are counted. */
const NAMED_OTHERS = 10;
const CHANGE_SIGN = { added: '+', removed: '-', modified: '~' } as const;

function otherText(r: OtherResource): string {
  const what = `${r.resource} (${r.type})`;
  return r.change === 'modified' ? `${what}: ${(r.paths ?? []).join(', ')}` : `${what} ${r.change}`;
}

const plural = (n: number): string => `${n} resource${n === 1 ? '' : 's'}`;

type Line = [Change, string];

function lines<T>(change: Change, items: readonly T[], text: (item: T) => string): Line[] {
  return items.map((item) => [change, text(item)]);
}

/** The lines of each section, empty sections included. */
function sections(diff: RenderDiff): [string, Line[]][] {
  const { added, removed, modified } = diff.otherChanges;
  const some = (n: number): number[] => (n > 0 ? [n] : []);
  return [
    ['Services', [...lines('+', diff.servicesAdded, String), ...lines('-', diff.servicesRemoved, String)]],
    ['Ports', [...lines('+', diff.portsOpened, portText), ...lines('-', diff.portsClosed, portText)]],
    ['Permissions', [...lines('+', diff.permissionsGranted, permissionText), ...lines('-', diff.permissionsRevoked, permissionText)]],
    [
      'Restarts and replacements',
      [
        ...lines('~', diff.restarts, (r) => `${r.service} restarts (${r.resource}): ${r.reason.join(', ')}`),
        ...lines('~', diff.replacements, (r) => `${r.resource} (${r.type}) is replaced: ${r.properties.join(', ')}`),
      ],
    ],
    ['Scaling and capacity', lines('~', diff.scaling, (c) => `${c.service}: ${c.aspect} ${c.before} -> ${c.after}`)],
    ['Deployments', lines('~', diff.deployments, (d) => `${d.service}: deployment ${d.from} -> ${d.to}`)],
    [
      'Other changes',
      diff.otherResources.length <= NAMED_OTHERS
        ? diff.otherResources.map((r): Line => [CHANGE_SIGN[r.change], otherText(r)])
        : [
            ...lines('+', some(added), (n) => `${plural(n)} added`),
            ...lines('-', some(removed), (n) => `${plural(n)} removed`),
            ...lines('~', some(modified), (n) => `${plural(n)} modified`),
          ],
    ],
  ];
}

/**
 * The diff as text for a reviewer: one section per kind of change that has any (Services,
 * Ports, Permissions, Restarts and replacements, Scaling and capacity, Deployments, Other changes), each line starting with `+`
 * (added, opened, granted), `-` (removed, closed, revoked) or `~` (changed), in green, red and
 * yellow through `paint` (plain by default); `no changes` when the renders do the same. Ends with a newline.
 */
export function renderDiffText(diff: RenderDiff, paint: Paint = plain): string {
  const shown = sections(diff).filter(([, body]) => body.length > 0);
  if (shown.length === 0) return 'no changes\n';
  const text = shown.map(([title, body]) => [title, ...body.map(([change, words]) => line(change, words, paint))].join('\n'));
  return `${text.join('\n')}\n`;
}
