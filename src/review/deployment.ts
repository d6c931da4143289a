/**
 * How an ECS service deploys, read from its DeploymentConfiguration (and its load balancers and
 * Service Connect configuration): what the review's Deployments section and the summary of
 * `diff --rendered` show.
 */

type Json = Record<string, unknown>;

/** One service's deployment as a reviewer reads it. */
export interface ReviewDeployment {
  /** `ROLLING 100-200%`, `BLUE_GREEN`, `LINEAR 20% every 3 min`, `CANARY 10% 5 min`. */
  strategy: string;
  /** BLUE_GREEN, LINEAR, CANARY: minutes the old revision is kept after the shift. */
  bakeTimeMinutes?: number;
  /** Where the traffic shifts: `load balancer (role EcsInfrastructureRole)` (the role ECS moves its rule with), `Service Connect`, or both. */
  shiftsOn: string[];
  /** CloudWatch alarms that roll a deployment back. */
  alarms: string[];
  /** The Service Connect test traffic rule: `x-canary: catalog`. */
  testTraffic?: string;
}

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The deployment of the ECS service with these properties. */
export function deploymentOf(properties: Json): ReviewDeployment {
  const config = obj(properties['DeploymentConfiguration']);
  const strategy = typeof config['Strategy'] === 'string' ? config['Strategy'] : 'ROLLING';
  const bake = config['BakeTimeInMinutes'];
  const alarms = obj(config['Alarms']);
  const aliases = list(obj(properties['ServiceConnectConfiguration'])['Services']).flatMap((s) => list(obj(s)['ClientAliases']));
  const header = aliases.map((a) => obj(obj(obj(a)['TestTrafficRules'])['Header'])).find((h) => typeof h['Name'] === 'string');
  const shiftsOn =
    strategy === 'ROLLING'
      ? []
      : [
          ...list(properties['LoadBalancers'])
            .map((lb) => obj(obj(lb)['AdvancedConfiguration'])['RoleArn'])
            .filter((role) => role !== undefined)
            .slice(0, 1)
            .map((role) => `load balancer (role ${roleName(role)})`),
          ...(list(obj(properties['ServiceConnectConfiguration'])['Services']).length > 0 ? ['Service Connect'] : []),
        ];
  return {
    strategy: strategyLabel(strategy, config),
    ...(strategy !== 'ROLLING' && typeof bake === 'number' ? { bakeTimeMinutes: bake } : {}),
    shiftsOn,
    alarms: alarms['Enable'] === false ? [] : list(alarms['AlarmNames']).map(String),
    ...(header ? { testTraffic: `${String(header['Name'])}: ${String(obj(header['Value'])['Exact'] ?? '')}` } : {}),
  };
}

/** A role's logical ID from `{"Fn::GetAtt": [id, "Arn"]}`, else the ARN as written. */
function roleName(role: unknown): string {
  const target = obj(role)['Fn::GetAtt'];
  return Array.isArray(target) && typeof target[0] === 'string' ? target[0] : typeof role === 'string' ? role : JSON.stringify(role);
}

/** The strategy with its pace: `ROLLING 100-200%`, `LINEAR 20% every 3 min`, `CANARY 10% 5 min`, `BLUE_GREEN`. */
function strategyLabel(strategy: string, config: Json): string {
  if (strategy === 'ROLLING') return `ROLLING ${String(config['MinimumHealthyPercent'] ?? 100)}-${String(config['MaximumPercent'] ?? 200)}%`;
  if (strategy === 'LINEAR') {
    const linear = obj(config['LinearConfiguration']);
    return `LINEAR ${String(linear['StepPercent'])}% every ${String(linear['StepBakeTimeInMinutes'])} min`;
  }
  if (strategy === 'CANARY') {
    const canary = obj(config['CanaryConfiguration']);
    return `CANARY ${String(canary['CanaryPercent'])}% ${String(canary['CanaryBakeTimeInMinutes'])} min`;
  }
  return strategy;
}

/** Whether a deployment is other than a plain rolling update (a strategy, or alarms): the review then lists every service's. */
export function isNotable(deployment: ReviewDeployment): boolean {
  return !deployment.strategy.startsWith('ROLLING ') || deployment.alarms.length > 0;
}
