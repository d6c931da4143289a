/**
 * The properties whose change makes CloudFormation replace a resource, for the resource types
 * compose-x renders (from the AWS resource specification). Task definitions are not listed:
 * any change of one makes a new revision, reported as a restart. Nor are standalone ingress
 * rules: a changed rule is reported as a port closed and a port opened.
 */
export const REPLACING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::AppMesh::GatewayRoute': ['GatewayRouteName', 'MeshName', 'MeshOwner', 'VirtualGatewayName'],
  'AWS::AppMesh::Mesh': ['MeshName'],
  'AWS::AppMesh::Route': ['MeshName', 'MeshOwner', 'RouteName', 'VirtualRouterName'],
  'AWS::AppMesh::VirtualGateway': ['MeshName', 'MeshOwner', 'VirtualGatewayName'],
  'AWS::AppMesh::VirtualNode': ['MeshName', 'MeshOwner', 'VirtualNodeName'],
  'AWS::AppMesh::VirtualRouter': ['MeshName', 'MeshOwner', 'VirtualRouterName'],
  'AWS::AppMesh::VirtualService': ['MeshName', 'MeshOwner', 'VirtualServiceName'],
  'AWS::EC2::Route': ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId', 'RouteTableId'],
  'AWS::EC2::RouteTable': ['VpcId'],
  'AWS::EC2::SecurityGroup': ['GroupDescription', 'GroupName', 'VpcId'],
  'AWS::EC2::Subnet': [
    'AvailabilityZone',
    'AvailabilityZoneId',
    'CidrBlock',
    'Ipv4IpamPoolId',
    'Ipv4NetmaskLength',
    'Ipv6IpamPoolId',
    'Ipv6Native',
    'Ipv6NetmaskLength',
    'OutpostArn',
    'VpcId',
  ],
  'AWS::EC2::SubnetRouteTableAssociation': ['RouteTableId', 'SubnetId'],
  'AWS::EC2::VPC': ['CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength', 'VpcEncryptionControl'],
  'AWS::EC2::VPCGatewayAttachment': ['VpcId'],
  'AWS::ECS::Cluster': ['ClusterName'],
  'AWS::ECS::Service': ['Cluster', 'DeploymentController', 'LaunchType', 'Role', 'SchedulingStrategy', 'ServiceName'],
  'AWS::EFS::AccessPoint': ['ClientToken', 'FileSystemId', 'PosixUser', 'RootDirectory'],
  'AWS::EFS::FileSystem': ['AvailabilityZoneName', 'Encrypted', 'KmsKeyId', 'PerformanceMode'],
  'AWS::EFS::MountTarget': ['FileSystemId', 'IpAddress', 'IpAddressType', 'Ipv6Address', 'SubnetId'],
  'AWS::ElasticLoadBalancingV2::Listener': ['LoadBalancerArn'],
  'AWS::ElasticLoadBalancingV2::ListenerRule': ['ListenerArn'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Name', 'Scheme', 'Type'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['IpAddressType', 'Name', 'Port', 'Protocol', 'ProtocolVersion', 'TargetType', 'VpcId'],
  'AWS::IAM::Role': ['Path', 'RoleName'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::ServiceDiscovery::HttpNamespace': ['Name'],
  'AWS::ServiceDiscovery::Instance': ['InstanceId', 'ServiceId'],
  'AWS::ServiceDiscovery::PrivateDnsNamespace': ['Name', 'Vpc'],
  'AWS::ServiceDiscovery::Service': ['HealthCheckCustomConfig', 'Name', 'NamespaceId', 'Type'],
};
