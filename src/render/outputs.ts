import { GetAtt, Ref, type Value } from './template/cfn.js';
import type { RenderContext } from './context.js';
import { isScheduled, scheduleOf } from '../support/schedule.js';

/** What users look up after a deploy: the cluster, and per service its name, log group and security group. */
export function renderOutputs(ctx: RenderContext, clusterRef: Value<string>): void {
  ctx.template.output('ClusterName', { Description: 'The ECS cluster of the project.', Value: clusterRef });
  for (const service of ctx.graph.services) {
    const id = ctx.serviceIds.of(service);
    ctx.template.owning(service, () => {
      if (isScheduled(ctx.project, service)) {
        ctx.template.output(`${id}ScheduleName`, { Description: `The EventBridge Scheduler schedule of the job ${service}.`, Value: Ref(`${id}Schedule`) });
        ctx.template.output(`${id}ScheduleExpression`, { Description: `When the job ${service} runs.`, Value: scheduleOf(ctx.project.services[service])?.expression ?? '' });
      } else {
        ctx.template.output(`${id}ServiceName`, { Description: `The ECS service of ${service}.`, Value: GetAtt(`${id}Service`, 'Name') });
      }
      ctx.template.output(`${id}LogGroupName`, { Description: `The log group of ${service}.`, Value: Ref(`${id}LogGroup`) });
      ctx.template.output(`${id}SecurityGroupId`, { Description: `The security group of ${service}.`, Value: GetAtt(`${id}SecurityGroup`, 'GroupId') });
    });
  }
}
