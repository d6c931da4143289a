import { isObject, type JsonObject } from '../template/json-object.js';
import type { Finding } from './finding.js';
import { portNameProblem, portNameSuggestion } from './port-mapping-names.js';
import { objectsOf, refOf, text, type TemplateResource, type TemplateView } from './template-view.js';

/**
 * A client alias's DnsName: up to 127 characters, lower-case letters, digits, `_`, `-` and
 * `.`, not starting with a hyphen
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html).
 */
const DNS_NAME = { pattern: /^[a-z0-9_.][a-z0-9_.-]*$/, maxLength: 127 } as const;

interface ServiceConnect {
  service: TemplateResource;
  configuration: JsonObject;
}

function serviceConnectOf(view: TemplateView): ServiceConnect[] {
  return view.resources.flatMap((service) => {
    const configuration = service.type === 'AWS::ECS::Service' ? service.properties['ServiceConnectConfiguration'] : undefined;
    return isObject(configuration) && configuration['Enabled'] !== false ? [{ service, configuration }] : [];
  });
}

/**
 * Rule service-connect-access-logs: access logs need the Service Connect proxy's log
 * configuration: "To enable access logs, you must also specify a logConfiguration in the
 * serviceConnectConfiguration"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectAccessLogConfiguration.html).
 */
export function checkServiceConnectAccessLogs(view: TemplateView): Finding[] {
  return serviceConnectOf(view)
    .filter(({ configuration }) => configuration['AccessLogConfiguration'] !== undefined && configuration['LogConfiguration'] === undefined)
    .map(({ service }) => ({
      rule: 'service-connect-access-logs',
      resource: service.id,
      path: 'Properties.ServiceConnectConfiguration.AccessLogConfiguration',
      message: 'Service Connect access logs are set without a LogConfiguration for the proxy; ECS refuses the service.',
      fix: 'Add a LogConfiguration to the ServiceConnectConfiguration (compose: x-serviceconnect Logs: true), or remove the access logs.',
    }));
}

/**
 * Rule service-connect-names: each Service Connect service's PortName is the name of a port
 * mapping of the service's task definition
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html);
 * its DiscoveryName follows the port name rule (up to 64 characters, lower-case letters,
 * digits, `_` and `-`, not starting with a hyphen); each client alias's DnsName is up to 127
 * such characters and `.`.
 */
export function checkServiceConnectNames(view: TemplateView): Finding[] {
  const findings: Finding[] = [];
  for (const { service, configuration } of serviceConnectOf(view)) {
    const portNames = taskPortNames(view, service);
    for (const [index, entry] of objectsOf(configuration['Services'])) {
      const at = `Properties.ServiceConnectConfiguration.Services[${index}]`;
      const found = (path: string, message: string, fix: string): void => {
        findings.push({ rule: 'service-connect-names', resource: service.id, path: `${at}.${path}`, message, fix });
      };
      const portName = text(entry['PortName']);
      if (portName !== undefined && portNames !== undefined && !portNames.has(portName)) {
        found(
          'PortName',
          `the PortName "${portName}" is not the name of a port mapping of the service's task definition${portNames.size > 0 ? ` (${[...portNames].map((n) => `"${n}"`).join(', ')})` : ', which names none'}.`,
          'Use the Name of one of its port mappings.',
        );
      }
      const discoveryName = text(entry['DiscoveryName']);
      const discoveryProblem = discoveryName === undefined ? undefined : portNameProblem(discoveryName);
      if (discoveryName !== undefined && discoveryProblem) {
        found('DiscoveryName', `the DiscoveryName "${discoveryName}" ${discoveryProblem}; ECS refuses the service.`, `Use lower-case letters, digits, "_" and "-" (e.g. "${portNameSuggestion(discoveryName)}").`);
      }
      for (const [aliasIndex, alias] of objectsOf(entry['ClientAliases'])) {
        const dnsName = text(alias['DnsName']);
        const problem = dnsName === undefined ? undefined : dnsNameProblem(dnsName);
        if (dnsName !== undefined && problem) {
          found(`ClientAliases[${aliasIndex}].DnsName`, `the DnsName "${dnsName}" ${problem}; ECS refuses the service.`, `Use a DNS name of lower-case letters, digits, "_", "-" and "." (e.g. "${dnsNameSuggestion(dnsName)}").`);
        }
      }
    }
  }
  return findings;
}

function dnsNameProblem(name: string): string | undefined {
  if (name.length > DNS_NAME.maxLength) return `is ${name.length} characters long, over the ${DNS_NAME.maxLength} ECS allows`;
  if (!DNS_NAME.pattern.test(name)) {
    return name.startsWith('-') ? 'starts with a hyphen' : 'has characters other than lower-case letters, digits, "_", "-" and "."';
  }
  return undefined;
}

function dnsNameSuggestion(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^-+/, '').slice(0, DNS_NAME.maxLength) || 'service';
}

/** The port mapping names of the service's task definition, when it is in this template and its names are literal. */
function taskPortNames(view: TemplateView, service: TemplateResource): Set<string> | undefined {
  const id = refOf(service.properties['TaskDefinition']);
  const task = view.taskDefinitions.find((t) => t.resource.id === id);
  if (!task) return undefined;
  const names = new Set<string>();
  for (const container of task.containers) {
    const mappings = container.definition['PortMappings'];
    if (mappings !== undefined && !Array.isArray(mappings)) return undefined;
    for (const [, mapping] of objectsOf(mappings)) {
      const name = mapping['Name'];
      if (name === undefined) continue;
      if (typeof name !== 'string') return undefined;
      names.add(name);
    }
  }
  return names;
}
