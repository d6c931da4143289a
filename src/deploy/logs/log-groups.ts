/**
 * The log groups of a deployed project, read from its stack's resources (nested stacks
 * included): one per service, `/compose-x/<project>/<service>` (src/render/service/logs.ts),
 * and one per App Mesh gateway, `/compose-x/<project>/gateway-<name>` (src/render/app-mesh/gateway.ts).
 */
import { paginateListStackResources, type CloudFormationClient } from '@aws-sdk/client-cloudformation';

/** A log group of the stack and what writes to it. */
export interface ProjectLogGroup {
  /** The compose service, or `gateway-<name>` for a gateway's Envoy. */
  service: string;
  logGroup: string;
  /** A gateway's group holds only proxy logs. */
  gateway: boolean;
}

/** The log groups of the stack and of its nested stacks, sorted by service. */
export async function projectLogGroups(client: CloudFormationClient, stackName: string): Promise<ProjectLogGroup[]> {
  const found: ProjectLogGroup[] = [];
  for await (const page of paginateListStackResources({ client }, { StackName: stackName })) {
    for (const { ResourceType: type, LogicalResourceId: logicalId = '', PhysicalResourceId: physicalId } of page.StackResourceSummaries ?? []) {
      if (!physicalId) continue;
      if (type === 'AWS::CloudFormation::Stack') found.push(...(await projectLogGroups(client, physicalId)));
      if (type !== 'AWS::Logs::LogGroup' || !physicalId.startsWith('/compose-x/')) continue;
      const service = physicalId.split('/').pop() ?? '';
      if (service === 'image-builds') continue;
      found.push({ service, logGroup: physicalId, gateway: logicalId.endsWith('GatewayLogGroup') && service.startsWith('gateway-') });
    }
  }
  return found.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}
