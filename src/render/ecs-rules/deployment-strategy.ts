import { isObject, type JsonObject } from '../template/json-object.js';
import type { Finding } from './finding.js';
import { objectsOf, text, type TemplateResource, type TemplateView } from './template-view.js';

/** The strategies whose deployments shift traffic between two revisions. */
const SHIFTING = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);
/** CloudFormation refuses a LINEAR or CANARY deployment it computes to last longer than 33 hours. */
const MAX_MINUTES = 33 * 60;

interface Deployment {
  service: TemplateResource;
  config: JsonObject;
  strategy: string;
}

function deploymentsOf(view: TemplateView): Deployment[] {
  return view.resources.flatMap((service) => {
    const config = service.type === 'AWS::ECS::Service' ? service.properties['DeploymentConfiguration'] : undefined;
    return isObject(config) ? [{ service, config, strategy: text(config['Strategy']) ?? 'ROLLING' }] : [];
  });
}

const AT = 'Properties.DeploymentConfiguration';

/**
 * Rule deployment-traffic-shift: a LINEAR or CANARY service shifts traffic on a load balancer or
 * through Service Connect, and a BLUE_GREEN, LINEAR or CANARY service behind a load balancer
 * gives each of its load balancers an AdvancedConfiguration: an alternate target group other
 * than its own, the production listener rule, and the infrastructure role ECS moves the rule with
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/linear-deployment-implementation.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html).
 */
export function checkTrafficShift(view: TemplateView): Finding[] {
  const findings: Finding[] = [];
  for (const { service, strategy } of deploymentsOf(view).filter((d) => SHIFTING.has(d.strategy))) {
    const balancers = objectsOf(service.properties['LoadBalancers']);
    const connect = service.properties['ServiceConnectConfiguration'];
    const connected = isObject(connect) && connect['Enabled'] !== false && objectsOf(connect['Services']).length > 0;
    if (strategy !== 'BLUE_GREEN' && balancers.length === 0 && !connected) {
      findings.push({
        rule: 'deployment-traffic-shift',
        resource: service.id,
        path: `${AT}.Strategy`,
        message: `a ${strategy} deployment shifts traffic on a load balancer or through Service Connect, and the service has neither; ECS refuses it.`,
        fix: 'Put the service behind a load balancer or make it a Service Connect server, or deploy it with ROLLING.',
      });
    }
    for (const [index, balancer] of balancers) {
      const advanced = balancer['AdvancedConfiguration'];
      const missing = isObject(advanced)
        ? ['AlternateTargetGroupArn', 'ProductionListenerRule', 'RoleArn'].filter((key) => advanced[key] === undefined)
        : ['AdvancedConfiguration'];
      const same = isObject(advanced) && JSON.stringify(advanced['AlternateTargetGroupArn']) === JSON.stringify(balancer['TargetGroupArn']);
      if (missing.length === 0 && !same) continue;
      findings.push({
        rule: 'deployment-traffic-shift',
        resource: service.id,
        path: `Properties.LoadBalancers[${index}]${missing.length === 1 && missing[0] === 'AdvancedConfiguration' ? '' : '.AdvancedConfiguration'}`,
        message: same
          ? `the alternate target group of a ${strategy} deployment is the load balancer's own target group; ECS has nowhere to start the new revision.`
          : `a ${strategy} deployment behind a load balancer needs ${missing.join(', ')}; ECS cannot move the traffic without them.`,
        fix: 'Give the load balancer an AdvancedConfiguration with a second target group, the listener rule of the service and the ECS infrastructure role (x-deployment renders them).',
      });
    }
  }
  return findings;
}

/**
 * Rule deployment-strategy-settings: BLUE_GREEN has a BakeTimeInMinutes, LinearConfiguration
 * comes with LINEAR only and CanaryConfiguration with CANARY only
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html);
 * CloudFormation refuses a LINEAR deployment whose BakeTimeInMinutes plus StepBakeTimeInMinutes
 * times its steps, or a CANARY one whose BakeTimeInMinutes plus CanaryBakeTimeInMinutes, is over
 * 33 hours
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-linearconfiguration.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-canaryconfiguration.html).
 */
export function checkStrategySettings(view: TemplateView): Finding[] {
  const findings: Finding[] = [];
  for (const { service, config, strategy } of deploymentsOf(view)) {
    const found = (key: string, message: string, fix: string): void => {
      findings.push({ rule: 'deployment-strategy-settings', resource: service.id, path: `${AT}.${key}`, message, fix });
    };
    if (strategy === 'BLUE_GREEN' && config['BakeTimeInMinutes'] === undefined) {
      found('BakeTimeInMinutes', 'a BLUE_GREEN deployment has no BakeTimeInMinutes; ECS requires one.', 'Set BakeTimeInMinutes (x-deployment.BakeTime).');
    }
    for (const [key, owner] of [['LinearConfiguration', 'LINEAR'], ['CanaryConfiguration', 'CANARY']] as const) {
      if (config[key] !== undefined && strategy !== owner) {
        found(key, `${key} is only valid with Strategy ${owner}, and the service deploys with ${strategy}.`, `Remove ${key}, or set Strategy ${owner}.`);
      }
    }
    const minutes = deploymentMinutes(config, strategy);
    if (minutes !== undefined && minutes > MAX_MINUTES) {
      found('Strategy', `a ${strategy} deployment of these bake times lasts ${minutes} minutes, over the 33 hours CloudFormation accepts.`, 'Shorten BakeTime and the step or canary bake time (x-deployment), or take larger steps.');
    }
  }
  return findings;
}

/** How long CloudFormation counts a LINEAR or CANARY deployment (undefined when a value is not literal). */
function deploymentMinutes(config: JsonObject, strategy: string): number | undefined {
  const bake = config['BakeTimeInMinutes'];
  const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
  if (strategy === 'CANARY') {
    const canary = isObject(config['CanaryConfiguration']) ? config['CanaryConfiguration'] : {};
    const [a, b] = [number(bake ?? 0), number(canary['CanaryBakeTimeInMinutes'] ?? 10)];
    return a !== undefined && b !== undefined ? a + b : undefined;
  }
  if (strategy === 'LINEAR') {
    const linear = isObject(config['LinearConfiguration']) ? config['LinearConfiguration'] : {};
    const [a, step, percent] = [number(bake ?? 0), number(linear['StepBakeTimeInMinutes'] ?? 6), number(linear['StepPercent'] ?? 10)];
    if (a === undefined || step === undefined || percent === undefined || percent <= 0) return undefined;
    const shares = 100 / percent;
    const steps = Math.abs(shares - Math.round(shares)) < 1e-9 ? Math.round(shares) - 1 : Math.floor(shares);
    return a + step * steps;
  }
  return undefined;
}
