/**
 * `compose-x lookup`: finds in AWS what a project names by tags (ECS ComposeX's `Lookup`) or
 * leaves to AWS (the subnets of Docker's `x-aws-vpc`), one value per stack parameter
 * (src/render/lookup.ts). VPCs and subnets through EC2 DescribeVpcs / DescribeSubnets with tag
 * filters (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html), ECS
 * clusters through ListClusters and DescribeClusters with their tags, Cloud Map namespaces
 * through ListNamespaces by name, Docker's x-aws-loadbalancer through ELBv2 DescribeLoadBalancers. It never writes the file: the CLI does, with what this returns.
 */
import { DescribeSubnetsCommand, DescribeVpcsCommand, type Filter } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ComposeXError } from '../../parser/diagnostics.js';
import type { LookupRequest, LookupTags } from '../../render/lookup.js';
import { ec2, ecs, loadBalancing, serviceDiscovery } from '../clients.js';
import type { AwsTarget } from '../types.js';

export interface LookupResult {
  /** Parameter -> value, for the file. */
  values: Record<string, string>;
}

/** The kinds that go first: a subnet lookup may need the VPC another one finds. */
const ORDER: LookupRequest['kind'][] = ['vpc', 'subnets', 'cluster', 'namespace'];

export async function lookup(target: AwsTarget, requests: readonly LookupRequest[]): Promise<LookupResult> {
  const values: Record<string, string> = {};
  const balancers = new Map<string, Balancer>();
  const sorted = [...requests].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  for (const request of sorted) {
    if (values[request.parameter] !== undefined) continue;
    if (request.kind === 'vpc') values[request.parameter] = await vpcByTags(target, request.tags, request.from);
    else if (request.kind === 'subnets') {
      const vpc = 'id' in request.vpc ? request.vpc.id : values[request.vpc.parameter];
      if (vpc === undefined) throw new ComposeXError('E_LOOKUP_NOT_FOUND', `${request.from}: no VPC was found for its subnets.`);
      values[request.parameter] = (await subnets(target, vpc, request.tags, request.from)).join(',');
    } else if (request.kind === 'cluster') values[request.parameter] = request.name ?? (await clusterByTags(target, request.tags, request.from));
    else if (request.kind === 'namespace') values[request.parameter] = await namespaceByName(target, request.name, request.from);
    else {
      const found = await loadBalancer(target, request.balancer, request.type, request.from, balancers);
      values[request.parameter] = request.field === 'arn' ? found.arn : found.securityGroup;
    }
  }
  return { values };
}

function tagFilters(tags: LookupTags): Filter[] {
  return Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] }));
}

function describe(tags: LookupTags): string {
  const written = Object.entries(tags).map(([k, v]) => `${k}=${v}`);
  return written.length > 0 ? `the tags ${written.join(', ')}` : 'no tag filter';
}

async function vpcByTags(target: AwsTarget, tags: LookupTags, from: string): Promise<string> {
  const found = (await ec2(target).send(new DescribeVpcsCommand({ Filters: tagFilters(tags) }))).Vpcs ?? [];
  const ids = found.flatMap((vpc) => (vpc.VpcId ? [vpc.VpcId] : []));
  if (ids.length !== 1) {
    throw new ComposeXError('E_LOOKUP_NOT_FOUND', `${from}: ${ids.length === 0 ? 'no VPC has' : `${ids.length} VPCs (${ids.join(', ')}) have`} ${describe(tags)}; it must name one.`);
  }
  return ids[0]!;
}

async function subnets(target: AwsTarget, vpcId: string, tags: LookupTags, from: string): Promise<string[]> {
  const filters = [{ Name: 'vpc-id', Values: [vpcId] }, ...tagFilters(tags)];
  const found = (await ec2(target).send(new DescribeSubnetsCommand({ Filters: filters }))).Subnets ?? [];
  const ids = found.flatMap((subnet) => (subnet.SubnetId ? [subnet.SubnetId] : [])).sort();
  if (ids.length === 0) throw new ComposeXError('E_LOOKUP_NOT_FOUND', `${from}: no subnet of ${vpcId} has ${describe(tags)}.`);
  return ids;
}

async function clusterByTags(target: AwsTarget, tags: LookupTags, from: string): Promise<string> {
  const arns = (await ecs(target).send(new ListClustersCommand({}))).clusterArns ?? [];
  const clusters = arns.length === 0 ? [] : ((await ecs(target).send(new DescribeClustersCommand({ clusters: arns, include: ['TAGS'] }))).clusters ?? []);
  const names = clusters
    .filter((cluster) => Object.entries(tags).every(([key, value]) => (cluster.tags ?? []).some((tag) => tag.key === key && tag.value === value)))
    .flatMap((cluster) => (cluster.clusterName ? [cluster.clusterName] : []));
  if (names.length !== 1) {
    throw new ComposeXError('E_LOOKUP_NOT_FOUND', `${from}: ${names.length === 0 ? 'no ECS cluster has' : `${names.length} ECS clusters (${names.join(', ')}) have`} ${describe(tags)}; it must name one.`);
  }
  return names[0]!;
}

/**
 * The ID of the private DNS namespace of that name: ListNamespaces filtered by NAME (EQ) and
 * TYPE DNS_PRIVATE, every page (https://docs.aws.amazon.com/cloud-map/latest/api/API_ListNamespaces.html,
 * https://docs.aws.amazon.com/cloud-map/latest/api/API_NamespaceFilter.html).
 */
async function namespaceByName(target: AwsTarget, name: string, from: string): Promise<string> {
  const { ListNamespacesCommand } = await import('@aws-sdk/client-servicediscovery');
  const client = await serviceDiscovery(target);
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListNamespacesCommand({
        Filters: [
          { Name: 'NAME', Values: [name], Condition: 'EQ' },
          { Name: 'TYPE', Values: ['DNS_PRIVATE'], Condition: 'EQ' },
        ],
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const namespace of page.Namespaces ?? []) if (namespace.Id && namespace.Name === name && namespace.Type === 'DNS_PRIVATE') ids.push(namespace.Id);
    token = page.NextToken;
  } while (token);
  if (ids.length !== 1) {
    throw new ComposeXError(
      'E_LOOKUP_NOT_FOUND',
      `${from}: ${ids.length === 0 ? 'no private DNS namespace is named' : `${ids.length} private DNS namespaces (${ids.join(', ')}) are named`} ${name}; it must name one.`,
    );
  }
  return ids[0]!;
}

interface Balancer {
  arn: string;
  securityGroup: string;
}

/**
 * The load balancer of that ARN or name (DescribeLoadBalancers, once per lookup), which must be
 * of the type its listeners need, and its first security group, which the tasks admit; a
 * Network Load Balancer made without one cannot get one later
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html).
 */
async function loadBalancer(target: AwsTarget, written: string, type: 'application' | 'network', from: string, found: Map<string, Balancer>): Promise<Balancer> {
  const known = found.get(written);
  if (known) return known;
  const { DescribeLoadBalancersCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const client = await loadBalancing(target);
  const byArn = written.startsWith('arn:');
  let balancers: LoadBalancer[];
  try {
    balancers = (await client.send(new DescribeLoadBalancersCommand(byArn ? { LoadBalancerArns: [written] } : { Names: [written] }))).LoadBalancers ?? [];
  } catch (error) {
    if ((error as { name?: string }).name !== 'LoadBalancerNotFoundException') throw error;
    balancers = [];
  }
  const balancer = balancers[0];
  if (!balancer?.LoadBalancerArn) throw new ComposeXError('E_LOOKUP_NOT_FOUND', `${from}: no load balancer is ${byArn ? '' : 'named '}${written}.`);
  if (balancer.Type !== type) {
    throw new ComposeXError('E_LOOKUP_NOT_FOUND', `${from}: ${written} is ${balancer.Type === 'application' ? 'an Application' : balancer.Type === 'network' ? 'a Network' : `a ${balancer.Type}`} Load Balancer, and the published ports need ${type === 'application' ? 'an Application' : 'a Network'} Load Balancer.`);
  }
  const securityGroup = balancer.SecurityGroups?.[0];
  if (securityGroup === undefined) throw new ComposeXError('E_LOOKUP_NOT_FOUND', `${from}: ${written} has no security group for the tasks to admit.`);
  const result = { arn: balancer.LoadBalancerArn, securityGroup };
  found.set(written, result);
  return result;
}
