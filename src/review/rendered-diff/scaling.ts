/** The changes of each service's scaling and capacity between two renders (src/review/scaling.ts reads them). */
import { scalingOf, scalingText, type ServiceScaling } from '../scaling.js';
import { compareText, type Render } from './read-render.js';
import type { ScalingChange } from './types.js';

/** `FARGATE_SPOT`, `FARGATE, 50 GiB of ephemeral storage`. */
function capacityText(scaling: ServiceScaling): string {
  return scaling.ephemeralStorage === undefined ? scaling.capacity : `${scaling.capacity}, ${scaling.ephemeralStorage} GiB of ephemeral storage`;
}

function scalingByName(render: Render): Map<string, { id: string; scaling: ServiceScaling }> {
  const scaling = scalingOf([...render.resources].map(([id, r]) => ({ id, type: r.type, properties: r.properties })));
  return new Map([...render.services].flatMap(([id, name]) => {
    const found = scaling.get(id);
    return found ? [[name, { id, scaling: found }] as const] : [];
  }));
}

/** The services in both renders whose scaling or capacity changed, and the resources those changes account for. */
export function scalingChanges(old: Render, now: Render): { changes: ScalingChange[]; resources: string[] } {
  const [before, after] = [scalingByName(old), scalingByName(now)];
  const changes: ScalingChange[] = [];
  const resources: string[] = [];
  for (const [service, was] of before) {
    const is = after.get(service);
    if (!is) continue;
    const aspects = [
      ['scaling', scalingText(was.scaling), scalingText(is.scaling)],
      ['capacity', capacityText(was.scaling), capacityText(is.scaling)],
    ] as const;
    const changed = aspects.filter(([, a, b]) => a !== b);
    for (const [aspect, from, to] of changed) changes.push({ service, aspect, before: from, after: to });
    if (changed.length > 0) resources.push(was.id, is.id, ...was.scaling.resources, ...is.scaling.resources);
  }
  return { changes: changes.sort((a, b) => compareText(a.service, b.service) || compareText(a.aspect, b.aspect)), resources };
}
