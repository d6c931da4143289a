/**
 * The App Mesh plan: x-appmesh (ECS ComposeX syntax plus gateways) resolved and checked,
 * ready for the renderer and for the translation to Service Connect. Names are the user's;
 * every list is sorted or kept in the user's order where order matters (routes).
 */
import type { DnsNamespace } from '../cloud-map.js';

export type MeshProtocol = 'http' | 'http2' | 'grpc' | 'tcp';

/** An App Mesh duration, as the CloudFormation Duration property. */
export interface MeshDuration {
  Unit: 'ms' | 's';
  Value: number;
}

/** A virtual node: one compose service in the mesh. */
export interface MeshNode {
  /** The compose service. */
  name: string;
  protocol: MeshProtocol;
  /** The listener port (a target port of the service). */
  port: number;
  /** Virtual service names this node may call. */
  backends: string[];
}

export interface WeightedTarget {
  /** A node name. */
  node: string;
  /** A positive integer; weights are relative. */
  weight: number;
  port?: number;
}

/**
 * One route of a router. `match`, `retryPolicy` and `timeout` keep the extension's
 * PascalCase keys (Prefix, Path, Method, Headers, Scheme, QueryParameters, ServiceName,
 * MethodName, Metadata, Port; MaxRetries, PerRetryTimeout, *RetryEvents; Idle, PerRequest),
 * which are CloudFormation's.
 */
export interface MeshRoute {
  /** Unique in the router: `<protocol>-<index>` (e.g. `http-0`). */
  name: string;
  protocol: MeshProtocol;
  match: Record<string, unknown>;
  targets: WeightedTarget[];
  retryPolicy?: Record<string, unknown>;
  timeout?: Record<string, unknown>;
}

export interface MeshRouter {
  name: string;
  listener: { port: number; protocol: MeshProtocol };
  routes: MeshRoute[];
}

export type ServiceProvider = { kind: 'node'; node: string } | { kind: 'router'; router: string };

export interface VirtualService {
  name: string;
  provider: ServiceProvider;
  /**
   * True when the name is not a compose service: it gets a Cloud Map service with one
   * placeholder instance at 169.254.255.254 so that the name resolves and Envoy can
   * intercept the connection.
   */
  placeholder: boolean;
}

export interface GatewayRoute {
  /** Unique in the gateway: `route-<index>`. */
  name: string;
  /** The extension's Match (Prefix, Path, Method, Headers, Hostname...). */
  match: Record<string, unknown>;
  /** A virtual service name. */
  service: string;
}

export interface MeshGateway {
  name: string;
  listener: { port: number; protocol: Exclude<MeshProtocol, 'tcp'> };
  loadBalancer: { type: 'network' | 'application'; public: boolean };
  routes: GatewayRoute[];
}

/** Settings of the Envoy sidecar, from the agent's environment variables. */
export interface EnvoySettings {
  /** The `EnvoyImage` parameter's default; none: AWS's current image, from the SSM parameter /aws/service/appmesh/envoy. */
  image?: string;
  /** Extra environment of the Envoy container (ENVOY_LOG_LEVEL, ENABLE_ENVOY_XRAY_TRACING...), sorted by name. */
  environment: Record<string, string>;
  /**
   * Envoy sends X-Ray traces to a daemon on its own host (the agent's default, 127.0.0.1) on
   * this UDP port: an X-Ray daemon runs beside each Envoy. Absent without X-Ray tracing, or
   * when the traces go to a daemon elsewhere (AWS_XRAY_DAEMON_ADDRESS on another host).
   */
  xrayDaemon?: { port: number };
}

/** A connection the mesh allows, node to node, on the callee's listener port. */
export interface MeshReach {
  from: string;
  to: string;
  port: number;
}

export interface AppMeshPlan {
  mesh: {
    name: string;
    owner?: string;
    egress: 'DROP_ALL' | 'ALLOW_ALL';
    /** Spec.ServiceDiscovery and Tags from the ComposeX `Properties` form, as given. */
    serviceDiscovery?: Record<string, unknown>;
    tags?: { Key: string; Value: string }[];
  };
  /** The private DNS namespace the nodes register in (x-cloudmap, default `<project>.local`). */
  namespace: DnsNamespace;
  /** By compose service name, in name order. */
  nodes: Record<string, MeshNode>;
  routers: Record<string, MeshRouter>;
  services: Record<string, VirtualService>;
  gateways: Record<string, MeshGateway>;
  envoy: EnvoySettings;
  /**
   * Node-to-node reach: each node to the nodes behind its backends (every node a router
   * routes to), and each gateway to the nodes behind its routes' services (`from` is the
   * gateway name). Sorted.
   */
  reach: MeshReach[];
}
