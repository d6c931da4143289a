/**
 * What `config` prints, as `docker compose config` prints it (docker/compose
 * cmd/compose/config.go): the model, or one of its lists. docker compose walks Go maps for
 * --services (after each service's dependencies), --volumes and --images, so its order there
 * is not fixed; compose-x sorts them by name (and keeps --services after the dependencies).
 */
import { compareGoStrings } from '../parser/compose-output/key-order.js';
import { ParseError } from '../parser/diagnostics.js';
import { composeDocumentText, composeText, loadComposeDocument, serviceHash, type LoadOptions } from '../parser/index.js';
import type { Project } from '../parser/model.js';
import { loadCompose } from './compile.js';

export type ConfigFormat = 'yaml' | 'json';

/** The model as text; with `interpolate: false`, the merged files with `${VAR}` as written. */
export function configText(options: LoadOptions, format: ConfigFormat): string {
  if (options.interpolate === false) return composeDocumentText(loadComposeDocument(options).document, format);
  return composeText(loadCompose(options).project, format);
}

/** `--services`: every service after those it depends on, names in order otherwise. */
export function configServices(options: LoadOptions): string[] {
  const { project } = loadCompose(options);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const service = project.services[name];
    if (seen.has(name) || service === undefined) return;
    seen.add(name);
    for (const dependency of Object.keys(service.depends_on).sort(compareGoStrings)) visit(dependency);
    order.push(name);
  };
  for (const name of Object.keys(project.services).sort(compareGoStrings)) visit(name);
  return order;
}

/** `--volumes`: the top-level volumes. */
export function configVolumes(options: LoadOptions): string[] {
  return Object.keys(loadCompose(options).project.volumes).sort(compareGoStrings);
}

/** `--images`: each service's image, or the name docker compose gives the image it builds (`<project>-<service>`). */
export function configImages(options: LoadOptions): string[] {
  const { project } = loadCompose(options);
  return Object.keys(project.services)
    .sort(compareGoStrings)
    .map((name) => project.services[name]?.image ?? `${project.name}-${name}`);
}

/** Every compose profile a service of the project names, those the active profiles leave out included; sorted, once each. */
export function composeProfiles(options: LoadOptions): string[] {
  const { project } = loadCompose(options);
  const named = [...Object.values(project.services).flatMap((s) => s.profiles), ...Object.values(project.disabled_services ?? {}).flat()];
  return [...new Set(named)].sort(compareGoStrings);
}

/** `--hash "*"` or `--hash a,b`: `<service> <hash>` for each, by name. */
export function configHashes(options: LoadOptions, selection: string): string[] {
  const { project } = loadCompose(options);
  const names = selection === '*' ? Object.keys(project.services) : selection.split(',');
  return [...names].sort(compareGoStrings).map((name) => `${name} ${serviceHash(serviceNamed(project, name))}`);
}

function serviceNamed(project: Project, name: string): Project['services'][string] {
  const service = project.services[name];
  if (service) return service;
  const disabled = project.disabled_services?.[name];
  throw new ParseError('E_NO_SUCH_SERVICE', `--hash ${name}: ${disabled ? `the service ${name} is left out by its profiles (${disabled.join(', ')})` : `the project has no service ${name}`}.`, {
    hint: disabled ? `Enable it with --profile ${disabled[0] ?? '*'}.` : `Its services: ${Object.keys(project.services).sort(compareGoStrings).join(', ')}.`,
  });
}
