import { ParseError, type Position, type TreePath } from '../../parser/diagnostics.js';
import type { MeshProtocol } from './plan.js';

/** x-appmesh as schemas/x-appmesh.json allows it (protocols in any case). */
export interface XAppMesh {
  Properties?: {
    MeshName?: string;
    MeshOwner?: string;
    EgressPolicy?: Egress;
    Spec?: { EgressFilter?: { Type: Egress }; ServiceDiscovery?: Record<string, unknown> };
    Tags?: { Key: string; Value: string }[];
  };
  MeshName?: string;
  MeshOwner?: string;
  EgressPolicy?: Egress;
  Settings?: XSettings;
  Envoy?: XEnvoy;
}

/** The mesh's egress filter. */
export type Egress = 'DROP_ALL' | 'ALLOW_ALL';

/** x-appmesh.Settings: the lists that make the mesh. */
export interface XSettings {
  Nodes?: XNode[];
  Routers?: XRouter[];
  Services?: XService[];
  Gateways?: XGateway[];
}

/** A virtual node: a compose service, its listener and the virtual services it calls. */
export interface XNode {
  Name: string;
  Protocol?: string;
  Port?: number;
  Backends?: string[];
}

/** A route target: a node and its relative weight (default 1). */
export interface XWeightedNode {
  Name: string;
  Weight?: number;
  Port?: number;
}

/** A route: Match (none for TCP), targets, retries and timeouts, as AWS::AppMesh::Route writes them. */
export interface XRoute {
  Match?: Record<string, unknown>;
  Nodes: XWeightedNode[];
  RetryPolicy?: Record<string, unknown>;
  Timeout?: Record<string, unknown>;
}

/** The keys of a router's Routes, one per protocol. */
export const ROUTE_KINDS = { Http: 'http', Http2: 'http2', Grpc: 'grpc', Tcp: 'tcp' } as const satisfies Record<string, MeshProtocol>;
/** Http, Http2, Grpc or Tcp. */
export type RouteKind = keyof typeof ROUTE_KINDS;

/** A virtual router: a listener and the routes of one protocol. */
export interface XRouter {
  Name: string;
  Listener: { Port: number; Protocol: string };
  Routes?: Partial<Record<RouteKind, XRoute[]>>;
}

/** A virtual service, provided by a node or a router. */
export interface XService {
  Name: string;
  Node?: string;
  Router?: string;
  /** ECS ComposeX: the key of the top-level x-cloudmap namespace the virtual service is registered in. */
  'x-cloudmap'?: string;
}

/** A virtual gateway behind a load balancer, routing to virtual services. */
export interface XGateway {
  Name: string;
  Listener: { Port: number; Protocol: string };
  LoadBalancer?: { Type?: 'network' | 'application'; Public?: boolean };
  Routes?: { Match: Record<string, unknown>; Service: string }[];
}

/** x-appmesh.Envoy: the sidecar's image and the settings that become agent variables. */
export interface XEnvoy {
  Image?: string;
  LogLevel?: string;
  Tracing?: { Type: 'xray' | 'jaeger' | 'datadog'; Address?: string; Port?: number; SamplingRate?: number };
  StatsTags?: boolean;
  DogStatsD?: boolean | { Address?: string; Port?: number };
  Environment?: Record<string, string | number | boolean>;
}

/** Where a path of the compose files was written. */
export type Locate = (path: TreePath) => Position | undefined;

/** Where the lists of x-appmesh live. */
export const SETTINGS = ['x-appmesh', 'Settings'] as const;

/** A ParseError about x-appmesh, placed at `path`. */
export function meshError(code: string, message: string, path: TreePath, hint: string, locate: Locate): ParseError {
  return new ParseError(code, message, { path, position: locate(path), hint });
}

/** `Http`, `HTTP` and `http` are one protocol. */
export function protocolOf(value: string): MeshProtocol {
  return value.toLowerCase() as MeshProtocol;
}

/** Names, comma-separated, for hints; `none declared` for an empty list. */
export function listed(names: Iterable<string>): string {
  const all = [...names];
  return all.length > 0 ? all.join(', ') : 'none declared';
}
