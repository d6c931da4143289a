import type { Service } from '@aws-sdk/client-ecs';

/**
 * The compose service a deployed ECS service runs: its `compose-x:service` tag (every service
 * compose-x renders has one), else its logical ID without the `Service` suffix.
 */
export function composeServiceOf(service: Pick<Service, 'tags'>, logicalId: string): string;
export function composeServiceOf(service: Pick<Service, 'tags'>, logicalId: string | undefined): string | undefined;
export function composeServiceOf(service: Pick<Service, 'tags'>, logicalId: string | undefined): string | undefined {
  return service.tags?.find((tag) => tag.key === 'compose-x:service')?.value ?? logicalId?.replace(/Service$/, '');
}
