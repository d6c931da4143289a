export { planMesh, translateProjectToServiceConnect, type MeshPlan, type ServiceConnectTranslation } from './plan.js';
export { migrateComposeText, type Translation, type TranslationItem } from './appmesh-translation.js';
export { buildServiceGraph, type IngressRule, type IngressSource, type Listener, type ServiceGraph } from './graph.js';
export type { ClientAlias, Namespace, ServerPort, ServiceConnectMember, ServiceConnectPlan } from './service-connect.js';
export type { CloudMapPlan, DnsNamespace } from './cloud-map.js';
export type * from './app-mesh-plan.js';
