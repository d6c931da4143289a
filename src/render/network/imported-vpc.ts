/**
 * The VPC of a project written for another tool: `x-vpc` in ECS ComposeX's form (`Lookup` of an
 * existing VPC and its subnets, or `Properties` of the VPC to make;
 * https://docs.compose-x.io/syntax/compose_x/vpc.html), and Docker's `x-aws-vpc` (an existing VPC
 * by ID, its subnets found in AWS;
 * https://docs.docker.com/cloud/ecs-integration/#use-an-existing-aws-network). What a tag or
 * only AWS names is left to `compose-x lookup` (../lookup.ts); what is not carried is a warning.
 */
import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { RenderContext } from '../context.js';
import { notCarried } from '../composex.js';
import { tagsOf } from '../lookup.js';
import type { EndpointName, VpcChoice } from './vpc-choice.js';

const VPC_ID = /^vpc-[0-9a-zA-Z]+$/;
const VPC_ARN = /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:vpc\/(vpc-[0-9a-zA-Z]+)$/;

/** Whether x-vpc is written in ECS ComposeX's form. */
export function isComposeXVpc(raw: unknown): raw is Record<string, unknown> {
  return isMapping(raw) && (raw['Lookup'] !== undefined || raw['Properties'] !== undefined);
}

/** ECS ComposeX's x-vpc: Lookup (an existing VPC and subnets) wins over Properties (the VPC to make), as in ECS ComposeX. */
export function composeXVpc(ctx: RenderContext, raw: Record<string, unknown>): VpcChoice {
  for (const key of Object.keys(raw).filter((k) => k !== 'Lookup' && k !== 'Properties')) {
    notCarried(ctx, ['x-vpc', key], `x-vpc.${key}`, 'compose-x reads Lookup and Properties of an ECS ComposeX x-vpc');
  }
  const lookup = raw['Lookup'];
  if (isMapping(lookup)) {
    if (raw['Properties'] !== undefined) notCarried(ctx, ['x-vpc', 'Properties'], 'x-vpc.Properties', 'x-vpc.Lookup names an existing VPC, so no VPC is made');
    return lookedUpVpc(ctx, lookup);
  }
  return madeVpc(ctx, isMapping(raw['Properties']) ? raw['Properties'] : {});
}

function lookedUpVpc(ctx: RenderContext, lookup: Record<string, unknown>): VpcChoice {
  const at: TreePath = ['x-vpc', 'Lookup'];
  const missing = ['VpcId', 'AppSubnets'].filter((key) => lookup[key] === undefined);
  if (missing.length > 0) {
    throw new ParseError('E_XVPC_INCOMPLETE', `x-vpc.Lookup sets no ${missing.join(' and no ')}: the services run in the AppSubnets of the VPC of VpcId.`, {
      path: at,
      position: ctx.locate(at),
      hint: `Add ${missing.map((key) => `${key}: {Tags: [{Name: ...}]}`).join(' and ')} to x-vpc.Lookup.`,
    });
  }
  const vpcId = vpcOf(ctx, lookup['VpcId']);
  const vpc = vpcId.literal ? { id: vpcId.literal } : { parameter: 'VpcId' };
  const subnets = (key: string, parameter: string): string[] | undefined => {
    const value = lookup[key];
    if (Array.isArray(value)) return value.map(String);
    const tags = tagsOf(isMapping(value) ? value['Tags'] : undefined);
    const found = ctx.lookups.value({ kind: 'subnets', parameter, from: `x-vpc.Lookup.${key}`, vpc, tags }, [...at, key]);
    return found?.split(',');
  };
  for (const key of Object.keys(lookup).filter((k) => !['VpcId', 'AppSubnets', 'PublicSubnets', 'RoleArn'].includes(k))) {
    notCarried(ctx, [...at, key], `x-vpc.Lookup.${key}`, 'the services and the file systems of the project use the AppSubnets');
  }
  if (lookup['RoleArn'] !== undefined) notCarried(ctx, [...at, 'RoleArn'], 'x-vpc.Lookup.RoleArn', '`compose-x lookup` looks up with the credentials of its AWS flags (--profile)');
  return {
    kind: 'existing',
    vpcId: vpcId.literal ?? vpcId.found,
    subnets: subnets('AppSubnets', 'SubnetIds'),
    ...(lookup['PublicSubnets'] !== undefined ? { publicSubnets: { subnets: subnets('PublicSubnets', 'PublicSubnetIds') } } : {}),
    assignPublicIp: false,
    source: 'x-vpc.Lookup',
  };
}

/** Lookup.VpcId: a VPC ID or ARN as written, or the VPC of its tags, found by `compose-x lookup`. */
function vpcOf(ctx: RenderContext, value: unknown): { literal?: string; found?: string } {
  const at: TreePath = ['x-vpc', 'Lookup', 'VpcId'];
  if (typeof value === 'string') {
    const id = VPC_ID.test(value) ? value : VPC_ARN.exec(value)?.[1];
    if (id === undefined) {
      throw new ParseError('E_XVPC_LOOKUP', `x-vpc.Lookup.VpcId "${value}" is neither a VPC ID nor a VPC ARN.`, {
        path: at,
        position: ctx.locate(at),
        hint: 'Write vpc-0abc1234, arn:aws:ec2:<region>:<account>:vpc/vpc-0abc1234, or Tags: [{Name: <name>}].',
      });
    }
    return { literal: id };
  }
  const tags = tagsOf(isMapping(value) ? value['Tags'] : undefined);
  const found = ctx.lookups.value({ kind: 'vpc', parameter: 'VpcId', from: 'x-vpc.Lookup.VpcId', tags }, at);
  return found === undefined ? {} : { found };
}

/** The ECS ComposeX service names of VPC endpoints compose-x makes, and which of compose-x's they are. */
const ENDPOINTS: Record<string, EndpointName> = { 'ecr.api': 'ecr', 'ecr.dkr': 'ecr', logs: 'logs', s3: 's3', secretsmanager: 'secretsmanager', ssm: 'ssm' };

/**
 * ECS ComposeX makes its tasks' subnets private behind NAT gateways, one per Availability Zone
 * (SingleNat: true, one), or public without NAT (DisableNat: true); its VPC endpoints are those
 * of Endpoints.AwsServices compose-x also makes. compose-x's VPC keeps its own CIDR.
 */
function madeVpc(ctx: RenderContext, properties: Record<string, unknown>): VpcChoice {
  const at: TreePath = ['x-vpc', 'Properties'];
  const carried = ['DisableNat', 'SingleNat', 'Endpoints'];
  for (const key of Object.keys(properties).filter((k) => !carried.includes(k))) {
    notCarried(ctx, [...at, key], `x-vpc.Properties.${key}`, key === 'VpcCidr' ? "compose-x's VPC is 10.0.0.0/16, with /24 subnets" : 'compose-x makes its VPC as docs/composex.md says');
  }
  if (properties['DisableNat'] === true) return { kind: 'public' };
  const services = isMapping(properties['Endpoints']) && Array.isArray(properties['Endpoints']['AwsServices']) ? properties['Endpoints']['AwsServices'] : [];
  const endpoints = new Set<EndpointName>();
  services.forEach((item, i) => {
    const name = isMapping(item) ? String(item['service']) : String(item);
    const ours = ENDPOINTS[name];
    if (ours) endpoints.add(ours);
    else notCarried(ctx, [...at, 'Endpoints', 'AwsServices', i], `the VPC endpoint ${name}`, `compose-x makes the endpoints of ${Object.keys(ENDPOINTS).join(', ')}`);
  });
  return { kind: 'private', natGateways: properties['SingleNat'] === true ? 1 : 'per-az', endpoints: [...endpoints].sort() };
}

/**
 * Docker's x-aws-vpc: the services run in the subnets of that VPC, which `compose-x lookup`
 * lists (as Docker's ECS integration does: every subnet of the VPC), with public IPs, as Docker
 * gave its tasks.
 */
export function dockerVpc(ctx: RenderContext, vpcId: string): VpcChoice {
  const subnets = ctx.lookups.value({ kind: 'subnets', parameter: 'SubnetIds', from: 'x-aws-vpc', vpc: { id: vpcId }, tags: {} }, ['x-aws-vpc']);
  return { kind: 'existing', vpcId, subnets: subnets?.split(','), assignPublicIp: true, source: 'x-aws-vpc' };
}
