/**
 * The AWS SDK clients of compose-x: nothing else creates one. Each client follows the target
 * (region, profile, endpoint) and retries throttled and transient errors itself, in the SDK's
 * adaptive mode, which also slows its own request rate when AWS throttles.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { S3Client } from '@aws-sdk/client-s3';
import type { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { STSClient } from '@aws-sdk/client-sts';
import { recordAction } from './aws-errors.js';
import { CONNECTION_TIMEOUT, DEFAULT_REQUEST_TIMEOUT } from './timeouts.js';
import type { AwsTarget } from './types.js';

/** Attempts per request, the first included; the adaptive mode waits longer between each. */
const MAX_ATTEMPTS = 10;

interface CommonConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  retryMode?: 'adaptive';
  maxAttempts?: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number; socketTimeout: number; throwOnRequestTimeout: true };
}

/**
 * The target, and compose-x's retry defaults (adaptive, 10 attempts) unless AWS_RETRY_MODE or
 * AWS_MAX_ATTEMPTS say otherwise, as they do for every AWS SDK and the AWS CLI. Every request
 * has a time limit, so an endpoint that accepts a connection and never answers fails.
 */
function commonConfig(target: AwsTarget): CommonConfig {
  const timeout = target.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;
  return {
    requestHandler: { connectionTimeout: Math.min(timeout, CONNECTION_TIMEOUT), requestTimeout: timeout, socketTimeout: timeout, throwOnRequestTimeout: true },
    ...(target.region ? { region: target.region } : {}),
    ...(target.profile ? { profile: target.profile } : {}),
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(process.env['AWS_RETRY_MODE'] ? {} : { retryMode: 'adaptive' }),
    ...(process.env['AWS_MAX_ATTEMPTS'] ? {} : { maxAttempts: MAX_ATTEMPTS }),
  };
}

interface WithMiddleware {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void };
}

/**
 * The client, with each error it finally throws (after its retries) tagged with the IAM
 * action of the request (`cloudformation:CreateChangeSet`), so that a denial names it.
 */
function naming<T extends WithMiddleware>(service: string, client: T): T {
  const tag =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: unknown): Promise<unknown> => {
      try {
        return await next(args);
      } catch (error) {
        recordAction(error, `${service}:${(context.commandName ?? 'request').replace(/Command$/, '')}`);
        throw error;
      }
    };
  client.middlewareStack.add(tag, { step: 'initialize', name: 'composeXActionName' });
  return client;
}

/**
 * One client per target, for the life of the process: the adaptive retry mode keeps its rate
 * limiter in the client, so every poll of one deployment shares it.
 */
function perTarget<T>(create: (target: AwsTarget) => T): (target: AwsTarget) => T {
  const clients = new Map<string, T>();
  return (target) => {
    const key = JSON.stringify([target.region ?? null, target.profile ?? null, target.endpoint ?? null, target.requestTimeout ?? null]);
    let client = clients.get(key);
    if (client === undefined) {
      client = create(target);
      clients.set(key, client);
    }
    return client;
  };
}

const cloudFormationClients = perTarget((target) => naming('cloudformation', new CloudFormationClient(commonConfig(target))));
const s3Clients = perTarget((target) => naming('s3', new S3Client({ ...commonConfig(target), ...(target.endpoint ? { forcePathStyle: true } : {}) })));
const stsClients = perTarget((target) => naming('sts', new STSClient(commonConfig(target))));
const ecsClients = perTarget((target) => naming('ecs', new ECSClient(commonConfig(target))));
const ec2Clients = perTarget((target) => naming('ec2', new EC2Client(commonConfig(target))));
const ecrClients = perTarget((target) => naming('ecr', new ECRClient(commonConfig(target))));
const logsClients = perTarget((target) => naming('logs', new CloudWatchLogsClient(commonConfig(target))));
const codeBuildClients = perTarget((target) => naming('codebuild', new CodeBuildClient(commonConfig(target))));
/** Only `compose-x lookup` needs these two: their SDK modules load on first use, not at start-up. */
const serviceDiscoveryClients = perTarget(async (target) => {
  const { ServiceDiscoveryClient } = await import('@aws-sdk/client-servicediscovery');
  return naming('servicediscovery', new ServiceDiscoveryClient(commonConfig(target)));
});
const loadBalancingClients = perTarget(async (target) => {
  const { ElasticLoadBalancingV2Client } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  return naming('elasticloadbalancing', new ElasticLoadBalancingV2Client(commonConfig(target)));
});

/** The CloudFormation client for a target. */
export function cloudFormation(target: AwsTarget): CloudFormationClient {
  return cloudFormationClients(target);
}

/** The S3 client for a target; with an endpoint (an emulator), buckets are addressed by path. */
export function s3(target: AwsTarget): S3Client {
  return s3Clients(target);
}

/** The STS client for a target (who am I, which account). */
export function sts(target: AwsTarget): STSClient {
  return stsClients(target);
}

/** The ECS client for a target (services and tasks, for `ps`). */
export function ecs(target: AwsTarget): ECSClient {
  return ecsClients(target);
}

/** The EC2 client for a target (network interfaces and public IPs, for `ps`). */
export function ec2(target: AwsTarget): EC2Client {
  return ec2Clients(target);
}

/** The ECR client for a target (the repositories of built images, and the registry login). */
export function ecr(target: AwsTarget): ECRClient {
  return ecrClients(target);
}

/** The CodeBuild client for a target (remote image builds). */
export function codeBuild(target: AwsTarget): CodeBuildClient {
  return codeBuildClients(target);
}

/** The CloudWatch Logs client for a target (the services' logs, for `logs` and `run`). */
export function cloudWatchLogs(target: AwsTarget): CloudWatchLogsClient {
  return logsClients(target);
}

/** The Cloud Map client for a target (a namespace's ID by its name, for `lookup`), its module loaded on first use. */
export function serviceDiscovery(target: AwsTarget): Promise<ServiceDiscoveryClient> {
  return serviceDiscoveryClients(target);
}

/** The ELBv2 client for a target (an existing load balancer's security groups, for `lookup`), its module loaded on first use. */
export function loadBalancing(target: AwsTarget): Promise<ElasticLoadBalancingV2Client> {
  return loadBalancingClients(target);
}
