/** A deployment plan as the ECS service's DeploymentConfiguration, its Service Connect test traffic, and the role ECS shifts load balancer traffic with. */
import { Role, Sub } from '../template/cfn.js';
import type { EcsServiceDeploymentConfiguration, EcsServiceServiceConnectConfiguration } from '../template/cfn-spec-types.js';
import type { RenderContext } from '../context.js';
import type { DeploymentPlan } from './strategy.js';

/**
 * The strategy part of DeploymentConfiguration: Strategy, BakeTimeInMinutes, the linear or
 * canary steps, and the alarms, which roll the service back when one fires
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentconfiguration.html).
 * A rolling service keeps the template it had (no Strategy).
 */
export function strategyConfiguration(plan: DeploymentPlan | undefined): EcsServiceDeploymentConfiguration {
  if (!plan) return {};
  return {
    ...(plan.strategy !== 'ROLLING' ? { Strategy: plan.strategy, BakeTimeInMinutes: plan.bakeTimeMinutes ?? 0 } : {}),
    ...(plan.linear ? { LinearConfiguration: { StepPercent: plan.linear.stepPercent, StepBakeTimeInMinutes: plan.linear.stepBakeTimeMinutes } } : {}),
    ...(plan.canary ? { CanaryConfiguration: { CanaryPercent: plan.canary.canaryPercent, CanaryBakeTimeInMinutes: plan.canary.canaryBakeTimeMinutes } } : {}),
    ...(plan.alarms.length > 0 ? { Alarms: { AlarmNames: plan.alarms, Enable: true, Rollback: true } } : {}),
  };
}

/**
 * The Service Connect configuration with the test traffic rule on each client alias: during a
 * deployment the proxies send the requests carrying the header to the new revision
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-blue-green.html).
 */
export function withTestTraffic(configuration: EcsServiceServiceConnectConfiguration, plan: DeploymentPlan | undefined): EcsServiceServiceConnectConfiguration {
  const test = plan?.testTraffic;
  if (!test || !Array.isArray(configuration.Services)) return configuration;
  const rule = { Header: { Name: test.header, Value: { Exact: test.value } } };
  return {
    ...configuration,
    Services: configuration.Services.map((service) => ({
      ...service,
      ...(Array.isArray(service.ClientAliases) ? { ClientAliases: service.ClientAliases.map((alias) => ({ ...alias, TestTrafficRules: rule })) } : {}),
    })),
  };
}

/**
 * The Amazon ECS infrastructure role for load balancers: ECS assumes it to move the listener
 * rules of a BLUE_GREEN, LINEAR or CANARY deployment between the target groups, with the
 * managed policy AWS made for exactly that, AmazonECSInfrastructureRolePolicyForLoadBalancers
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html).
 * One for the project; its logical ID.
 */
export function renderInfrastructureRole(ctx: RenderContext): string {
  return ctx.template.add(
    'EcsInfrastructureRole',
    new Role({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'AllowAccessToECSForInfrastructureManagement', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Description: `ECS shifts the load balancer traffic of the deployments of ${ctx.project.name} with this role.`,
      ManagedPolicyArns: [Sub('arn:${AWS::Partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers')],
    }),
  );
}
