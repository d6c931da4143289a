/** The value checks of the service keys: depends_on, healthcheck, logging, platform and restart. */
import { finding, type SupportFinding } from '../finding.js';
import { subKeyFindings, type SubKeyRule } from '../sub-keys.js';
import type { Scope } from '../value-check.js';
import { sameFamily } from '../task-family.js';
import { scheduleOf } from '../schedule.js';

const UNWAITED_CONDITIONS: Readonly<Partial<Record<string, string>>> = {
  service_healthy: 'healthy',
  service_completed_successfully: 'completed successfully',
};

/** Inside an ECS ComposeX family (one task), a condition is a container dependency ECS waits for. */
export function checkDependsOn({ project, service, at }: Scope): SupportFinding[] {
  return Object.entries(service.depends_on).flatMap(([dependency, { condition }]) => {
    const state = UNWAITED_CONDITIONS[condition];
    if (state === undefined || sameFamily(project, String(at[1]), dependency)) return [];
    return [
      finding(
        'warning',
        'W_DEPENDS_ON_CONDITION',
        [...at, 'depends_on', dependency, 'condition'],
        `ECS does not wait for "${dependency}" to be ${state}; the stack only creates "${dependency}" first.`,
        `Make the service retry until "${dependency}" is ready.`,
      ),
    ];
  });
}

const HEALTHCHECK_RULES: readonly SubKeyRule[] = [
  {
    path: ['start_interval'],
    severity: 'warning',
    ecs: 'ECS health checks have no start interval; the interval applies during the start period too.',
    instead: 'Remove healthcheck.start_interval.',
  },
];

export function checkHealthcheck({ service, at }: Scope): SupportFinding[] {
  return subKeyFindings(service.healthcheck, [...at, 'healthcheck'], HEALTHCHECK_RULES);
}

/** The log driver that ECS renders; unset means the same. */
const LOG_DRIVER = 'awslogs';

export function checkLogging({ service, at }: Scope): SupportFinding[] {
  const driver = service.logging?.driver;
  if (driver === undefined || driver === LOG_DRIVER) return [];
  return [
    finding(
      'warning',
      'W_LOGGING_DRIVER',
      [...at, 'logging', 'driver'],
      `the ${driver} log driver is not used; the logs go to CloudWatch Logs with awslogs.`,
      'Remove logging.driver, and forward the logs from CloudWatch Logs where they must go.',
    ),
  ];
}

/** compose platform -> RuntimePlatform.CpuArchitecture */
const FARGATE_PLATFORMS: readonly string[] = ['linux/amd64', 'linux/arm64'];

export function checkPlatform({ service, at }: Scope): SupportFinding[] {
  const platform = service.platform ?? '';
  if (FARGATE_PLATFORMS.includes(platform)) return [];
  return [
    finding(
      'error',
      'E_PLATFORM',
      [...at, 'platform'],
      `Fargate runs ${FARGATE_PLATFORMS.join(' and ')} tasks, not ${platform}.`,
      'Build the image for linux/amd64 or linux/arm64 and set that platform.',
    ),
  ];
}

/** Restart policies ECS honours: its services replace every task that stops. */
const ECS_RESTART_POLICIES: readonly string[] = ['always', 'unless-stopped'];

/**
 * A service that runs once (`restart: "no"`, no port) is a job: ECS would restart it for ever, so
 * the warning points to a schedule or a one-off task. A scheduled job's task runs once: nothing to say.
 */
export function checkRestart({ service, at }: Scope): SupportFinding[] {
  const policy = service.restart ?? '';
  if (ECS_RESTART_POLICIES.includes(policy) || scheduleOf(service)) return [];
  if (policy === 'no' && service.ports.length === 0) {
    return [
      finding(
        'warning',
        'W_RESTART_NO_JOB',
        [...at, 'restart'],
        'ECS services always restart their tasks, so this service with restart: "no" and no port would run again each time it exits.',
        'Run it as a scheduled job with x-schedule: "cron(...)" or "rate(...)", or once with `compose-x run <service>`.',
      ),
    ];
  }
  return [
    finding(
      'warning',
      'W_RESTART_POLICY',
      [...at, 'restart'],
      `ECS replaces every task that stops, even with restart policy ${policy}.`,
      'Keep the process running; run a one-off job as an ECS task (aws ecs run-task), not as a service.',
    ),
  ];
}
