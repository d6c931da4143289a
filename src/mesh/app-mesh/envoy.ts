import { meshError, type Locate, type XEnvoy } from './extension.js';
import type { EnvoySettings } from './plan.js';

/** Variables of the Envoy agent; an undefined value is left to the agent's default. */
type Variables = Record<string, string | number | undefined>;
type Tracing = NonNullable<XEnvoy['Tracing']>;

/** Each tracer's variables (the agent's defaults: X-Ray 127.0.0.1:2000, Jaeger :9411, Datadog :8126). */
const TRACERS: Record<Tracing['Type'], (tracing: Tracing) => Variables> = {
  xray: (t) => ({
    ENABLE_ENVOY_XRAY_TRACING: 1,
    XRAY_DAEMON_PORT: t.Port,
    AWS_XRAY_DAEMON_ADDRESS: t.Address === undefined ? undefined : `${t.Address}:${t.Port ?? 2000}`,
    XRAY_SAMPLING_RATE: t.SamplingRate,
  }),
  jaeger: (t) => ({ ENABLE_ENVOY_JAEGER_TRACING: 1, JAEGER_TRACER_ADDRESS: t.Address, JAEGER_TRACER_PORT: t.Port }),
  datadog: (t) => ({ ENABLE_ENVOY_DATADOG_TRACING: 1, DATADOG_TRACER_ADDRESS: t.Address, DATADOG_TRACER_PORT: t.Port }),
};

/** Each Envoy setting and the agent variables it sets. */
const RULES: { key: keyof XEnvoy; variables: (envoy: XEnvoy) => Variables }[] = [
  { key: 'LogLevel', variables: (e) => ({ ENVOY_LOG_LEVEL: e.LogLevel }) },
  { key: 'Tracing', variables: (e) => (e.Tracing ? TRACERS[e.Tracing.Type](e.Tracing) : {}) },
  { key: 'StatsTags', variables: (e) => ({ ENABLE_ENVOY_STATS_TAGS: e.StatsTags ? 1 : undefined }) },
  {
    key: 'DogStatsD',
    variables: (e) => {
      if (!e.DogStatsD) return {};
      const daemon = e.DogStatsD === true ? {} : e.DogStatsD;
      return { ENABLE_ENVOY_DOG_STATSD: 1, STATSD_ADDRESS: daemon.Address, STATSD_PORT: daemon.Port };
    },
  },
];

/** Variables compose-x sets itself on each Envoy container. */
const RESERVED: ReadonlySet<string> = new Set(['APPMESH_RESOURCE_ARN']);

/**
 * The Envoy sidecar's settings from x-appmesh.Envoy, as the agent's environment variables
 * (sorted by name). A variable under Environment that compose-x or another setting
 * already sets is an error.
 */
export function planEnvoy(envoy: XEnvoy | undefined, locate: Locate): EnvoySettings {
  const set = new Map<string, { value: string; by: string }>();
  for (const rule of RULES) {
    for (const [name, value] of Object.entries(envoy ? rule.variables(envoy) : {})) {
      if (value !== undefined) set.set(name, { value: String(value), by: rule.key });
    }
  }
  for (const [name, value] of Object.entries(envoy?.Environment ?? {})) {
    const taken = RESERVED.has(name) ? 'compose-x (for each node)' : set.get(name)?.by;
    if (taken !== undefined) {
      throw meshError(
        'E_MESH_ENVOY_ENV',
        `the Envoy variable ${name} is already set by ${taken}.`,
        ['x-appmesh', 'Envoy', 'Environment', name],
        RESERVED.has(name) ? `Remove ${name} from Environment.` : `Remove ${name} from Environment, or remove ${taken}.`,
        locate,
      );
    }
    set.set(name, { value: String(value), by: 'Environment' });
  }
  const environment = Object.fromEntries([...set.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, { value }]) => [name, value]));
  const xrayDaemon = xrayDaemonOf(environment);
  return { ...(envoy?.Image !== undefined ? { image: envoy.Image } : {}), environment, ...(xrayDaemon ? { xrayDaemon } : {}) };
}

const LOOPBACK = /^(?:127\.0\.0\.1|localhost)(?::(\d+))?$/;
const XRAY_DAEMON_PORT = 2000;

/**
 * With ENABLE_ENVOY_XRAY_TRACING, Envoy sends its traces to an X-Ray daemon at 127.0.0.1:2000
 * unless AWS_XRAY_DAEMON_ADDRESS or XRAY_DAEMON_PORT say otherwise
 * (https://docs.aws.amazon.com/app-mesh/latest/userguide/envoy-config.html): the port of that
 * daemon when it is on Envoy's own host.
 */
function xrayDaemonOf(environment: Record<string, string>): { port: number } | undefined {
  if (environment['ENABLE_ENVOY_XRAY_TRACING'] !== '1') return undefined;
  const address = environment['AWS_XRAY_DAEMON_ADDRESS'];
  const local = address === undefined ? undefined : LOOPBACK.exec(address);
  if (address !== undefined && !local) return undefined;
  const port = Number(local?.[1] ?? environment['XRAY_DAEMON_PORT'] ?? XRAY_DAEMON_PORT);
  return Number.isInteger(port) && port > 0 && port < 65536 ? { port } : undefined;
}
