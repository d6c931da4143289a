/**
 * Prints a compose override for trying `compose-x up` against moto_server: Service Connect
 * off (moto has no Cloud Map) and x-vpc on moto's default VPC (moto cannot delete a VPC it
 * created through CloudFormation). Reads AWS_ENDPOINT_URL and AWS_REGION like the CLI.
 */
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { ec2 } from '../src/deploy/clients.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const endpoint = process.env['AWS_ENDPOINT_URL'];
const found = await ec2(endpoint ? { endpoint } : {}).send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
const subnets = (found.Subnets ?? []).slice(0, 2);
process.stdout.write(
  `x-serviceconnect: false\nx-vpc:\n  VpcId: ${subnets[0]?.VpcId ?? ''}\n  Subnets: [${subnets.map((s) => s.SubnetId).join(', ')}]\n  AssignPublicIp: true\n`,
);
