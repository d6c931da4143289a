/**
 * A scaling service's Application Auto Scaling resources: the scalable target of its ECS
 * service's desired count (its range and scheduled actions) and a target tracking policy per
 * metric it follows. No RoleARN: Application Auto Scaling then uses its service-linked role
 * AWSServiceRoleForApplicationAutoScaling_ECSService, which it creates on the first registration:
 * https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-ecs.html
 */
import { GetAtt, Join, Ref, ScalableTarget, ScalingPolicy, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import { APPLICATION_LOAD_BALANCER } from '../load-balancer/security-group.js';
import type { ScalingPlan } from './types.js';

export { scalingPlanOf, type ScalingPlan } from './plan.js';

/** The predefined metrics of ECS services: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html */
const METRICS = {
  cpu: { id: 'Cpu', type: 'ECSServiceAverageCPUUtilization' },
  memory: { id: 'Memory', type: 'ECSServiceAverageMemoryUtilization' },
  requests: { id: 'Requests', type: 'ALBRequestCountPerTarget' },
} as const;

/** Renders the scalable target of the ECS service `serviceId` (in `cluster`) and its policies. */
export function renderScaling(ctx: RenderContext, name: string, plan: ScalingPlan, cluster: Value<string>, serviceId: string): void {
  const id = ctx.serviceIds.of(name);
  const target = ctx.template.add(
    `${id}ScalableTarget`,
    new ScalableTarget({
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      // service/<cluster name>/<service name>: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
      ResourceId: Join('/', ['service', cluster, GetAtt(serviceId, 'Name')]),
      MinCapacity: plan.min,
      MaxCapacity: plan.max,
      ...(plan.schedules.length > 0
        ? {
            ScheduledActions: plan.schedules.map((s) => ({
              ScheduledActionName: s.name,
              Schedule: s.schedule,
              ...(s.timezone !== undefined ? { Timezone: s.timezone } : {}),
              ScalableTargetAction: { ...(s.min !== undefined ? { MinCapacity: s.min } : {}), ...(s.max !== undefined ? { MaxCapacity: s.max } : {}) },
            })),
          }
        : {}),
    }),
  );
  for (const metric of ['cpu', 'memory', 'requests'] as const) {
    const value = plan.targets[metric];
    if (value === undefined) continue;
    const { id: metricId, type } = METRICS[metric];
    ctx.template.add(
      `${id}${metricId}ScalingPolicy`,
      new ScalingPolicy({
        PolicyName: `${name}-${metric}`,
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: Ref(target),
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: value,
          PredefinedMetricSpecification: {
            PredefinedMetricType: type,
            // app/<balancer>/<id>/targetgroup/<group>/<id>, from the FullName attributes of both.
            ...(metric === 'requests' ? { ResourceLabel: Join('/', [GetAtt(APPLICATION_LOAD_BALANCER, 'LoadBalancerFullName'), GetAtt(`${id}TargetGroup`, 'TargetGroupFullName')]) } : {}),
          },
          ...(plan.scaleInCooldown !== undefined ? { ScaleInCooldown: plan.scaleInCooldown } : {}),
          ...(plan.scaleOutCooldown !== undefined ? { ScaleOutCooldown: plan.scaleOutCooldown } : {}),
          ...(plan.disableScaleIn ? { DisableScaleIn: true } : {}),
        },
      }),
    );
  }
}
