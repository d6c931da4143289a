/**
 * The report of an App Mesh translation: one item per mesh setting, node, backend list and
 * virtual service (Envoy: envoy.ts; routers and gateways: routes.ts).
 */
import isEmpty from 'lodash/isEmpty.js';
import sortBy from 'lodash/sortBy.js';
import uniq from 'lodash/uniq.js';
import type { Project } from '../parser/model.js';
import type { AppMeshPlan, MeshNode } from '../mesh/app-mesh/plan.js';
import { describeShares, type Placement, type Renamed } from './aliases.js';
import { envoyItems } from './envoy.js';
import type { GatewayTranslation } from './gateway.js';
import { DEPLOYMENT_ADVICE, gatewayItems, routerItems, SERVICE_CONNECT_RELIABILITY } from './routes.js';
import type { TranslationItem } from './item.js';
import { dnsName, type FullNameUse } from './names.js';
import type { Timeouts } from './timeouts.js';

/** What the translation decided, for the report. */
export interface Facts {
  project: Project;
  plan: AppMeshPlan;
  /** The item of the namespace decision. */
  namespace: TranslationItem;
  placements: Placement[];
  timeouts: Timeouts;
  /** The gateway routes kept as x-ingress routes. */
  gateways: GatewayTranslation;
  renamed: Renamed[];
  /** The names under the namespace that the environment calls. */
  uses: FullNameUse[];
  /** The nodes whose own App Mesh name is kept as an alias. */
  fullNodeNames: Record<string, string>;
}

/** What compose-x gave each virtual node's listener (src/render/app-mesh/mesh.ts). */
const NODE_HEALTH_CHECK = { intervalSeconds: 5, healthy: 2, unhealthy: 3 };

/** Every item, kind by kind: mesh, Envoy, nodes, virtual services, routers and routes, gateways. */
export function reportItems(facts: Facts): TranslationItem[] {
  return [
    ...meshItems(facts),
    ...envoyItems(facts.plan.envoy),
    ...nodeItems(facts),
    ...healthCheckItems(facts.plan),
    ...serviceItems(facts),
    ...routerItems(facts.plan, facts.placements, facts.timeouts),
    ...gatewayItems(facts.plan, facts.placements, facts.gateways),
  ];
}

function meshItems(facts: Facts): TranslationItem[] {
  const { project, plan, namespace } = facts;
  const { mesh } = plan;
  const items: TranslationItem[] = [
    {
      subject: `Mesh ${mesh.name}`,
      outcome: 'translated',
      detail: `The mesh ${mesh.name} grouped the nodes; Service Connect has no mesh resource: its namespace groups the services.`,
    },
  ];
  if (mesh.owner !== undefined) {
    items.push({
      subject: 'Mesh owner',
      outcome: 'partial',
      detail: `The mesh was shared from account ${mesh.owner}; Service Connect shares a Cloud Map namespace instead of a mesh.`,
      instead:
        "Share the owner account's namespace with AWS RAM (managed permission AWSRAMPermissionCloudMapECSFullPermission) and set its ARN as x-serviceconnect Namespace.",
    });
  }
  if (mesh.tags && mesh.tags.length > 0) {
    items.push({
      subject: 'Mesh tags',
      outcome: 'partial',
      detail: `The mesh was tagged ${mesh.tags.map((t) => `${t.Key}=${t.Value}`).join(', ')}; there is no mesh to tag any more.`,
      instead: 'Tag the CloudFormation stack: its tags propagate to the namespace and the ECS services.',
    });
  }
  if (mesh.serviceDiscovery && !isEmpty(mesh.serviceDiscovery)) {
    items.push({
      subject: 'Mesh service discovery',
      outcome: 'not-translated',
      detail: `The mesh chose addresses with ${describe(mesh.serviceDiscovery)}; Service Connect has no such setting.`,
      instead: "The tasks' subnets decide the address family: Service Connect uses the addresses the tasks get.",
    });
  }
  return [...items, namespace, ...namespaceNameItems(facts), egressItem(project, plan)];
}

/**
 * The names under the namespace that the environment calls: each one of a virtual service or
 * a node is kept as a client alias, so the values stay as written; any other names nothing.
 */
function namespaceNameItems({ plan, placements, uses, fullNodeNames }: Facts): TranslationItem[] {
  if (uses.length === 0 || plan.namespace.kind !== 'new') return [];
  const kept = new Set([
    ...placements.flatMap((p) => (p.alias && p.fullName?.kept ? [p.fullName.name] : [])),
    ...Object.values(fullNodeNames),
  ]);
  const lost = uniq(uses.map((u) => u.host).filter((host) => !kept.has(host)));
  const keptNames = uniq(uses.map((u) => u.host).filter((host) => kept.has(host)));
  const detail = [
    `The environment calls the mesh by its names under ${plan.namespace.name} (${uses.map((u) => `${u.service} ${u.variable}: ${u.host}`).join(', ')}).`,
    ...(keptNames.length > 0
      ? [`${keptNames.join(', ')} ${keptNames.length === 1 ? 'is kept as a client alias' : 'are kept as client aliases'} (a server entry each, one alias per entry as ECS allows), so these values stay as written.`]
      : []),
    ...(lost.length > 0 ? [`${lost.join(', ')} ${lost.length === 1 ? 'names' : 'name'} no node or virtual service that Service Connect serves, so ${lost.length === 1 ? 'it no longer resolves' : 'they no longer resolve'}.`] : []),
  ].join(' ');
  return [
    {
      subject: 'Mesh namespace names',
      outcome: lost.length > 0 ? 'partial' : 'translated',
      detail,
      ...(lost.length > 0 ? { instead: "Call those by a compose service's name (its default alias), or give its x-serviceconnect a server entry with that ClientAliases DnsName." } : {}),
    },
  ];
}

function egressItem(project: Project, plan: AppMeshPlan): TranslationItem {
  const subject = `Mesh egress ${plan.mesh.egress}`;
  if (plan.mesh.egress === 'ALLOW_ALL') {
    return {
      subject,
      outcome: 'translated',
      detail: 'Nodes could call any destination; Service Connect lets every member call every server in the namespace, and other destinations are reached as before.',
    };
  }
  const calls = Object.values(plan.nodes)
    .filter((n) => n.backends.length > 0)
    .map((n) => `${n.name} -> ${n.backends.join(', ')}`);
  const outside = Object.keys(project.services).filter((name) => !(name in plan.nodes)).sort();
  return {
    subject,
    outcome: 'partial',
    detail:
      `Only declared backends were reachable (${calls.length > 0 ? calls.join('; ') : 'none declared'}). ` +
      'Service Connect lets every member call every server in the namespace: calls are no longer limited to declared backends' +
      (outside.length > 0 ? `, and the services that were not nodes (${outside.join(', ')}) join the namespace too.` : '.'),
    instead: 'Put the services on separate compose networks to keep them apart (security groups follow networks).',
  };
}

function nodeItems(facts: Facts): TranslationItem[] {
  return sortBy(Object.values(facts.plan.nodes), (n) => n.name).flatMap((node) => [nodeItem(node, facts), ...backendItems(node, facts.placements)]);
}

function nodeItem(node: MeshNode, { renamed, fullNodeNames }: Facts): TranslationItem {
  const protocol = node.protocol === 'tcp' ? 'no AppProtocol (plain TCP)' : `AppProtocol ${node.protocol}`;
  const own = renamed.find((r) => r.service === node.name && r.port === node.port);
  const full = fullNodeNames[node.name];
  const names = own
    ? `its own name ${own.from}:${node.port} now names a virtual service, so it serves as ${own.to}:${node.port}`
    : `callers keep the name ${dnsName(node.name)}:${node.port}${full !== undefined ? `, and ${full}:${node.port}, its App Mesh name, as the environment calls it` : ''}`;
  return {
    subject: `Nodes.${node.name}`,
    outcome: 'translated',
    detail: `The virtual node listened on port ${node.port} (${node.protocol}) behind Envoy; ${node.name} is now a Service Connect client-server service serving port ${node.port} with ${protocol}: ${names}.`,
  };
}

/** One item for the listeners' health checks, which Service Connect has no setting for. */
function healthCheckItems(plan: AppMeshPlan): TranslationItem[] {
  const nodes = sortBy(Object.values(plan.nodes), (n) => n.name);
  if (nodes.length === 0) return [];
  const { intervalSeconds, healthy, unhealthy } = NODE_HEALTH_CHECK;
  const checks = nodes.map((n) => `${n.name} (${n.protocol === 'http' || n.protocol === 'http2' ? `${n.protocol} GET /` : n.protocol === 'grpc' ? 'grpc' : 'tcp connect'} on ${n.port})`);
  return [
    {
      subject: 'Node health checks',
      outcome: 'partial',
      detail:
        `Each virtual node's listener had a health check, every ${intervalSeconds} s (healthy after ${healthy}, unhealthy after ${unhealthy}), and Envoy sent no calls to a task that failed it: ${checks.join(', ')}. ` +
        `Service Connect has no health check to set: ${SERVICE_CONNECT_RELIABILITY}`,
      instead: "A compose healthcheck on each service (the container's ECS health check): ECS replaces the tasks that fail it.",
    },
  ];
}

function backendItems(node: MeshNode, placements: Placement[]): TranslationItem[] {
  if (node.backends.length === 0) return [];
  const reached = node.backends.map((name) => ({ name, alias: placements.find((p) => p.service.name === name)?.alias }));
  const kept = reached.flatMap((b) => (b.alias ? [`${b.alias.dnsName}:${b.alias.port} (on ${b.alias.node})`] : []));
  const lost = reached.filter((b) => !b.alias).map((b) => b.name);
  const detail = [
    `${node.name} could call ${node.backends.join(', ')};`,
    kept.length > 0 ? `it reaches ${kept.join(', ')} through Service Connect.` : 'none of them has a server now.',
    ...(lost.length > 0 ? [`No node serves ${lost.join(', ')}, so there is no name to call.`] : []),
  ].join(' ');
  return [
    {
      subject: `Nodes.${node.name}.Backends`,
      outcome: lost.length > 0 ? 'partial' : 'translated',
      detail,
      ...(lost.length > 0 ? { instead: 'Route the virtual service to a node, or call the compose service by its own name (its default alias).' } : {}),
    },
  ];
}

function serviceItems({ placements, renamed }: Facts): TranslationItem[] {
  return placements.map((placement) => {
    const item = serviceItem(placement);
    const taken = renamed.filter((r) => placement.alias && r.from === placement.alias.dnsName && r.port === placement.alias.port);
    const notes = taken.map((r) => ` The compose service ${r.service} keeps port ${r.port} as ${r.to}:${r.port}, since ${r.from}:${r.port} now names the virtual service.`);
    return { ...item, detail: item.detail + fullNameNote(placement) + notes.join('') };
  });
}

/** Whether the virtual service keeps its App Mesh name `<name>.<namespace>`. */
function fullNameNote({ alias, fullName }: Placement): string {
  if (!alias || !fullName) return '';
  if (fullName.kept) return ` It answers to ${fullName.name}:${alias.port} too, as the environment calls it.`;
  return ` ${fullName.name}, its App Mesh name, is no longer resolved: no value of the environment calls it so (give ${alias.node}'s x-serviceconnect a server entry with that ClientAliases DnsName if something else does).`;
}

function serviceItem({ service, shares, alias }: Placement): TranslationItem {
  const subject = `Services.${service.name}`;
  const placeholder = service.placeholder ? ' Its Cloud Map placeholder record (169.254.255.254) is no longer needed: the Service Connect proxy resolves the alias.' : '';
  if (!alias) {
    return {
      subject,
      outcome: 'not-translated',
      detail: `No node served ${service.name} (its router has no route to a node), so it gets no name in Service Connect.`,
      instead: 'Give the router a route to a node, then translate again.',
    };
  }
  const name = `${alias.dnsName}:${alias.port}`;
  if (service.provider.kind === 'node') {
    const own = service.name === service.provider.node;
    return {
      subject,
      outcome: 'translated',
      detail: own
        ? `${name} is the default Service Connect alias of ${alias.node}: callers keep the name.${placeholder}`
        : `The virtual service is now the client alias ${name} on ${alias.node}'s server port ${alias.serverPort}.${placeholder}`,
    };
  }
  const router = service.provider.router;
  if (shares.length === 1) {
    return {
      subject,
      outcome: 'translated',
      detail: `The router ${router} sent every call to ${alias.node}: ${name} is now a client alias on ${alias.node}'s server port ${alias.serverPort}.${placeholder}`,
    };
  }
  return {
    subject,
    outcome: 'partial',
    detail:
      `The router ${router} divided calls between ${describeShares(shares)}; Service Connect gives one name to one service: ` +
      `${name} now reaches ${alias.node} only (the largest weight, ties to the first name), and ${shares.slice(1).map((s) => s.node).join(', ')} no longer ${shares.length === 2 ? 'gets' : 'get'} calls for ${alias.dnsName}.${placeholder}`,
    instead: DEPLOYMENT_ADVICE,
  };
}

/** `IpPreference IPv6_PREFERRED` */
function describe(settings: Record<string, unknown>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
