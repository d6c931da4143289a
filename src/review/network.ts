/**
 * What the review shows of the VPC when the tasks run in private subnets (x-vpc.PrivateSubnets):
 * their subnets, the NAT gateways they reach the internet through, and the VPC endpoints, read
 * from the template.
 */
type Json = Record<string, unknown>;

export interface ReviewNetwork {
  /** The logical IDs of the subnets of the tasks. */
  subnets: string[];
  natGateways: string[];
  /** `ecr.api (interface)`, `s3 (gateway)`... */
  endpoints: string[];
}

const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The private network of the tasks, or undefined when they are not behind a NAT gateway compose-x made. */
export function networkOf(resources: Record<string, Json>): ReviewNetwork | undefined {
  const ids = (type: string): string[] => Object.keys(resources).filter((id) => resources[id]?.['Type'] === type).sort();
  const natGateways = ids('AWS::EC2::NatGateway');
  if (natGateways.length === 0) return undefined;
  const service = ids('AWS::ECS::Service').map((id) => obj(obj(obj(resources[id]?.['Properties'])['NetworkConfiguration'])['AwsvpcConfiguration']))[0] ?? {};
  const endpoints = ids('AWS::EC2::VPCEndpoint').map((id) => {
    const properties = obj(resources[id]?.['Properties']);
    const name = String(obj(properties['ServiceName'])['Fn::Sub'] ?? properties['ServiceName']).replace(/^com\.amazonaws\.\$\{AWS::Region\}\./, '');
    return `${name} (${String(properties['VpcEndpointType']).toLowerCase()})`;
  });
  return { subnets: list(service['Subnets']).map((s) => String(obj(s)['Ref'])), natGateways, endpoints };
}
