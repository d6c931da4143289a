/**
 * Report items of the Envoy sidecar: Service Connect brings its own proxy, which takes none
 * of Envoy's settings; each setting is listed with the ECS feature that covers it.
 */
import sortBy from 'lodash/sortBy.js';
import type { EnvoySettings } from '../mesh/app-mesh/plan.js';
import type { TranslationItem } from './item.js';

/** Envoy environment variables by what they configure, first match wins. */
const ENVOY_RULES: readonly { test: RegExp; what: string; instead: string }[] = [
  {
    test: /TRACING|XRAY|JAEGER|DATADOG|ZIPKIN/,
    what: 'tracing',
    instead: 'AWS Distro for OpenTelemetry (a collector container in the task) for tracing; the Service Connect proxy has no tracing settings.',
  },
  {
    test: /STATS/,
    what: 'stats',
    instead: 'The CloudWatch metrics Service Connect publishes for each service (requests, errors, response time).',
  },
  {
    test: /LOG/,
    what: 'logging',
    instead: "The service's Service Connect LogConfiguration (x-serviceconnect Logs, on by default, sends the proxy's logs to the service's log group) and AccessLogs for access logs.",
  },
];

const ENVOY_OTHER = {
  what: 'proxy setting',
  instead: "Service Connect has its own proxy and exposes none of Envoy's settings: its LogConfiguration, CloudWatch metrics and AWS Distro for OpenTelemetry cover logs, metrics and tracing.",
};

/** The sidecar itself, its image when set, then each environment variable in name order. */
export function envoyItems(envoy: EnvoySettings): TranslationItem[] {
  const items: TranslationItem[] = [
    {
      subject: 'Envoy sidecar',
      outcome: 'translated',
      detail:
        "Each node's task ran an Envoy container with an APPMESH proxy configuration and permission to stream its mesh configuration; " +
        'Service Connect adds its own managed proxy, so the container, the proxy configuration and the permission go away.',
    },
  ];
  if (envoy.image !== undefined) {
    items.push({
      subject: 'Envoy image',
      outcome: 'not-translated',
      detail: `The Envoy image was ${envoy.image}; Service Connect picks its proxy image itself.`,
      instead: 'None to set: ECS updates the Service Connect proxy when the service is deployed again.',
    });
  }
  for (const [name, value] of sortBy(Object.entries(envoy.environment), ([n]) => n)) {
    const rule = ENVOY_RULES.find((r) => r.test.test(name)) ?? ENVOY_OTHER;
    items.push({
      subject: `Envoy ${name}`,
      outcome: 'not-translated',
      detail: `${name}=${value} configured the ${rule.what} of Envoy; the Service Connect proxy takes no Envoy settings.`,
      instead: rule.instead,
    });
  }
  return items;
}
