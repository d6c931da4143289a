/** The rules of `checkEcsRules`, each named for what it checks. */
export const ECS_RULES = [
  'port-mapping-name',
  'memory-reservation',
  'privileged-port',
  'healthy-dependency',
  'service-connect-access-logs',
  'secret-arn-suffix',
  'image-pull',
  'service-connect-names',
  'fargate-size',
  'container-resources',
  'deployment-traffic-shift',
  'deployment-strategy-settings',
  'execute-command',
] as const;

export type EcsRule = (typeof ECS_RULES)[number];

/** One thing ECS would refuse, or that would fail at run time, in a template. */
export interface Finding {
  rule: EcsRule;
  /** The logical ID of the resource. */
  resource: string;
  /** The property path inside the resource, e.g. `Properties.ContainerDefinitions[0].Memory`. */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it, one sentence. */
  fix: string;
}

/** `WebTaskDefinition.Properties.ContainerDefinitions[0].Memory: what is wrong. How to fix it. (rule memory-reservation)` */
export function describeFinding(finding: Finding): string {
  return `${finding.resource}.${finding.path}: ${finding.message} ${finding.fix} (rule ${finding.rule})`;
}
