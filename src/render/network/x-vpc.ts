/**
 * `x-vpc` read into the choice it makes: an existing VPC (VpcId, Subnets, AssignPublicIp), or
 * a VPC compose-x makes, with its tasks in public subnets (the default) or in private subnets
 * behind NAT gateways, with optional VPC endpoints (PrivateSubnets, NatGateways, Endpoints).
 * The schema (schemas/x-vpc.json) has checked each value; the keys that do not go together are
 * errors here, at the key that does not fit. Each -f file may set a part of x-vpc, so these
 * rules hold for the merged project, not for each file.
 */
import { ParseError } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Project } from '../../parser/model.js';
import type { RenderContext } from '../context.js';
import { composeXVpc, dockerVpc, isComposeXVpc } from './imported-vpc.js';
import { ENDPOINT_NAMES, type EndpointName, type VpcChoice } from './vpc-choice.js';

export { ENDPOINT_NAMES, type EndpointName, type VpcChoice } from './vpc-choice.js';

interface XVpc {
  VpcId?: string;
  Subnets?: string[];
  AssignPublicIp?: boolean;
  PrivateSubnets?: boolean;
  NatGateways?: 1 | 'per-az';
  Endpoints?: boolean | EndpointName[];
}

/** What an existing VPC needs, and what each key is for. */
const XVPC_REQUIRED = [
  { key: 'VpcId', what: 'the VPC its security groups are made in', example: 'VpcId: vpc-0abc1234' },
  { key: 'Subnets', what: 'the subnets its tasks run in', example: 'Subnets: [subnet-0abc1234, subnet-0def5678]' },
] as const;

/** The keys of the VPC compose-x makes. */
const NEW_VPC_KEYS = ['PrivateSubnets', 'NatGateways', 'Endpoints'] as const;

export function readXVpc(ctx: RenderContext): VpcChoice {
  const raw = ctx.project.extensions['x-vpc'];
  if (isComposeXVpc(raw)) return composeXVpc(ctx, raw);
  const docker = ctx.project.extensions['x-aws-vpc'];
  if (!isMapping(raw)) return typeof docker === 'string' ? dockerVpc(ctx, docker) : { kind: 'public' };
  const xVpc = raw as XVpc;
  const newKeys = NEW_VPC_KEYS.filter((key) => xVpc[key] !== undefined);
  if (xVpc.VpcId !== undefined || xVpc.Subnets !== undefined || newKeys.length === 0) return existingVpc(ctx, xVpc, newKeys);
  const error = (key: string, message: string, hint: string): ParseError =>
    new ParseError('E_XVPC_CONFLICT', message, { path: ['x-vpc', key], position: ctx.locate(['x-vpc', key]), hint });
  if (xVpc.PrivateSubnets !== true) {
    const key = newKeys.find((k) => k !== 'PrivateSubnets');
    if (key) throw error(key, `x-vpc.${key} is for private subnets, and x-vpc does not set PrivateSubnets: true.`, `Add PrivateSubnets: true to x-vpc, or remove ${key}.`);
    if (xVpc.AssignPublicIp === false) {
      throw error(
        'AssignPublicIp',
        'tasks in the public subnets of the VPC compose-x makes need a public IP to reach the internet (there is no NAT gateway).',
        'Remove AssignPublicIp, or set PrivateSubnets: true to run the tasks in private subnets behind a NAT gateway.',
      );
    }
    return { kind: 'public' };
  }
  if (xVpc.AssignPublicIp === true) {
    throw error('AssignPublicIp', 'tasks in private subnets get no public IP: they reach the internet through the NAT gateway.', 'Remove AssignPublicIp, or PrivateSubnets for tasks with public IPs in public subnets.');
  }
  const endpoints = endpointsOf(ctx.project, xVpc.Endpoints ?? false);
  if (endpoints.includes('ecr') && !endpoints.includes('s3')) {
    ctx.warn({
      code: 'W_XVPC_ECR_WITHOUT_S3',
      message:
        'x-vpc.Endpoints has ecr without s3: Amazon ECR keeps image layers in S3, so every image pull still goes through the NAT gateway, which charges per GB. ' +
        'Add s3 to Endpoints (a gateway endpoint, free of charge).',
      path: ['x-vpc', 'Endpoints'],
      position: ctx.locate(['x-vpc', 'Endpoints']),
    });
  }
  return { kind: 'private', natGateways: xVpc.NatGateways ?? 1, endpoints };
}

function existingVpc(ctx: RenderContext, xVpc: XVpc, newKeys: readonly string[]): VpcChoice {
  const missing = XVPC_REQUIRED.filter(({ key }) => xVpc[key] === undefined);
  if (missing.length > 0) {
    throw new ParseError(
      'E_XVPC_INCOMPLETE',
      `x-vpc sets no ${missing.map((m) => m.key).join(' and no ')}: an existing VPC needs ${missing.map((m) => m.what).join(', and ')}.`,
      {
        path: ['x-vpc'],
        position: ctx.locate(['x-vpc']),
        hint: `Add ${missing.map((m) => m.example).join(' and ')} to x-vpc (in this file or another -f file), or remove x-vpc to have a new VPC made (PrivateSubnets: true puts its tasks in private subnets).`,
      },
    );
  }
  const [key] = newKeys;
  if (key !== undefined) {
    throw new ParseError('E_XVPC_CONFLICT', `x-vpc.${key} shapes the VPC compose-x makes, and x-vpc names an existing VPC (VpcId, Subnets).`, {
      path: ['x-vpc', key],
      position: ctx.locate(['x-vpc', key]),
      hint: `Remove ${newKeys.join(' and ')} and list the private subnets of your VPC in Subnets (its tasks get no public IP unless AssignPublicIp: true), or remove VpcId and Subnets to have compose-x make the VPC.`,
    });
  }
  return { kind: 'existing', vpcId: xVpc.VpcId ?? '', subnets: xVpc.Subnets ?? [], assignPublicIp: xVpc.AssignPublicIp === true };
}

/**
 * The endpoints to make, in ENDPOINT_NAMES order. `true` names those the tasks use: Amazon ECR
 * and S3 (where ECR keeps image layers), CloudWatch Logs (every container logs there), Secrets
 * Manager and SSM when a secret of a service is kept there.
 */
function endpointsOf(project: Project, endpoints: boolean | EndpointName[]): EndpointName[] {
  if (endpoints === false) return [];
  if (endpoints !== true) return ENDPOINT_NAMES.filter((name) => endpoints.includes(name));
  const arns = Object.values(project.services).flatMap((service) => service.secrets.map((ref) => project.secrets[ref.source]?.name ?? ref.source));
  const uses = (service: string): boolean => arns.some((arn) => arn.includes(`:${service}:`));
  return ENDPOINT_NAMES.filter((name) => (name === 'secretsmanager' || name === 'ssm' ? uses(name) : true));
}
