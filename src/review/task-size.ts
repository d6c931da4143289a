import type { Service } from '../parser/model.js';
import { ENVOY_CONTAINER } from '../render/app-mesh/envoy.js';
import { XRAY_DAEMON_CONTAINER } from '../render/app-mesh/xray.js';
import { taskSize } from '../render/service/task-size.js';
import { list, obj, props } from './template-values.js';

type Json = Record<string, unknown>;

/**
 * Why a task is bigger than its compose service asks for, or why its app container gets less
 * than the task: the room compose-x makes for a proxy (src/render/service/task-size.ts). Read
 * from the task definition: the proxy is ECS's Service Connect proxy when the ECS service has a
 * Service Connect configuration, Envoy (and the X-Ray daemon beside it) when the task has them.
 */
export function sizeNote(name: string, service: Service | undefined, taskDefinition: Json, ecsService: Json): string | undefined {
  if (!service) return undefined;
  const proxy = proxyOf(taskDefinition, ecsService);
  if (!proxy) return undefined;
  const asked = taskSize(name, service).size;
  const [cpu, memory] = [Number(taskDefinition['Cpu']), Number(taskDefinition['Memory'])];
  if (cpu > asked.cpu || memory > asked.memory) return `raised from ${asked.cpu} / ${asked.memory} to hold ${proxy}`;
  const app = containersOf(taskDefinition).find((c) => c['Name'] === name);
  const [appCpu, appMemory] = [app?.['Cpu'], app?.['Memory']];
  if (typeof appCpu === 'number' && typeof appMemory === 'number' && (appCpu < cpu || appMemory < memory)) {
    return `${name} gets ${appCpu} / ${appMemory}, the rest is for ${proxy}`;
  }
  return undefined;
}

function proxyOf(taskDefinition: Json, ecsService: Json): string | undefined {
  const serviceConnect = props(ecsService)['ServiceConnectConfiguration'];
  if (serviceConnect !== undefined && obj(serviceConnect)['Enabled'] !== false) return 'the Service Connect proxy';
  const names = new Set(containersOf(taskDefinition).map((c) => c['Name']));
  if (!names.has(ENVOY_CONTAINER)) return undefined;
  return names.has(XRAY_DAEMON_CONTAINER) ? 'Envoy and the X-Ray daemon' : 'Envoy';
}

function containersOf(taskDefinition: Json): Json[] {
  return list(taskDefinition['ContainerDefinitions']).map(obj);
}
