import { reviewMermaid } from './mermaid.js';
import { sizeText } from '../support/storage/limits.js';
import { isNotable as isNotableDeployment } from './deployment.js';
import type { ReviewModel, ReviewOverlay, ReviewService, ReviewVolume } from './model.js';
import type { ReviewNetwork } from './network.js';
import { isNotable } from './scaling.js';

/**
 * `<project>.review.md`: what to check before deploying, from the rendered template. A
 * title, the diagram of who may call whom (exactly what the security groups allow), then
 * one table per concern: services, their deployments (when one is other than a plain rolling
 * update), connections, addresses (when a load balancer fronts a service), scaling and capacity
 * (when a service scales, runs on Spot or has more storage), IAM permissions, secrets, the images compose-x builds, the files that travel and
 * the volumes (when there are any), the private network of the tasks (with
 * x-vpc.PrivateSubnets), what an overlay (x-cloudformation) added or changed, warnings.
 * Deterministic (no dates).
 */
export function reviewMarkdown(model: ReviewModel): string {
  return [...reviewMarkdownLines(model)].join('');
}

/**
 * The review page line by line, each with its newline, each table row made as it is read: the
 * page of a 5000-service project is hundreds of MB (every caller of every port), which
 * `render` writes in chunks without holding it whole.
 */
export function* reviewMarkdownLines(model: ReviewModel): Generator<string> {
  const sections: Iterable<string>[] = [
    [`# Review of ${model.project}`],
    [
      `What the template of ${model.project} deploys: ${count(model.services.length, 'service')}, who may reach whom (exactly what its security groups allow), ` +
        'what each service may do in AWS, and the secrets it reads.',
    ],
    ['```mermaid', reviewMermaid(model).trimEnd(), '```'],
    table('Services', ['Service', 'Image', 'CPU / memory', 'Replicas', 'Ports (from)', 'Log group'], model.services, serviceRow),
    ...(model.services.some((s) => isNotableDeployment(s.deployment))
      ? [section('Deployments', ['Service', 'Strategy', 'Traffic shifts on', 'Bake time', 'Alarms (roll back)', 'Test traffic'], model.services.map(deploymentRow))]
      : []),
    section('Connections', ['From', 'To', 'Port', 'Via', 'Named'], connectionRows(model)),
    ...(model.addresses.length > 0 ? [section('Addresses', ['Service', 'Address', 'Through', 'Stack output'], model.addresses.map((a) => [a.service, code(a.address), a.through, code(a.output)]))] : []),
    ...(model.services.some((s) => isNotable(s.scaling))
      ? [section('Scaling and capacity', ['Service', 'Tasks', 'Scales on', 'Schedules', 'Capacity', 'Ephemeral storage'], model.services.map(scalingRow))]
      : []),
    ...(model.networks.length > 0 ? [section('Networks', ['Network', 'Members (each may call what the network reaches)'], model.networks.map((n) => [n.name, n.members.join(', ')]))] : []),
    section('IAM permissions', ['Service', 'Role', 'Allowed'], model.services.flatMap((s) => s.permissions.map((p) => [s.name, p.role, code(p.allowed)]))),
    section('Secrets', ['Service', 'Secret ARN'], model.services.flatMap((s) => s.secrets.map((arn) => [s.name, code(arn)]))),
    ...(model.images.length > 0
      ? [section('Images built', ['Service', 'ECR repository', 'Tag (hash of the sources)', 'Build context'], model.images.map((i) => [i.service, code(i.repository), code(i.tag), code(i.context)]))]
      : []),
    ...(model.files.length > 0
      ? [section('Files that travel', ['Service', 'Path in the container', 'Source', 'Size', 'SHA-256'], model.files.map((f) => [f.service, code(f.path), code(f.source), sizeText(f.bytes), code(f.sha256.slice(0, 12))]))]
      : []),
    ...(model.volumes.length > 0
      ? [section('Volumes', ['Service', 'Path in the container', 'File system', 'Directory', 'Access'], model.volumes.map(volumeRow))]
      : []),
    ...(model.network ? [networkSection(model.network)] : []),
    ...(model.overlay.length > 0 ? [section('Overlay', ['From', 'Entry', 'Type', 'Change'], model.overlay.map(overlayRow))] : []),
    section('Warnings', ['Warning'], model.warnings.map((w) => [w])),
  ];
  let first = true;
  for (const part of sections) {
    if (!first) yield '\n';
    first = false;
    for (const line of part) yield `${line}\n`;
  }
}

/** Where the tasks run when they are private: what reaches them and what they reach. */
function networkSection(network: ReviewNetwork): string[] {
  const gateways = network.natGateways;
  return [
    '## Network',
    '',
    `- Tasks: in private subnets (${network.subnets.map(code).join(', ')}), without public IPs: the internet reaches them only through a load balancer.`,
    `- To the internet: through ${count(gateways.length, 'NAT gateway')} (${gateways.map(code).join(', ')}).`,
    `- VPC endpoints: ${network.endpoints.length > 0 ? `${network.endpoints.join(', ')}; an interface endpoint admits HTTPS from the tasks' security groups only` : 'none'}.`,
  ];
}

function serviceRow(s: ReviewService): string[] {
  const ports = s.ports.map((p) => `${p.port}/${p.protocol} from ${p.from.length > 0 ? p.from.join(', ') : 'nobody'}`);
  return [s.name, code(s.image), `${s.cpu} / ${s.memory}${s.sizeNote ? ` (${s.sizeNote})` : ''}`, s.scaling.tasks, ports.join('<br>') || 'none', code(s.logGroup)];
}

/** Its range (or fixed count), what it tracks, its schedules, the Fargate capacity it runs on, its ephemeral storage (Fargate's 20 GiB by default). */
function scalingRow(s: ReviewService): string[] {
  const { scaling } = s;
  const on = scaling.targets.length > 0 ? `${scaling.targets.join(', ')}${scaling.scalesIn ? '' : ' (no scale-in)'}` : scaling.resources.length > 0 ? 'schedules only' : 'fixed';
  return [s.name, scaling.tasks, on, scaling.schedules.map(code).join('<br>') || 'none', scaling.capacity, scaling.ephemeralStorage !== undefined ? `${scaling.ephemeralStorage} GiB` : '20 GiB (default)'];
}

/** Added, or changed at its paths (a path of an override, or what a merge replaced). */
function overlayRow(o: ReviewOverlay): string[] {
  const change = o.change === 'added' ? 'added' : `changed: ${o.paths.map(code).join(', ') || 'nothing'}`;
  return [code(o.source), code(o.entry), o.type ? code(o.type) : '', change];
}

function deploymentRow(s: ReviewService): string[] {
  const d = s.deployment;
  return [
    s.name,
    d.strategy,
    d.shiftsOn.join(', ') || '-',
    d.bakeTimeMinutes !== undefined ? `${d.bakeTimeMinutes} min` : '-',
    d.alarms.map(code).join(', ') || 'none',
    d.testTraffic !== undefined ? code(d.testTraffic) : '-',
  ];
}

function volumeRow(v: ReviewVolume): string[] {
  const system = v.fileSystem === 'FileSystem' ? "the project's (`FileSystem`, kept when the stack is deleted)" : `existing ${code(v.fileSystem)}`;
  return [v.service, code(v.path), system, code(v.directory), v.readOnly ? 'read-only' : 'read-write'];
}

/** Entries from outside first, then service to service. */
function connectionRows(model: ReviewModel): string[][] {
  return [
    ...model.entries.map((e) => {
      if (e.kind === 'published') return ['internet', e.to, String(e.port), 'published port', ''];
      if (e.kind === 'load-balancer') return ['internet', e.to, String(e.port), 'listener', e.label ?? ''];
      return [`load balancer ${e.name}`, e.to, String(e.port), 'gateway', e.label ?? ''];
    }),
    ...model.edges.map((e) => [e.from, e.to, String(e.port), e.via, e.label ?? '']),
  ];
}

function section(title: string, header: string[], rows: readonly string[][]): Iterable<string> {
  return table(title, header, rows, (row) => row);
}

/** A `## title` and its table (each row made as it is read), or "none", as lines. */
function* table<T>(title: string, header: string[], items: readonly T[], row: (item: T) => string[]): Generator<string> {
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  yield `## ${title}`;
  yield '';
  if (items.length === 0) {
    yield 'none';
    return;
  }
  yield line(header);
  yield `|${header.map(() => ' --- |').join('')}`;
  for (const item of items) yield line(row(item));
}

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string): string {
  return text.includes('`') ? text : `\`${text}\``;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
