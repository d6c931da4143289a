/**
 * `ls`: the compose-x stacks of the region, as `docker compose ls` lists projects. A stack is
 * compose-x's when its template's description is the one the render writes
 * (`compose-x: the compose project <name> ...`, src/render/index.ts); nested stacks are left
 * out (they are part of their root's project).
 */
import { paginateDescribeStacks, paginateListStacks, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { cloudFormation } from '../clients.js';
import type { AwsTarget } from '../types.js';

const PROJECT_DESCRIPTION = 'compose-x: the compose project ';

/** One compose-x stack. */
export interface StackListing {
  name: string;
  /** CloudFormation's status: CREATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, DELETE_COMPLETE... */
  status: string;
  /** The last update, else the creation (deletion for a deleted stack), ISO 8601. */
  lastUpdate: string;
  /** The compose services (long-running and scheduled), from their log groups' outputs (`/compose-x/<project>/<service>`); none for a deleted stack. */
  services: string[];
}

export interface LsOptions {
  /** Deleted stacks too (DELETE_COMPLETE, which CloudFormation lists for 90 days). */
  all?: boolean;
  /** Only the stacks whose name contains this. */
  name?: string;
}

function servicesOf(outputs: readonly { OutputKey?: string; OutputValue?: string }[]): string[] {
  return outputs
    .filter((o) => o.OutputKey?.endsWith('LogGroupName') && o.OutputValue?.startsWith('/compose-x/'))
    .map((o) => (o.OutputValue ?? '').split('/').pop() ?? '')
    .sort();
}

async function liveStacks(client: CloudFormationClient): Promise<StackListing[]> {
  const found: StackListing[] = [];
  for await (const page of paginateDescribeStacks({ client }, {})) {
    for (const stack of page.Stacks ?? []) {
      if (stack.ParentId || !stack.Description?.startsWith(PROJECT_DESCRIPTION) || !stack.StackName) continue;
      found.push({
        name: stack.StackName,
        status: stack.StackStatus ?? 'UNKNOWN',
        lastUpdate: (stack.LastUpdatedTime ?? stack.CreationTime ?? new Date(0)).toISOString(),
        services: servicesOf(stack.Outputs ?? []),
      });
    }
  }
  return found;
}

async function deletedStacks(client: CloudFormationClient): Promise<StackListing[]> {
  const found: StackListing[] = [];
  for await (const page of paginateListStacks({ client }, { StackStatusFilter: ['DELETE_COMPLETE'] })) {
    for (const stack of page.StackSummaries ?? []) {
      if (stack.ParentId || !stack.TemplateDescription?.startsWith(PROJECT_DESCRIPTION) || !stack.StackName) continue;
      found.push({ name: stack.StackName, status: 'DELETE_COMPLETE', lastUpdate: (stack.DeletionTime ?? stack.CreationTime ?? new Date(0)).toISOString(), services: [] });
    }
  }
  return found;
}

/** The compose-x stacks of the target's region, by name (a deleted one after a live one of its name, the newest first). */
export async function ls(target: AwsTarget, options: LsOptions = {}): Promise<StackListing[]> {
  const client = cloudFormation(target);
  const stacks = [...(await liveStacks(client)), ...(options.all ? await deletedStacks(client) : [])];
  return stacks
    .filter((stack) => options.name === undefined || stack.name.includes(options.name))
    .sort((a, b) => (a.name !== b.name ? (a.name < b.name ? -1 : 1) : Number(a.status === 'DELETE_COMPLETE') - Number(b.status === 'DELETE_COMPLETE') || (a.lastUpdate < b.lastUpdate ? 1 : -1)));
}
