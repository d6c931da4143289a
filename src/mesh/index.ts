export { buildServiceGraph, type IngressRule, type IngressSource, type Listener, type ServiceGraph } from './graph.js';
