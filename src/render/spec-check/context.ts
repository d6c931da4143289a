import type { Resource, SpecDatabase } from '@aws-cdk/service-spec-types';
import { isObject, type JsonObject } from '../template/json-object.js';
import { resourceSpec } from './spec-database.js';

/** What the checks need to know about one resource. */
export interface ResourceInfo {
  readonly type: string;
  /** The specification of the type; undefined for custom resources and unknown types. */
  readonly spec: Resource | undefined;
  readonly custom: boolean;
}

/** The names a template defines, and the specification database. */
export interface Context {
  readonly db: SpecDatabase;
  readonly resources: ReadonlyMap<string, ResourceInfo>;
  readonly parameters: ReadonlySet<string>;
  readonly conditions: ReadonlySet<string>;
  readonly mappings: ReadonlySet<string>;
  readonly problems: string[];
}

function isCustomType(type: string): boolean {
  return type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::');
}

/** The type of each resource of the Resources section ('' when it has none), and its specification. */
export function resourceInfos(db: SpecDatabase, resources: JsonObject): Map<string, ResourceInfo> {
  const infos = new Map<string, ResourceInfo>();
  for (const [id, declaration] of Object.entries(resources)) {
    const type = isObject(declaration) && typeof declaration.Type === 'string' ? declaration.Type : '';
    const custom = isCustomType(type);
    infos.set(id, { type, custom, spec: custom ? undefined : resourceSpec(db, type) });
  }
  return infos;
}
