/**
 * The image of a service: there must be one (or a build to make it), and it must be a
 * reference a container runtime can pull, by the grammar of distribution/reference
 * (https://github.com/distribution/reference/blob/main/reference.go), which Docker and ECS use.
 */
import { keyFinding, finding, type SupportFinding } from '../finding.js';
import type { Scope } from '../value-check.js';

const ALPHA_NUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALPHA_NUMERIC}(?:${SEPARATOR}${ALPHA_NUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`);
/** The longest repository name (domain and path) a reference may have. */
const MAX_NAME_LENGTH = 255;

/** Why `image` is not a reference a runtime can pull, or undefined when it is one. */
export function imageReferenceProblem(image: string): string | undefined {
  if (image.trim() === '') return 'it is empty';
  const match = REFERENCE.exec(image);
  if (!match) {
    if (/\s/.test(image)) return 'it contains a space';
    if (image.endsWith(':') || image.endsWith('@')) return 'its tag is missing after the colon (a variable that is not set?)';
    if (/[A-Z]/.test(image.split('/').at(-1) ?? '')) return 'a repository name must be lower case';
    return 'it is not of the form [registry/]repository[:tag][@digest]';
  }
  if ((match[1] ?? '').length > MAX_NAME_LENGTH) return `its name is over ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

/** A service needs an image, or a build to make one; its image must be a valid reference. */
export function checkImage({ service, at }: Scope): SupportFinding[] {
  if (service.image === undefined) {
    if (service.build !== undefined) return [];
    return [
      keyFinding(
        'error',
        'E_NO_IMAGE',
        at,
        `service "${service.name}" has neither image nor build, so there is nothing to run (docker compose refuses it too).`,
        'Set image: to an image in a registry (e.g. nginx:1.27 or an Amazon ECR repository).',
      ),
    ];
  }
  const problem = imageReferenceProblem(service.image);
  if (problem === undefined) return [];
  return [
    finding(
      'error',
      'E_IMAGE_REFERENCE',
      [...at, 'image'],
      `image ${JSON.stringify(service.image)} is not an image reference ECS can pull: ${problem}.`,
      'Write it as [registry/]repository[:tag][@sha256:digest], e.g. nginx:1.27 or 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1; check the variables it uses are set.',
    ),
  ];
}
