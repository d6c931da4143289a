import { checkOutput } from './check-output.js';
import { checkParameter } from './check-parameter.js';
import { checkResource } from './check-resource.js';
import { resourceInfos, type Context } from './context.js';
import type { JsonObject } from '../template/json-object.js';
import { walkReferences } from './references.js';
import { checkLogicalIds, checkSections, section, TEMPLATE_LIMITS } from './sections.js';
import { loadSpec } from './spec-database.js';

/**
 * Checks a CloudFormation template (the JSON form, with intrinsic functions in long form) against
 * the AWS service specification. Returns one line per problem, each starting with the logical ID
 * and property path (e.g. `Task.Properties.ContainerDefinitions[0].Cpu: expected integer, got
 * string "abc"`); an empty list means no problem was found.
 */
export async function checkTemplate(template: object): Promise<string[]> {
  const db = await loadSpec();
  const root = template as JsonObject;
  const problems: string[] = [];
  checkSections(root, problems);
  const resources = section(root, 'Resources', problems);
  const parameters = section(root, 'Parameters', problems);
  const outputs = section(root, 'Outputs', problems);
  const conditions = section(root, 'Conditions', problems);
  const mappings = section(root, 'Mappings', problems);
  checkLogicalIds('Resources', resources, TEMPLATE_LIMITS.resources, problems);
  checkLogicalIds('Parameters', parameters, TEMPLATE_LIMITS.parameters, problems);
  checkLogicalIds('Outputs', outputs, TEMPLATE_LIMITS.outputs, problems);
  checkLogicalIds('Mappings', mappings, TEMPLATE_LIMITS.mappings, problems);
  const ctx: Context = {
    db,
    resources: resourceInfos(db, resources),
    parameters: new Set(Object.keys(parameters)),
    conditions: new Set(Object.keys(conditions)),
    mappings: new Set(Object.keys(mappings)),
    problems,
  };
  for (const [name, declaration] of Object.entries(parameters)) checkParameter(ctx, name, declaration);
  for (const [name, condition] of Object.entries(conditions)) {
    walkReferences(ctx, condition, `Conditions.${name}`, 'conditions');
  }
  for (const [id, declaration] of Object.entries(resources)) checkResource(ctx, id, declaration);
  for (const [name, declaration] of Object.entries(outputs)) checkOutput(ctx, name, declaration);
  return problems;
}
