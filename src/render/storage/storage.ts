/**
 * The storage area: the data volumes of the project (the storage plan of src/support/storage/)
 * as an Amazon EFS file system with one access point per volume, or as existing file systems.
 * The file system, its mount targets and its security group exist only when a volume needs them.
 */
import { planStorage } from '../../support/storage/plan.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { renderAccessPoints } from './access-points.js';
import { renderFileSystem, type RenderedFileSystem } from './file-system.js';
import type { StoragePlacement } from './task-storage.js';

export function renderStorage(ctx: RenderContext, network: NetworkPlacement): StoragePlacement {
  const { plan } = planStorage(ctx.project);
  let fileSystem: RenderedFileSystem | undefined;
  const ofProject = (): RenderedFileSystem => (fileSystem ??= renderFileSystem(ctx, network));
  const volumes = renderAccessPoints(ctx, Object.values(plan.volumes), ofProject);
  return { volumes, ...(fileSystem ? { fileSystem } : {}) };
}
