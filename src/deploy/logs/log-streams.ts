/**
 * What a log stream of a service's group holds. The awslogs driver names each stream
 * `<awslogs-stream-prefix>/<container name>/<task id>`
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html); the
 * render sets the prefix to the container's name (`web`, `web-files`), `<service>-envoy` and
 * `<service>-xray` for App Mesh's sidecars, and `<service>-service-connect` for the Service
 * Connect proxy, whose container ECS names.
 */

/** One stream, read. */
export interface StreamSource {
  taskId: string;
  /** Empty for the service's own container; else what runs beside it (`files`, `envoy`, `service-connect`...). */
  container: string;
  /** The Service Connect proxy, Envoy, or a gateway: shown with `--proxy` only. */
  proxy: boolean;
}

const PROXY_SUFFIXES = ['-service-connect', '-envoy'];

/** The stream `name` of `service`'s group (`gateway` for a gateway's group, all Envoy). */
export function streamSource(service: string, name: string, gateway: boolean): StreamSource {
  const parts = name.split('/');
  const prefix = parts[0] ?? '';
  const taskId = parts.length >= 3 ? (parts[parts.length - 1] ?? '') : '';
  const container = prefix === service ? '' : prefix.startsWith(`${service}-`) ? prefix.slice(service.length + 1) : prefix;
  return { taskId, container, proxy: gateway || PROXY_SUFFIXES.some((suffix) => prefix.endsWith(suffix)) };
}
