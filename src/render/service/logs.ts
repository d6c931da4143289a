import { logRetention } from '../../support/extensions/log-retention.js';
import { LogGroup } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

/** One log group per service, `/compose-x/<project>/<service>`, kept as x-logging or x-aws-logs_retention say (30 days by default); returns its logical ID. */
export function renderLogGroup(ctx: RenderContext, service: string): string {
  return ctx.template.add(
    `${ctx.serviceIds.of(service)}LogGroup`,
    new LogGroup({ LogGroupName: `/compose-x/${ctx.project.name}/${service}`, RetentionInDays: logRetention(ctx.project, service) }),
  );
}
