import { ParseError, type Position, type TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import type { Listener } from '../graph.js';

type Locate = (path: TreePath) => Position | undefined;

interface MacroPort {
  port?: number;
  protocol?: 'tcp' | 'http' | 'http2' | 'grpc';
  appProtocol?: 'http' | 'http2' | 'grpc';
  DnsName?: string;
  CloudMapServiceName?: string;
  client_aliases?: { port?: number; Port?: number; dns_name?: string; DnsName?: string }[];
}

interface XEcsConnect {
  MacroParameters?: { 'x-cloudmap'?: string; service_ports?: Record<string, MacroPort> };
  Properties?: { Enabled?: boolean; Namespace?: string; Services?: { PortName: string; DiscoveryName?: string; ClientAliases?: { Port: number; DnsName?: string }[]; IngressPortOverride?: number; Timeout?: object; Tls?: object }[] };
}

/** A service's x-serviceconnect, in compose-x's form (src/mesh/service-connect.ts). */
export interface MemberExtension {
  Enabled?: boolean;
  Services?: Record<string, unknown>[];
}

function ecsConnectOf(project: Project, service: string): XEcsConnect | undefined {
  const network = project.services[service]?.extensions['x-network'];
  const connect = isMapping(network) ? network['x-ecs_connect'] : undefined;
  return isMapping(connect) ? (connect as XEcsConnect) : undefined;
}

/** Whether a service of the project asks for Service Connect with x-network.x-ecs_connect. */
export function asksEcsConnect(project: Project): boolean {
  return Object.keys(project.services).some((name) => ecsConnectOf(project, name) !== undefined);
}

/**
 * ECS ComposeX's x-network.x-ecs_connect as the x-serviceconnect it means
 * (https://docs.compose-x.io/syntax/compose_x/ecs.details/network.html): MacroParameters'
 * service_ports (by port mapping name: a named compose port, or ComposeX's `<protocol>_<port>`),
 * each with its DnsName (the client alias), CloudMapServiceName (the discovery name), or
 * client_aliases; none is a client-only service. Properties is a ServiceConnectConfiguration as
 * CloudFormation has it (Enabled, Services). Undefined when the service has no x-ecs_connect.
 */
export function ecsConnectMember(project: Project, service: string, listeners: Listener[], locate: Locate): MemberExtension | undefined {
  const connect = ecsConnectOf(project, service);
  if (!connect) return undefined;
  const at: TreePath = ['services', service, 'x-network', 'x-ecs_connect'];
  if (connect.Properties) {
    if (connect.Properties.Enabled === false) return { Enabled: false };
    return {
      Services: (connect.Properties.Services ?? []).map((s, i) => {
        const listener = listenerNamed(s.PortName, listeners);
        if (!listener) throw unknownPort(service, s.PortName, listeners, [...at, 'Properties', 'Services', i, 'PortName'], locate);
        const { PortName, ...rest } = s;
        return { Port: listener.port, PortName, ...rest };
      }),
    };
  }
  const ports = connect.MacroParameters?.service_ports ?? {};
  return {
    Services: Object.entries(ports).map(([portName, entry]) => {
      const listener = entry.port !== undefined ? listeners.find((l) => l.port === entry.port) : listenerNamed(portName, listeners);
      if (!listener) throw unknownPort(service, portName, listeners, [...at, 'MacroParameters', 'service_ports', portName], locate);
      const protocol = entry.appProtocol ?? (entry.protocol === 'tcp' ? undefined : entry.protocol);
      const aliases = entry.client_aliases?.map((a) => ({ Port: a.port ?? a.Port ?? listener.port, ...((a.dns_name ?? a.DnsName) ? { DnsName: a.dns_name ?? a.DnsName } : {}) }));
      return {
        Port: listener.port,
        PortName: portName,
        ...(entry.CloudMapServiceName ? { DiscoveryName: entry.CloudMapServiceName } : {}),
        ...(aliases ? { ClientAliases: aliases } : entry.DnsName ? { ClientAliases: [{ DnsName: entry.DnsName, Port: listener.port }] } : {}),
        ...(protocol ? { AppProtocol: protocol } : {}),
      };
    }),
  };
}

/** A named compose port, or ECS ComposeX's name of an unnamed one: `tcp_4567`. */
function listenerNamed(name: string, listeners: Listener[]): Listener | undefined {
  const named = listeners.find((l) => l.name === name);
  if (named) return named;
  const match = /^(tcp|udp)_(\d+)$/.exec(name);
  return match ? listeners.find((l) => l.protocol === match[1] && l.port === Number(match[2])) : undefined;
}

function unknownPort(service: string, name: string, listeners: Listener[], path: TreePath, locate: Locate): ParseError {
  return new ParseError('E_ECS_CONNECT_PORT', `service "${service}" has no port "${name}".`, {
    path,
    position: locate(path),
    hint: `Name one of its ports (${listeners.map((l) => l.name ?? `${l.protocol}_${l.port}`).join(', ') || 'it declares none'}), or set port: to one of its target ports.`,
  });
}

/**
 * The Service Connect namespace the services' x-ecs_connect name (MacroParameters.x-cloudmap
 * or Properties.Namespace), as a DNS name; undefined when none names one. They must agree.
 */
export function ecsConnectNamespace(project: Project, locate: Locate): string | undefined {
  let found: { name: string; service: string } | undefined;
  for (const service of Object.keys(project.services).sort()) {
    const connect = ecsConnectOf(project, service);
    const ref = connect?.Properties?.Namespace ?? connect?.MacroParameters?.['x-cloudmap'];
    if (ref === undefined) continue;
    const path: TreePath = ['services', service, 'x-network', 'x-ecs_connect', connect?.Properties ? 'Properties' : 'MacroParameters'];
    const name = namespaceName(project, ref, path, locate);
    if (found && found.name !== name) {
      throw new ParseError('E_ECS_CONNECT_NAMESPACE', `${service} joins the namespace ${name}, ${found.service} the namespace ${found.name}.`, {
        path,
        position: locate(path),
        hint: 'compose-x puts the services of a project in one Service Connect namespace: name the same one.',
      });
    }
    found = { name, service };
  }
  return found?.name;
}

/**
 * An ECS ComposeX namespace reference as a DNS name: the key of a top-level x-cloudmap
 * namespace (its Name or ZoneName), or the namespace's own name (with a dot) or ARN.
 */
export function namespaceName(project: Project, ref: string, path: TreePath, locate: Locate): string {
  const top = project.extensions['x-cloudmap'];
  const entry = isMapping(top) ? top[ref] : undefined;
  if (isMapping(entry)) {
    const name = entry['Name'] ?? entry['ZoneName'];
    if (typeof name === 'string') return name.replace(/\.$/, '');
  }
  if (ref.includes('.') || ref.startsWith('arn:')) return ref;
  throw new ParseError('E_CLOUDMAP_NAMESPACE_REF', `"${ref}" names no namespace of the top-level x-cloudmap.`, {
    path,
    position: locate(path),
    hint: 'Name a namespace declared under the top-level x-cloudmap, or write its DNS name (such as shop.internal).',
  });
}
