/**
 * The report of an App Mesh translation: one item per mesh setting, node, backend list and
 * virtual service (Envoy: envoy.ts; routers and gateways: routes.ts).
 */
import _ from 'lodash';
import type { Project } from '../parser/model.js';
import type { AppMeshPlan, MeshNode } from '../mesh/app-mesh/plan.js';
import { describeShares, type Placement, type Renamed } from './aliases.js';
import { envoyItems } from './envoy.js';
import { gatewayItems, routerItems } from './routes.js';
import type { TranslationItem } from './item.js';
import type { Timeouts } from './timeouts.js';

/** What the translation decided, for the report. */
export interface Facts {
  project: Project;
  plan: AppMeshPlan;
  /** The item of the namespace decision. */
  namespace: TranslationItem;
  placements: Placement[];
  timeouts: Timeouts;
  renamed: Renamed[];
}

const DEPLOYMENT_ADVICE =
  "A weighted route between two versions of one app -> the ECS service's deployment strategy (DeploymentConfiguration Strategy CANARY or LINEAR with BakeTimeInMinutes; BLUE_GREEN with Service Connect TestTrafficRules for header-matched test traffic).";

/** Every item, kind by kind: mesh, Envoy, nodes, virtual services, routers and routes, gateways. */
export function reportItems(facts: Facts): TranslationItem[] {
  return [
    ...meshItems(facts),
    ...envoyItems(facts.plan.envoy),
    ...nodeItems(facts),
    ...serviceItems(facts),
    ...routerItems(facts.plan, facts.placements, facts.timeouts),
    ...gatewayItems(facts.plan, facts.placements),
  ];
}

function meshItems({ project, plan, namespace, placements }: Facts): TranslationItem[] {
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
  if (mesh.serviceDiscovery && !_.isEmpty(mesh.serviceDiscovery)) {
    items.push({
      subject: 'Mesh service discovery',
      outcome: 'not-translated',
      detail: `The mesh chose addresses with ${describe(mesh.serviceDiscovery)}; Service Connect has no such setting.`,
      instead: "The tasks' subnets decide the address family: Service Connect uses the addresses the tasks get.",
    });
  }
  return [...items, namespace, ...qualifiedNameItems(project, plan, placements), egressItem(project, plan)];
}

/** Environment values that call the mesh by DNS names under the namespace, which Service Connect does not resolve. */
function qualifiedNameItems(project: Project, plan: AppMeshPlan, placements: Placement[]): TranslationItem[] {
  if (plan.namespace.kind !== 'new') return [];
  const suffix = `.${plan.namespace.name.toLowerCase()}`;
  const uses = _.sortBy(Object.values(project.services), (s) => s.name).flatMap((service) =>
    _.sortBy(Object.entries(service.environment), ([key]) => key)
      .filter(([, value]) => value?.toLowerCase().includes(suffix))
      .map(([key]) => `${service.name} ${key}`),
  );
  if (uses.length === 0) return [];
  const example = placements.find((p) => p.alias)?.alias?.dnsName ?? 'name';
  return [
    {
      subject: 'Mesh namespace names',
      outcome: 'partial',
      detail: `The environment calls the mesh by DNS names under ${plan.namespace.name} (${uses.join(', ')}); Service Connect resolves client aliases exactly as written (${example}, not ${example}${suffix}).`,
      instead: `Use the alias names in those values (${example} rather than ${example}${suffix}), or give the alias the full name (ClientAliases DnsName) in the service's x-serviceconnect.`,
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

function nodeItems({ plan, placements }: Facts): TranslationItem[] {
  return _.sortBy(Object.values(plan.nodes), (n) => n.name).flatMap((node) => [nodeItem(node), ...backendItems(node, placements)]);
}

function nodeItem(node: MeshNode): TranslationItem {
  const protocol = node.protocol === 'tcp' ? 'no AppProtocol (plain TCP)' : `AppProtocol ${node.protocol}`;
  return {
    subject: `Nodes.${node.name}`,
    outcome: 'translated',
    detail: `The virtual node listened on port ${node.port} (${node.protocol}) behind Envoy; ${node.name} is now a Service Connect client-server service serving port ${node.port} with ${protocol}.`,
  };
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
    return { ...item, detail: item.detail + notes.join('') };
  });
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
