/**
 * What becomes of each compose service key on Amazon ECS with Fargate, as data (COMPOSE_KEYS),
 * and the check that turns the keys a project sets into errors and warnings, so that nothing
 * the renderer cannot honour is silently dropped.
 */
import type { TreePath } from '../parser/diagnostics.js';
import type { Project, Service } from '../parser/model.js';
import type { ComposeKeySupport } from './compose-key-support.js';
import { COMPOSE_KEYS } from './compose-keys.js';
import { checkCapAdd, checkIpc } from './support-container.js';
import { checkDeploy } from './support-deploy.js';
import { finding, presenceCode, type SupportFinding } from './support-finding.js';
import { isSet } from './support-is-set.js';
import { checkLinks, checkNetworkMode, checkNetworks } from './support-networking.js';
import { checkPorts } from './support-ports.js';
import { checkSecrets } from './support-secrets.js';
import {
  checkBuild,
  checkDependsOn,
  checkHealthcheck,
  checkLogging,
  checkPlatform,
  checkRestart,
} from './support-service.js';
import type { ValueCheck } from './support-value-check.js';
import { checkVolumes } from './support-volumes.js';

export type { ComposeKeySupport, Treatment } from './compose-key-support.js';
export { COMPOSE_KEYS } from './compose-keys.js';
export { composeKeysMarkdown } from './compose-keys-doc.js';
export type { SupportFinding } from './support-finding.js';

/** Keys whose findings depend on their value; they replace the judgement by treatment. */
const VALUE_CHECKS: Readonly<Partial<Record<string, ValueCheck>>> = {
  build: checkBuild,
  cap_add: checkCapAdd,
  depends_on: checkDependsOn,
  deploy: checkDeploy,
  healthcheck: checkHealthcheck,
  ipc: checkIpc,
  links: checkLinks,
  logging: checkLogging,
  network_mode: checkNetworkMode,
  networks: checkNetworks,
  platform: checkPlatform,
  ports: checkPorts,
  restart: checkRestart,
  secrets: checkSecrets,
  volumes: checkVolumes,
};

function presenceFindings(row: ComposeKeySupport, at: TreePath): SupportFinding[] {
  if (row.treatment !== 'warning' && row.treatment !== 'error') return [];
  return [finding(row.treatment, presenceCode(row.treatment), [...at, row.key], row.ecs, row.instead ?? '')];
}

function serviceFindings(project: Project, service: Service): SupportFinding[] {
  const fields: Readonly<Record<string, unknown>> = { ...service.other, ...service };
  const at = ['services', service.name];
  return COMPOSE_KEYS.flatMap((row) => {
    const value = fields[row.key];
    if (!isSet(value, row.key)) return [];
    const check = VALUE_CHECKS[row.key];
    return check ? check({ project, service, at, value }) : presenceFindings(row, at);
  });
}

/**
 * The errors and warnings of every key a service sets that ECS/Fargate cannot honour as
 * written, services in name order and keys in alphabetical order. The clamping of healthcheck
 * durations and stop_grace_period is left to the renderer.
 */
export function checkComposeSupport(project: Project): SupportFinding[] {
  return Object.keys(project.services)
    .sort()
    .flatMap((name) => {
      const service = project.services[name];
      return service ? serviceFindings(project, service) : [];
    });
}
