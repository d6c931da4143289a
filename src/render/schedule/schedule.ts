/**
 * A scheduled job (`x-schedule`): an EventBridge Scheduler schedule whose target runs one task
 * of the service's task definition on the cluster, with the network a service would get, and
 * the role the scheduler assumes for it, allowed that and nothing more
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html).
 */
import scheduleResource from 'cloudform-types/types/scheduler/schedule.js';
import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import { isScheduled, type Schedule } from '../../support/schedule.js';
import { GetAtt, Ref, Role, Sub, type Value } from '../template/cfn.js';
import type { ClusterPlacement } from '../cluster/cluster.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { checkExpression } from './expression.js';

const ScheduleResource = scheduleResource.default;

export interface ScheduleInputs {
  taskDefinition: string;
  executionRole: string;
  taskRole: string;
  securityGroups: Value<string>[];
  network: NetworkPlacement;
  cluster: ClusterPlacement;
  /** ECS Exec on the job's tasks (x-exec). */
  enableExecuteCommand: boolean;
}

/** What a service must not have to be a scheduled job: its tasks come and go, nothing is routed to them. */
export interface Unschedulable {
  /** Behind the load balancer (published ports). */
  loadBalanced: boolean;
  /** Registered in Cloud Map (x-cloudmap) or App Mesh; Service Connect leaves jobs out (src/mesh/service-connect.ts). */
  discovered: boolean;
}

function refuse(ctx: RenderContext, service: string, message: string, hint: string): never {
  const path: TreePath = ['services', service, 'x-schedule'];
  throw new ParseError('E_SCHEDULE_SERVICE', message, { path, position: ctx.locate(path), hint });
}

/**
 * The schedule of `service` and the role it runs the task with: ecs:RunTask on the service's
 * task definition family in the project's cluster only, iam:PassRole on the task's two roles only.
 */
export function renderSchedule(ctx: RenderContext, service: string, schedule: Schedule, unschedulable: Unschedulable, inputs: ScheduleInputs): string {
  checkExpression(ctx, service, schedule);
  if (unschedulable.loadBalanced) {
    refuse(ctx, service, `the scheduled job "${service}" publishes ports behind the load balancer, which would route to no task between its runs.`, 'Remove its ports: (or its x-schedule, to keep a service running).');
  }
  if (unschedulable.discovered) {
    refuse(ctx, service, `the scheduled job "${service}" is registered in Cloud Map or App Mesh, which register the tasks of an ECS service; its tasks are run one at a time by the schedule.`, 'Remove its x-cloudmap (or its App Mesh node), or its x-schedule.');
  }
  const calls = Object.keys(ctx.project.services[service]?.depends_on ?? {}).filter((dep) => ctx.plan.serviceConnect?.members[dep]);
  if (calls.length > 0) {
    const path: TreePath = ['services', service, 'x-schedule'];
    ctx.warn({
      code: 'W_SCHEDULE_SERVICE_CONNECT',
      message: `the tasks of the scheduled job "${service}" are started by RunTask, which gives them no Service Connect proxy: the Service Connect names of ${calls.join(', ')} (its depends_on) do not resolve in them. Reach them through Cloud Map DNS (x-cloudmap) or a load balancer's address.`,
      path,
      position: ctx.locate(path),
    });
  }
  const id = ctx.serviceIds.of(service);
  const family = `${ctx.project.name}-${service}`;
  const clusterArn = Sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${Cluster}', { Cluster: inputs.cluster.cluster });
  const role = ctx.template.add(
    `${id}SchedulerRole`,
    new Role({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': Ref('AWS::AccountId') } },
          },
        ],
      },
      Description: `EventBridge Scheduler runs the scheduled job ${ctx.project.name}/${service} with this role.`,
      Policies: [
        {
          PolicyName: 'run-task',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'RunTask',
                Effect: 'Allow',
                Action: 'ecs:RunTask',
                Resource: Sub(`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task-definition/${family}:*`),
                Condition: { ArnEquals: { 'ecs:cluster': clusterArn } },
              },
              {
                Sid: 'PassTaskRoles',
                Effect: 'Allow',
                Action: 'iam:PassRole',
                Resource: [GetAtt(inputs.executionRole, 'Arn'), GetAtt(inputs.taskRole, 'Arn')],
                Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
              },
            ],
          },
        },
      ],
    }),
  );
  const resource = new ScheduleResource({
      Description: `compose-x: the scheduled job ${ctx.project.name}/${service}`,
      ScheduleExpression: schedule.expression,
      ...(schedule.timezone ? { ScheduleExpressionTimezone: schedule.timezone } : {}),
      State: schedule.enabled ? 'ENABLED' : 'DISABLED',
      FlexibleTimeWindow: schedule.flexibleWindow === undefined ? { Mode: 'OFF' } : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: schedule.flexibleWindow },
      Target: {
        Arn: clusterArn,
        RoleArn: GetAtt(role, 'Arn'),
        EcsParameters: {
          TaskDefinitionArn: Ref(inputs.taskDefinition),
          TaskCount: 1,
          ...(inputs.cluster.capacityProviderStrategy ? { CapacityProviderStrategy: inputs.cluster.capacityProviderStrategy } : { LaunchType: 'FARGATE' }),
          PlatformVersion: 'LATEST',
          NetworkConfiguration: {
            AwsvpcConfiguration: { AssignPublicIp: inputs.network.assignPublicIp, SecurityGroups: inputs.securityGroups, Subnets: inputs.network.subnets as Value<string>[] },
          },
          Group: `compose-x:${service}`,
          ...(inputs.enableExecuteCommand ? { EnableExecuteCommand: true } : {}),
        },
      },
  });
  // Created after the services of its depends_on, as a service would be.
  const after = Object.keys(ctx.project.services[service]?.depends_on ?? {})
    .filter((dep) => dep in ctx.project.services && !isScheduled(ctx.project, dep))
    .sort()
    .map((dep) => `${ctx.serviceIds.of(dep)}Service`);
  const dependsOn = [...inputs.network.dependsOn, ...after];
  return ctx.template.add(`${id}Schedule`, dependsOn.length > 0 ? resource.dependsOn(dependsOn) : resource);
}
