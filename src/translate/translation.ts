/**
 * x-appmesh translated to x-serviceconnect (AWS App Mesh was discontinued on 2026-09-30;
 * AWS directs ECS users to Service Connect): the extensions to write, the project or the
 * compose text rewritten with them, and a report of what each part of the mesh becomes.
 */
import cloneDeep from 'lodash/cloneDeep.js';
import countBy from 'lodash/countBy.js';
import mapValues from 'lodash/mapValues.js';
import omit from 'lodash/omit.js';
import sortBy from 'lodash/sortBy.js';
import { isMap, isScalar, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import { ComposeXError } from '../parser/diagnostics.js';
import { isMapping } from '../parser/mapping.js';
import type { Project } from '../parser/model.js';
import type { AppMeshPlan } from '../mesh/app-mesh/plan.js';
import { layoutServices, placeAliases } from './aliases.js';
import { translateGateways, type XRoute } from './gateway.js';
import { fullNameUses } from './names.js';
import type { TranslationItem } from './item.js';
import { reportItems } from './report.js';
import { timeoutsOf } from './timeouts.js';

export type { TranslationItem } from './item.js';

export interface Translation {
  /** The top-level x-serviceconnect to write (as the extension's YAML/JSON syntax, PascalCase keys). */
  serviceConnect: Record<string, unknown>;
  /** Per compose service, its x-serviceconnect (only for services that need one beyond the defaults). */
  services: Record<string, Record<string, unknown>>;
  /** The top-level x-ingress Routes that take the place of the virtual gateways (gateway.ts); empty when there are none. */
  ingressRoutes: XRoute[];
  report: TranslationItem[];
}

/** Equal objects are written out each time, not as YAML anchors and aliases. */
const NODE_OPTIONS = { aliasDuplicateObjects: false };

/** The top-level keys that x-serviceconnect takes the place of. */
const REPLACED_KEYS: ReadonlySet<unknown> = new Set(['x-appmesh', 'x-serviceconnect']);

const REPORT_HEADER = ['| Subject | Outcome | What changes | Nearest ECS feature |', '| --- | --- | --- | --- |'];

/**
 * Translates an App Mesh plan to Service Connect: the namespace, each compose service's
 * server entries (virtual services become client aliases, the App Mesh names the environment
 * calls, `<name>.<namespace>`, aliases too, node protocols AppProtocol, route
 * timeouts server timeouts) and a report with one item per mesh setting, node, backend list,
 * virtual service, router, route and gateway, in that order.
 */
export function translateAppMesh(project: Project, plan: AppMeshPlan): Translation {
  const namespace = namespaceOf(project, plan);
  const uses = fullNameUses(project, plan);
  const called = new Set(uses.map((u) => u.host));
  const placements = placeAliases(plan, called);
  const timeouts = timeoutsOf(plan);
  const layout = layoutServices(project, plan, placements, timeouts, called);
  const gateways = translateGateways(project, plan, placements);
  return {
    serviceConnect: namespace.setting,
    services: layout.services,
    ingressRoutes: gateways.routes,
    report: reportItems({ project, plan, namespace: namespace.item, placements, timeouts, gateways, renamed: layout.renamed, uses, fullNodeNames: layout.fullNodeNames }),
  };
}

/**
 * The namespace the nodes registered in, for Service Connect: a new one keeps its name,
 * unless x-cloudmap still creates a DNS namespace of that name for other services; an
 * existing one is known by ID only, and x-serviceconnect takes an ARN.
 */
function namespaceOf(project: Project, plan: AppMeshPlan): { setting: Record<string, unknown>; item: TranslationItem } {
  const fallback = `${project.name}.local`;
  if (plan.namespace.kind === 'existing') {
    return {
      setting: {},
      item: {
        subject: `Mesh namespace ${plan.namespace.id}`,
        outcome: 'partial',
        detail: `The nodes registered in the existing Cloud Map namespace ${plan.namespace.id}; x-serviceconnect takes an existing namespace by ARN, not by ID, so Service Connect creates ${fallback}.`,
        instead: 'To keep the existing namespace, set x-serviceconnect Namespace to its ARN (arn:aws:servicediscovery:REGION:ACCOUNT:namespace/ns-...).',
      },
    };
  }
  const { name } = plan.namespace;
  const dnsUsers = Object.keys(project.services).filter((s) => isMapping(project.services[s]?.extensions['x-cloudmap'])).sort();
  if (dnsUsers.length === 0) {
    return {
      setting: { Namespace: name },
      item: {
        subject: `Mesh namespace ${name}`,
        outcome: 'translated',
        detail: `The nodes registered in the private DNS namespace ${name}; Service Connect uses an HTTP namespace of the same name (x-serviceconnect Namespace), which needs no DNS zone.`,
      },
    };
  }
  const renamed = `connect.${name}`;
  return {
    setting: { Namespace: renamed },
    item: {
      subject: `Mesh namespace ${name}`,
      outcome: 'partial',
      detail: `The nodes registered in the private DNS namespace ${name}, which x-cloudmap keeps creating for ${dnsUsers.join(', ')}; Service Connect cannot create a namespace of the same name, so it uses ${renamed}.`,
      instead: 'Drop x-cloudmap from those services (Service Connect aliases reach them) to give the Service Connect namespace the old name.',
    },
  };
}

/** The project as if it had been written with x-serviceconnect instead of x-appmesh (x-appmesh removed from extensions, x-serviceconnect set on the project and its services). */
export function projectWithServiceConnect(project: Project, translation: Translation): Project {
  const services = mapValues(project.services, (service, name) => {
    const ext = translation.services[name];
    return ext ? { ...service, extensions: { ...service.extensions, 'x-serviceconnect': cloneDeep(ext) } } : service;
  });
  const extensions: Record<string, unknown> = { ...omit(project.extensions, 'x-appmesh'), 'x-serviceconnect': cloneDeep(translation.serviceConnect) };
  if (translation.ingressRoutes.length > 0) {
    const ingress = project.extensions['x-ingress'];
    extensions['x-ingress'] = { ...(isMapping(ingress) ? ingress : {}), Routes: cloneDeep(translation.ingressRoutes) };
  }
  return { ...project, extensions, services };
}

/** The report as Markdown: a title, one paragraph, then a table (subject | outcome | what changes | nearest ECS feature), in the report's order. */
export function translationReportMarkdown(project: string, translation: Translation): string {
  const counts = countBy(translation.report, (item) => item.outcome);
  const paragraph =
    'AWS App Mesh was discontinued on 2026-09-30 and AWS directs ECS users to Service Connect. ' +
    `Each part of x-appmesh is listed with what it becomes: ${counts['translated'] ?? 0} translated, ${counts['partial'] ?? 0} partial, ${counts['not-translated'] ?? 0} not translated. ` +
    'Where Service Connect differs or cannot follow, the last column names the nearest ECS feature.';
  const rows = translation.report.map((item) => `| ${[item.subject, item.outcome, item.detail, item.instead ?? ''].map(cell).join(' | ')} |`);
  return [`# ${project}: from App Mesh to Service Connect`, '', paragraph, '', ...REPORT_HEADER, ...rows, ''].join('\n');
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '\\<');
}

/**
 * The compose file text rewritten for Service Connect: x-serviceconnect in place of
 * x-appmesh at the top (the comment above x-appmesh kept), and on the services that need
 * it; the rest of the document, comments included, is kept. Throws E_MIGRATE_YAML for text
 * that is not a YAML mapping and E_MIGRATE_SERVICE for a service the text does not define.
 */
export function migrateComposeText(text: string, translation: Translation): string {
  const doc = parseDocument(text);
  const root = doc.contents;
  if (doc.errors.length > 0 || !isMap(root)) {
    throw new ComposeXError('E_MIGRATE_YAML', `the compose file is not a YAML mapping${doc.errors[0] ? `: ${doc.errors[0].message}` : ''}.`);
  }
  replaceAppMesh(doc, root, translation.serviceConnect);
  if (translation.ingressRoutes.length > 0) writeRoutes(doc, root, translation.ingressRoutes);
  for (const [name, ext] of sortBy(Object.entries(translation.services), ([n]) => n)) {
    if (!isMap(doc.getIn(['services', name]))) {
      throw new ComposeXError('E_MIGRATE_SERVICE', `service "${name}" is not defined in this compose file, so its x-serviceconnect cannot be written there.`);
    }
    doc.setIn(['services', name, 'x-serviceconnect'], doc.createNode(ext, NODE_OPTIONS));
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function replaceAppMesh(doc: Document, root: YAMLMap, serviceConnect: Record<string, unknown>): void {
  const pair = doc.createPair('x-serviceconnect', serviceConnect, NODE_OPTIONS);
  const replaced = root.items.find((p) => keyOf(p) === 'x-appmesh') ?? root.items.find((p) => keyOf(p) === 'x-serviceconnect');
  if (!replaced) {
    root.items.push(pair);
    return;
  }
  if (isScalar(replaced.key) && isScalar(pair.key)) {
    pair.key.commentBefore = replaced.key.commentBefore;
    pair.key.spaceBefore = replaced.key.spaceBefore;
  }
  root.items = root.items.flatMap((p) => (p === replaced ? [pair] : REPLACED_KEYS.has(keyOf(p)) ? [] : [p]));
}

/** x-ingress Routes, in the x-ingress the file has, else in a new x-ingress after x-serviceconnect. */
function writeRoutes(doc: Document, root: YAMLMap, routes: XRoute[]): void {
  if (isMap(doc.get('x-ingress'))) {
    doc.setIn(['x-ingress', 'Routes'], doc.createNode(routes, NODE_OPTIONS));
    return;
  }
  const pair = doc.createPair('x-ingress', { Routes: routes }, NODE_OPTIONS);
  const at = root.items.findIndex((p) => keyOf(p) === 'x-serviceconnect');
  root.items.splice(at + 1, 0, pair);
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}
