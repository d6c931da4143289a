/** The value check of deploy: its mode, its resources and replicas (resources.ts), and the settings ECS does not honour. */
import { finding, type SupportFinding } from '../finding.js';
import { subKeyFindings, type SubKeyRule } from '../sub-keys.js';
import type { Scope } from '../value-check.js';
import { checkResources } from './resources.js';
import { ESSENTIAL_LABEL, FAMILY_LABEL } from '../task-family.js';

const DEVICES_RULE = {
  severity: 'error',
  ecs: 'Fargate has no devices or GPUs to reserve.',
  instead: 'Remove it; workloads that need devices or GPUs cannot run on Fargate.',
} as const;

const DEPLOY_RULES: readonly SubKeyRule[] = [
  {
    path: ['endpoint_mode'],
    severity: 'warning',
    ecs: 'services are reached by service name (Service Connect), not a swarm virtual IP; the mode is ignored.',
    instead: 'Remove deploy.endpoint_mode.',
  },
  {
    path: ['labels'],
    severity: 'warning',
    ecs: 'ECS services carry no labels; they are ignored.',
    instead: 'Use labels: for container labels (DockerLabels).',
  },
  {
    path: ['placement'],
    severity: 'warning',
    ecs: 'Fargate chooses where tasks run; placement constraints and preferences are ignored.',
    instead: 'Remove deploy.placement; the subnets (x-vpc) decide the Availability Zones.',
  },
  {
    path: ['restart_policy'],
    severity: 'warning',
    ecs: 'ECS replaces every task that stops; the restart policy is ignored.',
    instead: 'Remove deploy.restart_policy.',
  },
  {
    path: ['rollback_config'],
    severity: 'warning',
    ecs: 'the deployment circuit breaker rolls back failed deployments; the rollback settings are ignored.',
    instead: 'Remove deploy.rollback_config.',
  },
  ...['limits', 'reservations'].flatMap((kind): SubKeyRule[] => [
    { path: ['resources', kind, 'devices'], ...DEVICES_RULE },
    { path: ['resources', kind, 'generic_resources'], ...DEVICES_RULE },
  ]),
  {
    path: ['resources', 'limits', 'pids'],
    severity: 'warning',
    ecs: 'Fargate does not limit the number of processes; the limit is ignored.',
    instead: 'Remove deploy.resources.limits.pids.',
  },
  {
    path: ['update_config', 'delay'],
    severity: 'warning',
    ecs: 'ECS paces deployments itself; the delay is ignored.',
    instead: 'Remove deploy.update_config.delay.',
  },
  {
    path: ['update_config', 'failure_action'],
    severity: 'warning',
    honoured: 'rollback',
    ecs: 'the deployment circuit breaker always rolls a failed deployment back.',
    instead: 'Remove deploy.update_config.failure_action, or set it to rollback.',
  },
  {
    path: ['update_config', 'max_failure_ratio'],
    severity: 'warning',
    ecs: 'the deployment circuit breaker decides when a deployment failed; the ratio is ignored.',
    instead: 'Remove deploy.update_config.max_failure_ratio.',
  },
  {
    path: ['update_config', 'monitor'],
    severity: 'warning',
    ecs: 'the deployment circuit breaker decides when a deployment failed; the monitor period is ignored.',
    instead: 'Remove deploy.update_config.monitor.',
  },
];

/** Hints for the deploy modes ECS cannot run; `replicated` is the only one it can. */
const DEPLOY_MODE_HINTS: Readonly<Record<string, string>> = {
  global: 'Fargate has no hosts to run one task on each: use replicas to set the number of tasks.',
  'global-job': 'ECS services keep their tasks running: run a job as an ECS task (aws ecs run-task), outside the stack.',
  'replicated-job': 'ECS services keep their tasks running: run a job as an ECS task (aws ecs run-task), outside the stack.',
};

export function checkDeploy(scope: Scope): SupportFinding[] {
  const { service, at } = scope;
  const deployAt = [...at, 'deploy'];
  const mode = service.deploy?.mode;
  const hint = mode === undefined ? undefined : DEPLOY_MODE_HINTS[mode];
  const modeFindings =
    hint === undefined
      ? []
      : [finding('error', 'E_DEPLOY_MODE', [...deployAt, 'mode'], `ECS services cannot run in ${mode} mode.`, hint)];
  // deploy.labels of ECS ComposeX's family labels only are read (src/mesh/family.ts), not ignored.
  const labels = Object.keys(service.deploy?.labels ?? {});
  const composeXLabels = labels.length > 0 && labels.every((label) => label === FAMILY_LABEL || label === ESSENTIAL_LABEL);
  const rules = composeXLabels ? DEPLOY_RULES.filter((rule) => rule.path[0] !== 'labels') : DEPLOY_RULES;
  return [...modeFindings, ...checkResources(scope), ...subKeyFindings(service.deploy, deployAt, rules)];
}
