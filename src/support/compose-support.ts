/**
 * What becomes of each compose service key on Amazon ECS with Fargate, as data (COMPOSE_KEYS),
 * and the check that turns the keys a project sets into errors and warnings, so that nothing
 * the renderer cannot honour is silently dropped.
 */
import { oneOrMany, ParseError, type Position, type TreePath, type Warning } from '../parser/diagnostics.js';
import type { Project, Service } from '../parser/model.js';
import type { ComposeKeySupport } from './keys/key-support.js';
import { COMPOSE_KEYS } from './keys/compose-keys.js';
import { checkCapAdd, checkIpc } from './checks/container.js';
import { checkBuild } from './checks/build.js';
import { checkDependencyCycles } from './checks/dependency-cycles.js';
import { checkDeploy } from './checks/deploy.js';
import { checkEnvFile, checkEnvironment } from './checks/environment.js';
import { checkImage } from './checks/image.js';
import { checkIngressRules } from './checks/ingress-rules.js';
import { checkProjectName, checkServiceName } from './checks/names.js';
import { checkExtensions } from './extensions/extension-check.js';
import { finding, presenceCode, type SupportFinding } from './finding.js';
import { isSet } from './is-set.js';
import { checkLinks, checkNetworkMode, checkNetworks } from './checks/networking.js';
import { noServiceError } from './no-service.js';
import { checkExpose, checkPorts } from './checks/ports.js';
import { checkSecretDefinitions, checkSecrets } from './checks/secrets.js';
import {
  checkDependsOn,
  checkHealthcheck,
  checkLogging,
  checkPlatform,
  checkRestart,
} from './checks/service.js';
import type { ValueCheck } from './value-check.js';
import { checkConfigs, checkTmpfs, checkVolumes } from './checks/volumes.js';

export type { ComposeKeySupport, Treatment } from './keys/key-support.js';
export { COMPOSE_KEYS } from './keys/compose-keys.js';
export { composeKeysMarkdown } from './keys/doc.js';
export { extensionsMarkdown } from './extensions/doc.js';
export type { SupportFinding } from './finding.js';
export { COMPOSEX_EXTENSIONS } from './extensions/composex-extensions.js';

/** Keys whose findings depend on their value; they replace the judgement by treatment. */
const VALUE_CHECKS: Readonly<Partial<Record<string, ValueCheck>>> = {
  build: checkBuild,
  cap_add: checkCapAdd,
  configs: checkConfigs,
  depends_on: checkDependsOn,
  deploy: checkDeploy,
  env_file: checkEnvFile,
  environment: checkEnvironment,
  expose: checkExpose,
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
  tmpfs: checkTmpfs,
  volumes: checkVolumes,
};

function presenceFindings(row: ComposeKeySupport, at: TreePath): SupportFinding[] {
  if (row.treatment !== 'warning' && row.treatment !== 'error') return [];
  return [finding(row.treatment, presenceCode(row.treatment), [...at, row.key], row.ecs, row.instead ?? '')];
}

/** Checks of the service as a whole, whichever keys it sets: its name, that it has an image to run, the rules of its security group. */
const SERVICE_CHECKS: readonly ValueCheck[] = [checkServiceName, checkImage, checkIngressRules];

function serviceFindings(project: Project, service: Service): SupportFinding[] {
  const fields: Readonly<Record<string, unknown>> = { ...service.other, ...service };
  const at = ['services', service.name];
  const whole = SERVICE_CHECKS.flatMap((check) => check({ project, service, at, value: service }));
  return whole.concat(
    COMPOSE_KEYS.flatMap((row) => {
      const value = fields[row.key];
      if (!isSet(value, row.key)) return [];
      const check = VALUE_CHECKS[row.key];
      return check ? check({ project, service, at, value }) : presenceFindings(row, at);
    }),
  );
}

/**
 * The errors and warnings of the project's name, of its dependencies (no cycle), of the secrets
 * its services use (their ARNs, their KMS keys), and of every
 * service (its name, its image, the rules of its security group, and every key it sets that
 * ECS/Fargate cannot honour as written), services in name order and keys in alphabetical
 * order. The clamping of healthcheck durations and stop_grace_period is left to the renderer.
 */
export function checkComposeSupport(project: Project): SupportFinding[] {
  return checkProjectName(project).concat(
    checkDependencyCycles(project),
    checkSecretDefinitions(project),
    Object.keys(project.services)
      .sort()
      .flatMap((name) => {
        const service = project.services[name];
        return service ? serviceFindings(project, service) : [];
      }),
  );
}

/**
 * The support stage: a project without a service to run is an error (E_NO_SERVICE); then
 * every key ECS/Fargate cannot honour is thrown, all of them at once as
 * ParseError(s) in the order they were written; the rest of the findings are warnings, the
 * x- keys compose-x does not read first (src/support/extensions/).
 */
export function checkSupport(
  project: Project,
  locate: (path: TreePath, which?: 'key' | 'value') => Position | undefined,
  warn: (warning: Warning) => void,
): void {
  const none = noServiceError(project, locate);
  if (none) throw none;
  const findings = [...checkExtensions(project), ...checkComposeSupport(project)];
  const errors = findings
    .filter((f) => f.severity === 'error')
    .map((f) => new ParseError(f.code, f.message, { path: f.path, position: locate(f.place ?? f.path, f.at), hint: f.hint }))
    .sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0));
  if (errors.length > 0) throw oneOrMany(onceEach(errors));
  for (const f of findings) warn({ code: f.code, message: `${f.message} ${f.hint}`, path: f.path, position: locate(f.place ?? f.path, f.at) });
}

/** Each error once: the ports of a range (one entry each in the model) that are wrong alike are one entry as written. */
function onceEach(errors: readonly ParseError[]): ParseError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const text = `${error.code}\u0000${error.position?.line}:${error.position?.col}\u0000${error.message}`;
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}
