/**
 * VPC endpoints of the private subnets (x-vpc.Endpoints): the AWS APIs the tasks call, reached
 * inside the VPC instead of through the NAT gateway. Interface endpoints sit in the private
 * subnets with private DNS, so the usual names (api.ecr.<region>.amazonaws.com...) resolve to
 * them; their security group admits HTTPS only from the security group of each task (a rule
 * per service, owned by it). S3 is a gateway endpoint on the private route tables: Amazon ECR
 * keeps image layers in S3 (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html).
 */
import { GetAtt, Ref, SecurityGroup, SecurityGroupIngress, Sub, VpcEndpoint } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import { gatewayId } from '../template/logical-ids.js';
import type { EndpointName } from './x-vpc.js';

/** The interface endpoints of each name: logical ID and the service's name after `com.amazonaws.<region>.`. */
const INTERFACE_ENDPOINTS: Readonly<Record<Exclude<EndpointName, 's3'>, readonly { id: string; service: string }[]>> = {
  ecr: [
    { id: 'EcrApiEndpoint', service: 'ecr.api' },
    { id: 'EcrDkrEndpoint', service: 'ecr.dkr' },
  ],
  logs: [{ id: 'LogsEndpoint', service: 'logs' }],
  secretsmanager: [{ id: 'SecretsManagerEndpoint', service: 'secretsmanager' }],
  ssm: [{ id: 'SsmEndpoint', service: 'ssm' }],
};

export const ENDPOINT_SECURITY_GROUP = 'VpcEndpointSecurityGroup';
const HTTPS = 443;

export interface RenderedEndpoints {
  /** The endpoints, which the tasks wait for. */
  endpoints: string[];
  /** By compose service, its rule in the endpoints' security group. */
  serviceRules: Record<string, string[]>;
}

export function renderEndpoints(ctx: RenderContext, names: readonly EndpointName[], subnets: readonly string[], routeTables: readonly string[]): RenderedEndpoints {
  const t = ctx.template;
  const endpoints: string[] = [];
  const interfaces = names.flatMap((name) => (name === 's3' ? [] : INTERFACE_ENDPOINTS[name]));
  const serviceRules: Record<string, string[]> = {};
  if (interfaces.length > 0) {
    t.add(ENDPOINT_SECURITY_GROUP, new SecurityGroup({ GroupDescription: `HTTPS to the VPC endpoints of ${ctx.project.name}, from its tasks`, VpcId: Ref('Vpc') }));
    for (const { id, service } of interfaces) {
      endpoints.push(
        t.add(
          id,
          new VpcEndpoint({
            VpcId: Ref('Vpc'),
            ServiceName: Sub(`com.amazonaws.\${AWS::Region}.${service}`),
            VpcEndpointType: 'Interface',
            PrivateDnsEnabled: true,
            SubnetIds: subnets.map((subnet) => Ref(subnet)),
            SecurityGroupIds: [GetAtt(ENDPOINT_SECURITY_GROUP, 'GroupId')],
          }),
        ),
      );
    }
    for (const service of ctx.graph.services) {
      const id = ctx.serviceIds.of(service);
      serviceRules[service] = [t.owning(service, () => t.add(`${id}VpcEndpointIngress`, httpsFrom(`${id}SecurityGroup`, service)))];
    }
    for (const { name } of Object.values(ctx.plan.appMesh?.gateways ?? {})) {
      const id = `${gatewayId(name)}Gateway`;
      t.owning(`gateway:${name}`, () => t.add(`${id}VpcEndpointIngress`, httpsFrom(`${id}SecurityGroup`, `gateway ${name}`)));
    }
  }
  if (names.includes('s3')) {
    endpoints.push(
      t.add(
        'S3Endpoint',
        new VpcEndpoint({
          VpcId: Ref('Vpc'),
          ServiceName: Sub('com.amazonaws.${AWS::Region}.s3'),
          VpcEndpointType: 'Gateway',
          RouteTableIds: routeTables.map((table) => Ref(table)),
        }),
      ),
    );
  }
  return { endpoints, serviceRules };
}

function httpsFrom(securityGroup: string, who: string): InstanceType<typeof SecurityGroupIngress> {
  return new SecurityGroupIngress({
    GroupId: GetAtt(ENDPOINT_SECURITY_GROUP, 'GroupId'),
    IpProtocol: 'tcp',
    FromPort: HTTPS,
    ToPort: HTTPS,
    SourceSecurityGroupId: GetAtt(securityGroup, 'GroupId'),
    Description: `HTTPS from ${who}`,
  });
}
