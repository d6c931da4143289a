/**
 * One `ports:` entry in its long form(s), as compose-go and Docker's `nat.ParsePortSpec` read it.
 * The short syntax `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]` gives one entry
 * per container port: "8000-8001:80-81" is two entries, while "9090-9091:8080" is one entry
 * publishing on any host port of the range ("9090-9091").
 */
import { isIP } from 'node:net';
import { ParseError } from '../diagnostics.js';
import { isMapping } from '../mapping.js';
import type { ServicePort } from '../model.js';

const PROTOCOLS: readonly ServicePort['protocol'][] = ['tcp', 'udp', 'sctp'];
const MAX_PORT = 65535;
const HINT =
  'Write it as [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "8080:80", "127.0.0.1:8080:80/udp" or "8000-8010:8000-8010", or use the long syntax with target and published.';

interface PortRange {
  start: number;
  end: number;
}

/**
 * Expands one `ports:` entry (a number, a short-syntax string or a long-syntax mapping) into
 * ServicePorts with mode and protocol defaulted. Throws a ParseError 'E_PORT' (without path).
 */
export function parsePort(entry: unknown): ServicePort[] {
  if (typeof entry === 'number') return [{ mode: 'ingress', target: portNumber(String(entry), entry), protocol: 'tcp' }];
  if (typeof entry === 'string') return parseShortSyntax(entry);
  if (isMapping(entry)) return [parseLongSyntax(entry)];
  throw invalid(entry, 'it is neither a number, a string nor a mapping');
}

function parseShortSyntax(spec: string): ServicePort[] {
  const [ip, hostText, containerText] = splitParts(spec);
  const [portText, protocolText] = splitProtocol(containerText);
  if (portText === '') throw invalid(spec, 'no container port is given');
  const protocol = protocolOf(protocolText.toLowerCase(), spec);
  const hostIp = hostIpOf(ip, spec);
  const container = portRange(portText, spec);
  const host = hostText === '' ? undefined : portRange(hostText, spec);
  if (host && width(host) !== width(container) && width(container) !== 0) {
    throw invalid(spec, `the container range ${portText} and the host range ${hostText} differ in size`);
  }
  return expand(container, host).map(([target, published]) => ({
    mode: 'ingress',
    ...(hostIp === '' ? {} : { host_ip: hostIp }),
    target,
    ...(published === undefined ? {} : { published }),
    protocol,
  }));
}

/** One [target, published] pair per container port of the range. */
function expand(container: PortRange, host: PortRange | undefined): [number, string | undefined][] {
  const count = width(container) + 1;
  return Array.from({ length: count }, (_unused, i) => {
    if (!host) return [container.start + i, undefined];
    const published = count === 1 && host.end !== host.start ? `${host.start}-${host.end}` : `${host.start + i}`;
    return [container.start + i, published];
  });
}

function width(range: PortRange): number {
  return range.end - range.start;
}

/** ip:host:container where the ip may itself hold colons (IPv6). */
function splitParts(spec: string): [string, string, string] {
  const parts = spec.split(':');
  const container = parts.pop() ?? '';
  const host = parts.pop() ?? '';
  return [parts.join(':'), host, container];
}

function splitProtocol(text: string): [string, string] {
  const slash = text.indexOf('/');
  if (slash < 0) return [text, 'tcp'];
  const protocol = text.slice(slash + 1);
  return [text.slice(0, slash), protocol === '' ? 'tcp' : protocol];
}

function protocolOf(text: string, spec: unknown): ServicePort['protocol'] {
  const protocol = PROTOCOLS.find((p) => p === text);
  if (!protocol) throw invalid(spec, `"${text}" is not a protocol (tcp, udp or sctp)`);
  return protocol;
}

function hostIpOf(text: string, spec: unknown): string {
  const ip = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (ip !== '' && isIP(ip) === 0) throw invalid(spec, `"${text}" is not an IP address`);
  return ip;
}

function portRange(text: string, spec: unknown): PortRange {
  const [startText, endText, ...rest] = text.split('-');
  if (rest.length > 0) throw invalid(spec, `"${text}" is not a port or a port range`);
  const start = portNumber(startText ?? '', spec);
  const end = endText === undefined ? start : portNumber(endText, spec);
  if (end < start) throw invalid(spec, `the range ${text} ends before it starts`);
  return { start, end };
}

function portNumber(text: string, spec: unknown): number {
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(port <= MAX_PORT)) throw invalid(spec, `"${text}" is not a port number (0-${MAX_PORT})`);
  return port;
}

function parseLongSyntax(entry: Record<string, unknown>): ServicePort {
  const { target, published, mode = 'ingress', protocol = 'tcp', host_ip, name, app_protocol } = entry;
  if (target === undefined) throw invalid(entry, 'it has no target');
  if (published !== undefined) portRange(String(published), entry);
  return {
    ...(name === undefined ? {} : { name: String(name) }),
    mode: String(mode),
    ...(host_ip === undefined ? {} : { host_ip: hostIpOf(String(host_ip), entry) }),
    target: portNumber(String(target), entry),
    ...(published === undefined ? {} : { published: String(published) }),
    protocol: protocolOf(String(protocol).toLowerCase(), entry),
    ...(app_protocol === undefined ? {} : { app_protocol: String(app_protocol) }),
  };
}

function invalid(spec: unknown, reason: string): ParseError {
  const shown = typeof spec === 'string' ? `"${spec}"` : JSON.stringify(spec);
  return new ParseError('E_PORT', `port ${shown} is not valid: ${reason}.`, { hint: HINT });
}

/** The ports an `expose:` entry opens ("3000", "3000-3005", "53/udp"), or undefined for an sctp (or unreadable) one, which ECS does not map. */
export function exposedRange(entry: string): { start: number; end: number; protocol: 'tcp' | 'udp' } | undefined {
  const [ports = '', protocol = 'tcp'] = entry.split('/');
  const [start, end = start] = ports.split('-').map(Number);
  if (start === undefined || end === undefined || Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return protocol === 'tcp' || protocol === 'udp' ? { start, end, protocol } : undefined;
}

/** Host addresses that mean "every interface", as a published port on ECS is. */
const ANY_ADDRESS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

/**
 * Whether a port is published to the world: a published port bound to one host address
 * (`127.0.0.1:5432:5432`, "only this machine") is, on ECS, a port the services of its
 * networks reach, and no more.
 */
export function isPublished(port: ServicePort): boolean {
  return port.published !== undefined && (port.host_ip === undefined || ANY_ADDRESS.has(port.host_ip));
}
