export { planMesh, type MeshPlan } from './plan.js';
export { buildServiceGraph, type IngressRule, type IngressSource, type Listener, type ServiceGraph } from './graph.js';
export type { ClientAlias, Namespace, ServerPort, ServiceConnectMember, ServiceConnectPlan } from './service-connect.js';
export type { CloudMapPlan, DnsNamespace } from './cloud-map.js';
export type * from './app-mesh/plan.js';
export type { HttpTarget, IngressPlan, IngressRoute, NetworkTarget, ServiceIngress } from './ingress/plan.js';
export type { ApplicationBalancer, Tls } from './ingress/application.js';
export { groupTaskFamilies, type Family, type FamilyMember } from './family.js';
