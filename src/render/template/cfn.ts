/**
 * The CloudFormation resource types compose-x renders, from cloudform-types. Each module
 * is imported on its own: the package's index loads every AWS service (16 MB).
 */
import acmCertificate from 'cloudform-types/types/certificateManager/certificate.js';
import applicationAutoScalingScalableTarget from 'cloudform-types/types/applicationAutoScaling/scalableTarget.js';
import applicationAutoScalingScalingPolicy from 'cloudform-types/types/applicationAutoScaling/scalingPolicy.js';
import ec2Eip from 'cloudform-types/types/ec2/eip.js';
import ec2InternetGateway from 'cloudform-types/types/ec2/internetGateway.js';
import ec2NatGateway from 'cloudform-types/types/ec2/natGateway.js';
import ec2Route from 'cloudform-types/types/ec2/route.js';
import ec2RouteTable from 'cloudform-types/types/ec2/routeTable.js';
import ec2SecurityGroup from 'cloudform-types/types/ec2/securityGroup.js';
import ec2SecurityGroupIngress from 'cloudform-types/types/ec2/securityGroupIngress.js';
import ec2Subnet from 'cloudform-types/types/ec2/subnet.js';
import ec2SubnetRouteTableAssociation from 'cloudform-types/types/ec2/subnetRouteTableAssociation.js';
import ec2Vpc from 'cloudform-types/types/ec2/vpc.js';
import ec2VpcEndpoint from 'cloudform-types/types/ec2/vpcEndpoint.js';
import ec2VpcGatewayAttachment from 'cloudform-types/types/ec2/vpcGatewayAttachment.js';
import ecsCluster from 'cloudform-types/types/ecs/cluster.js';
import ecsService from 'cloudform-types/types/ecs/service.js';
import ecsTaskDefinition from 'cloudform-types/types/ecs/taskDefinition.js';
import efsAccessPoint from 'cloudform-types/types/efs/accessPoint.js';
import efsFileSystem from 'cloudform-types/types/efs/fileSystem.js';
import efsMountTarget from 'cloudform-types/types/efs/mountTarget.js';
import iamRole from 'cloudform-types/types/iam/role.js';
import logsLogGroup from 'cloudform-types/types/logs/logGroup.js';
import route53RecordSet from 'cloudform-types/types/route53/recordSet.js';

import dataTypes from 'cloudform-types/types/dataTypes.js';

export { GetAtt, GetAZs, Join, Ref, Select, Split } from 'cloudform-types/types/functions.js';
export type { IntrinsicFunction, Value } from 'cloudform-types/types/dataTypes.js';

/** `!Sub 'text'`, or `!Sub ['text', {variables}]` when it has variables of its own (cloudform's Sub always writes the list form). */
export function Sub(text: string, variables?: Record<string, dataTypes.Value<string>>): dataTypes.IntrinsicFunction {
  return new dataTypes.IntrinsicFunction('Fn::Sub', variables ? [text, variables] : text);
}
export type Resource = import('cloudform-types/types/resource.js').default;
export type {
  ContainerDefinition,
  MountPoint,
  PortMapping,
  Secret as ContainerSecret,
  Volume as TaskVolume,
} from 'cloudform-types/types/ecs/taskDefinition.js';
export type { Ingress as SecurityGroupIngressRule } from 'cloudform-types/types/ec2/securityGroup.js';
export type { Policy as IamPolicy } from 'cloudform-types/types/iam/role.js';

export const Certificate = acmCertificate.default;
export const ScalableTarget = applicationAutoScalingScalableTarget.default;
export const ScalingPolicy = applicationAutoScalingScalingPolicy.default;
export const Eip = ec2Eip.default;
export const InternetGateway = ec2InternetGateway.default;
export const NatGateway = ec2NatGateway.default;
export const Route = ec2Route.default;
export const RouteTable = ec2RouteTable.default;
export const SecurityGroup = ec2SecurityGroup.default;
export const SecurityGroupIngress = ec2SecurityGroupIngress.default;
export const Subnet = ec2Subnet.default;
export const SubnetRouteTableAssociation = ec2SubnetRouteTableAssociation.default;
export const Vpc = ec2Vpc.default;
export const VpcEndpoint = ec2VpcEndpoint.default;
export const VpcGatewayAttachment = ec2VpcGatewayAttachment.default;
export const Cluster = ecsCluster.default;
export const EcsService = ecsService.default;
export const TaskDefinition = ecsTaskDefinition.default;
export const AccessPoint = efsAccessPoint.default;
export const FileSystem = efsFileSystem.default;
export const MountTarget = efsMountTarget.default;
export const Role = iamRole.default;
export const LogGroup = logsLogGroup.default;
export const RecordSet = route53RecordSet.default;
