import { ParseError, type Position, type TreePath } from '../parser/diagnostics.js';
import { isMapping } from '../parser/mapping.js';
import type { Project } from '../parser/model.js';
import type { IngressRule, Listener, ServiceGraph } from './graph.js';
import { asksEcsConnect, ecsConnectMember, ecsConnectNamespace } from './composex/ecs-connect.js';
import { isScheduled } from '../support/schedule.js';

/** The top-level x-serviceconnect, as schemas/x-serviceconnect.json allows it. */
interface XServiceConnect {
  Namespace?: string;
  Logs?: boolean;
  AccessLogs?: { Format: 'TEXT' | 'JSON'; IncludeQueryParameters?: boolean };
}

/** A service's x-serviceconnect. */
interface XMember {
  Enabled?: boolean;
  Services?: XServerPort[];
}

type AppProtocol = 'http' | 'http2' | 'grpc';

interface XServerPort {
  Port?: number | string;
  PortName?: string;
  DiscoveryName?: string;
  ClientAliases?: ClientAlias[];
  AppProtocol?: AppProtocol;
  IngressPortOverride?: number;
  Timeout?: { IdleTimeoutSeconds?: number; PerRequestTimeoutSeconds?: number };
  Tls?: { IssuerCertificateAuthority?: { AwsPcaAuthorityArn?: string }; KmsKey?: string; RoleArn?: string };
}

export interface ClientAlias {
  DnsName?: string;
  Port: number;
  TestTrafficRules?: { Header: { Name: string; Value?: { Exact: string } } };
}

/** One port a Service Connect server offers in the namespace. */
export interface ServerPort {
  /** The container port; the task definition names its port mapping `portName`. */
  port: number;
  portName: string;
  discoveryName: string;
  clientAliases: ClientAlias[];
  appProtocol?: AppProtocol;
  ingressPortOverride?: number;
  timeout?: NonNullable<XServerPort['Timeout']>;
  tls?: { authorityArn: string; kmsKey?: string; roleArn?: string };
}

export interface ServiceConnectMember {
  /** Empty for a client-only service. */
  servers: ServerPort[];
}

export type Namespace = { kind: 'new'; name: string } | { kind: 'existing'; arn: string };

/** Service Connect for the project: the namespace, the proxy settings, the member services. */
export interface ServiceConnectPlan {
  namespace: Namespace;
  /** Proxy logs to each service's log group. */
  logs: boolean;
  accessLogs?: { format: 'TEXT' | 'JSON'; includeQueryParameters: boolean };
  /** Members by service name, in name order. */
  members: Record<string, ServiceConnectMember>;
}

type Locate = (path: TreePath) => Position | undefined;

const NAMESPACE_ARN = /^arn:aws[a-z-]*:servicediscovery:[a-z0-9-]+:\d{12}:namespace\/ns-[a-z0-9]+$/;
const APP_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2', 'grpc']);

/**
 * Resolves x-serviceconnect into a plan. With no extension, a project of more than one
 * service (and no x-appmesh) gets Service Connect; `x-serviceconnect: false` turns it off.
 * A service with target ports is client-server (by default one server port per target
 * port, discovered as `<service>` then `<service>-<port>`, alias `<service>:<port>`), the
 * others are client-only. Conflicts in the namespace are errors. ECS ComposeX's
 * x-network.x-ecs_connect reads as the service's x-serviceconnect (src/mesh/composex/), and turns
 * Service Connect on, in the namespace it names.
 */
export function planServiceConnect(project: Project, graph: ServiceGraph, locate: Locate): ServiceConnectPlan | undefined {
  const top = project.extensions['x-serviceconnect'];
  if (top === false) return undefined;
  const composeX = asksEcsConnect(project);
  if (top === undefined && !composeX && (graph.services.length < 2 || project.extensions['x-appmesh'] !== undefined)) return undefined;
  const settings = (isMapping(top) ? top : {}) as XServiceConnect;
  const members: Record<string, ServiceConnectMember> = {};
  for (const name of graph.services) {
    // A scheduled job's tasks are started by RunTask, which gives them no Service Connect proxy.
    if (isScheduled(project, name)) continue;
    const listeners = (graph.listeners[name] ?? []).filter((l) => l.protocol === 'tcp');
    const ext = project.services[name]?.extensions['x-serviceconnect'] ?? ecsConnectMember(project, name, listeners, locate);
    if (ext === false || (isMapping(ext) && ext['Enabled'] === false)) continue;
    members[name] = { servers: serversOf(name, (isMapping(ext) ? ext : {}) as XMember, listeners, locate) };
  }
  checkNamespaceConflicts(members, locate);
  const namespace = settings.Namespace ?? (composeX ? ecsConnectNamespace(project, locate) : undefined);
  return {
    namespace: namespaceOf({ ...settings, ...(namespace !== undefined ? { Namespace: namespace } : {}) }, project.name, locate),
    logs: settings.Logs ?? true,
    ...(settings.AccessLogs
      ? { accessLogs: { format: settings.AccessLogs.Format, includeQueryParameters: settings.AccessLogs.IncludeQueryParameters ?? false } }
      : {}),
    members,
  };
}

/**
 * The graph as Service Connect changes it: a server port with an IngressPortOverride is
 * reached on that port (the proxy's listener) by the members of its networks.
 */
export function withServiceConnect(graph: ServiceGraph, plan: ServiceConnectPlan | undefined): ServiceGraph {
  if (!plan) return graph;
  const overrides = new Map<string, number>();
  for (const [name, member] of Object.entries(plan.members)) {
    for (const s of member.servers) if (s.ingressPortOverride !== undefined) overrides.set(`${name}/${s.port}`, s.ingressPortOverride);
  }
  if (overrides.size === 0) return graph;
  const ingress: IngressRule[] = graph.ingress.map((rule) => {
    const port = overrides.get(`${rule.service}/${rule.port}`);
    return port !== undefined && rule.source.kind === 'network' ? { ...rule, port } : rule;
  });
  return { ...graph, ingress };
}

function namespaceOf(settings: XServiceConnect, project: string, locate: Locate): Namespace {
  const name = settings.Namespace ?? `${project}.local`;
  if (!name.startsWith('arn:')) return { kind: 'new', name };
  if (!NAMESPACE_ARN.test(name)) {
    const path = ['x-serviceconnect', 'Namespace'];
    throw new ParseError('E_SC_NAMESPACE_ARN', `"${name}" is not the ARN of a Cloud Map namespace.`, {
      path,
      position: locate(path),
      hint: 'Give a namespace ARN (arn:aws:servicediscovery:REGION:ACCOUNT:namespace/ns-...), or a name such as shop.local to create one.',
    });
  }
  return { kind: 'existing', arn: name };
}

function serversOf(name: string, ext: XMember, listeners: Listener[], locate: Locate): ServerPort[] {
  const at: TreePath = ['services', name, 'x-serviceconnect', 'Services'];
  if (ext.Services === undefined) return listeners.map((l, i) => server(name, l, i, {}));
  if (ext.Services.length > 0 && listeners.length === 0) {
    throw new ParseError('E_SC_CLIENT_ONLY', `service "${name}" has no target port, so it is client-only and cannot declare Services.`, {
      path: at,
      position: locate(at),
      hint: 'Declare the port it listens on under ports: or expose:, or remove Services (or set it to []).',
    });
  }
  return ext.Services.map((entry, i) => {
    const path = [...at, i];
    const listener = listenerOf(entry, listeners);
    if (!listener) {
      const wanted = entry.Port ?? entry.PortName ?? '(none)';
      throw new ParseError('E_SC_PORT_UNKNOWN', `service "${name}" does not listen on port ${String(wanted)}.`, {
        path,
        position: locate(path),
        hint: `Use one of its target ports (${listeners.map((l) => l.name ?? l.port).join(', ')}), or add the port under ports: or expose:.`,
      });
    }
    if (entry.Tls && !entry.Tls.IssuerCertificateAuthority?.AwsPcaAuthorityArn) {
      throw new ParseError('E_SC_TLS_CA', 'Tls needs the certificate authority that issues the certificates.', {
        path: [...path, 'Tls'],
        position: locate([...path, 'Tls']),
        hint: 'Set Tls.IssuerCertificateAuthority.AwsPcaAuthorityArn to an AWS Private CA ARN.',
      });
    }
    return server(name, listener, listeners.indexOf(listener), entry);
  });
}

/** `Port: 6379` (or "6379") is a container port; `Port: grpc` or `PortName: grpc` a named compose port. */
function listenerOf(entry: XServerPort, listeners: Listener[]): Listener | undefined {
  const number = typeof entry.Port === 'number' ? entry.Port : /^\d+$/.test(entry.Port ?? '') ? Number(entry.Port) : undefined;
  if (number !== undefined) return listeners.find((l) => l.port === number);
  const named = entry.Port ?? entry.PortName;
  return listeners.find((l) => l.name !== undefined && l.name === named);
}

function server(name: string, listener: Listener, index: number, entry: XServerPort): ServerPort {
  const base = dnsLabel(name);
  const discoveryName = entry.DiscoveryName ?? (index === 0 ? base : `${base}-${listener.port}`);
  const appProtocol = entry.AppProtocol ?? (APP_PROTOCOLS.has(listener.appProtocol?.toLowerCase() ?? '') ? (listener.appProtocol?.toLowerCase() as AppProtocol) : undefined);
  const tls = entry.Tls?.IssuerCertificateAuthority?.AwsPcaAuthorityArn;
  return {
    port: listener.port,
    portName: entry.PortName ?? listener.name ?? `${base}-${listener.port}`,
    discoveryName,
    clientAliases: entry.ClientAliases ?? [{ DnsName: base, Port: listener.port }],
    ...(appProtocol ? { appProtocol } : {}),
    ...(entry.IngressPortOverride !== undefined ? { ingressPortOverride: entry.IngressPortOverride } : {}),
    ...(entry.Timeout ? { timeout: entry.Timeout } : {}),
    ...(tls
      ? { tls: { authorityArn: tls, ...(entry.Tls?.KmsKey ? { kmsKey: entry.Tls.KmsKey } : {}), ...(entry.Tls?.RoleArn ? { roleArn: entry.Tls.RoleArn } : {}) } }
      : {}),
  };
}

/** Service Connect names are lower case: DNS is case-insensitive, the API is not. */
function dnsLabel(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^-+/, '');
}

/** Discovery names and client aliases (name and port) are unique in a namespace. */
function checkNamespaceConflicts(members: Record<string, ServiceConnectMember>, locate: Locate): void {
  const discovery = new Map<string, string>();
  const aliases = new Map<string, string>();
  for (const [name, member] of Object.entries(members)) {
    member.servers.forEach((s, i) => {
      const path = ['services', name, 'x-serviceconnect', 'Services', i];
      const owner = discovery.get(s.discoveryName);
      if (owner !== undefined) {
        throw new ParseError('E_SC_DISCOVERY_CLASH', `the discovery name "${s.discoveryName}" of "${name}" is already the one of "${owner}".`, {
          path,
          position: locate(path),
          hint: 'Give one of them another DiscoveryName under x-serviceconnect.Services.',
        });
      }
      discovery.set(s.discoveryName, name);
      for (const alias of s.clientAliases) {
        const key = `${alias.DnsName ?? s.discoveryName}:${alias.Port}`;
        const claimed = aliases.get(key);
        if (claimed !== undefined) {
          throw new ParseError('E_SC_ALIAS_CLASH', `the client alias ${key} of "${name}" is already claimed by "${claimed}".`, {
            path,
            position: locate(path),
            hint: 'Each alias (DnsName and Port) can name one server in the namespace: change one of them.',
          });
        }
        aliases.set(key, name);
      }
    });
  }
}
