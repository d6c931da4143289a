import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { Resource, SpecDatabase } from '@aws-cdk/service-spec-types';

let specPromise: Promise<SpecDatabase> | undefined;
const resourceSpecs = new Map<string, Resource | undefined>();

/** The specification database, loaded once per process. */
export function loadSpec(): Promise<SpecDatabase> {
  specPromise ??= loadAwsServiceSpec();
  return specPromise;
}

/** The specification of a resource type (undefined when unknown), looked up once per process. */
export function resourceSpec(db: SpecDatabase, type: string): Resource | undefined {
  if (!resourceSpecs.has(type)) {
    resourceSpecs.set(type, db.lookup('resource', 'cloudFormationType', 'equals', type)[0]);
  }
  return resourceSpecs.get(type);
}
