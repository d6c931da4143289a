/** The part of a key written for ECS ComposeX or Docker's ECS integration that compose-x reads, but does not carry. */
import type { TreePath } from '../parser/diagnostics.js';
import type { RenderContext } from './context.js';

/** W_COMPOSEX_EXTENSION at `path`: `what` is not carried, and `because` says what compose-x does instead. */
export function notCarried(ctx: RenderContext, path: TreePath, what: string, because: string): void {
  ctx.warn({ code: 'W_COMPOSEX_EXTENSION', message: `compose-x does not carry ${what}: ${because}.`, path, position: ctx.locate(path) });
}
