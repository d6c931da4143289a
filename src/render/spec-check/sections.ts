import { describe } from '../template/describe-value.js';
import { isObject, type JsonObject } from '../template/json-object.js';

/** CloudFormation's template limits. */
export const TEMPLATE_LIMITS = {
  resources: 500,
  parameters: 200,
  outputs: 200,
  mappings: 200,
  logicalIdLength: 255,
} as const;

const SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);
const LOGICAL_ID = /^[A-Za-z0-9]+$/;

/** The named section as an object ({} when absent), reporting a section that is not an object. */
export function section(template: JsonObject, name: string, problems: string[]): JsonObject {
  const value = template[name];
  if (value === undefined) return {};
  if (isObject(value)) return value;
  problems.push(`${name}: expected object, got ${describe(value)}`);
  return {};
}

/** Reports unknown sections and a missing Resources section. */
export function checkSections(template: JsonObject, problems: string[]): void {
  for (const key of Object.keys(template)) {
    if (!SECTIONS.has(key)) problems.push(`${key}: unknown template section`);
  }
  if (template.Resources === undefined) problems.push('Resources: missing required section');
}

/** Reports a section with more entries than its limit, and logical IDs CloudFormation refuses. */
export function checkLogicalIds(sectionName: string, entries: JsonObject, limit: number, problems: string[]): void {
  const count = Object.keys(entries).length;
  if (count > limit) problems.push(`${sectionName}: ${count} entries, more than the limit of ${limit}`);
  for (const id of Object.keys(entries)) {
    if (!LOGICAL_ID.test(id)) problems.push(`${sectionName}.${id}: logical ID is not alphanumeric`);
    if (id.length > TEMPLATE_LIMITS.logicalIdLength) {
      problems.push(`${sectionName}.${id}: logical ID is longer than ${TEMPLATE_LIMITS.logicalIdLength} characters`);
    }
  }
}
