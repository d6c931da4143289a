import { LogGroup } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

/** Days CloudWatch keeps a service's logs. */
export const LOG_RETENTION_DAYS = 30;

/** One log group per service, `/compose-x/<project>/<service>`; returns its logical ID. */
export function renderLogGroup(ctx: RenderContext, service: string): string {
  return ctx.template.add(
    `${ctx.serviceIds.of(service)}LogGroup`,
    new LogGroup({ LogGroupName: `/compose-x/${ctx.project.name}/${service}`, RetentionInDays: LOG_RETENTION_DAYS }),
  );
}
