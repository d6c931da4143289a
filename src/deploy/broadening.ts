/**
 * What a change set widens, for the approval of `up`: the templates about to be deployed
 * against the ones the stack was deployed with (GetTemplate, for the root and each nested
 * stack), compared as `diff --rendered` compares two renders.
 */
import { GetTemplateCommand, paginateListStackResources, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { broadening, type Broadening } from '../review/rendered-diff/broadening.js';
import type { DeployTemplates } from './types.js';

const NESTED_STACK = 'AWS::CloudFormation::Stack';

async function templateOf(cf: CloudFormationClient, stack: string): Promise<string> {
  const { TemplateBody } = await cf.send(new GetTemplateCommand({ StackName: stack, TemplateStage: 'Original' }));
  return TemplateBody ?? '{"Resources": {}}';
}

/**
 * The deployed templates named as `render` names them (`<stack>.json`, `<stack>.<nested>.json`
 * for the nested stack `<Nested>Stack`), so that diffRenders reads a split project's
 * references back across its stacks.
 */
async function deployedTemplates(cf: CloudFormationClient, stackId: string, stackName: string): Promise<Record<string, string>> {
  const files: Record<string, string> = { [`${stackName}.json`]: await templateOf(cf, stackId) };
  for await (const page of paginateListStackResources({ client: cf }, { StackName: stackId })) {
    for (const resource of page.StackResourceSummaries ?? []) {
      if (resource.ResourceType !== NESTED_STACK || !resource.PhysicalResourceId || !resource.LogicalResourceId) continue;
      files[`${stackName}.${resource.LogicalResourceId.replace(/Stack$/, '').toLowerCase()}.json`] = await templateOf(cf, resource.PhysicalResourceId);
    }
  }
  return files;
}

/** What deploying `templates` widens; against nothing for a stack being created (`stackId` undefined): all it adds widens. */
export async function changeBroadening(cf: CloudFormationClient, stackId: string | undefined, templates: DeployTemplates): Promise<Broadening> {
  const now = { [`${templates.stackName}.json`]: templates.body, ...(templates.nested ?? {}) };
  return broadening(stackId === undefined ? {} : await deployedTemplates(cf, stackId, templates.stackName), now);
}
