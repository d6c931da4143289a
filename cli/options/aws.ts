import { InvalidArgumentError, type Command } from 'commander';
import type { AwsTarget } from '../../src/deploy/types.js';

/** The flags of the commands that talk to AWS. */
export interface AwsFlags {
  region?: string;
  awsProfile?: string;
  endpointUrl?: string;
  requestTimeout?: number;
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a number of seconds above 0.');
  return parsed;
}

/**
 * `--region`, `--aws-profile` and `--endpoint-url` (`--profile` is the compose profile, as on
 * every command); unset, the SDK's own rules apply (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL...).
 */
export function addAwsOptions(command: Command): Command {
  return command
    .option('--region <region>', 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile)')
    .option('--aws-profile <profile>', 'AWS profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE)')
    .option('--endpoint-url <url>', 'CloudFormation-compatible endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL)')
    .option('--request-timeout <seconds>', 'how long to wait for each answer of AWS before the request fails (default: 60)', seconds);
}

/**
 * The flags as a target. AWS_ENDPOINT_URL is read here too, so S3 addresses an emulator's
 * buckets by path; and AWS_DEFAULT_REGION, which the AWS CLI honours after AWS_REGION and
 * the SDK does not read. AWS_PROFILE is left to the SDK, which reads it.
 */
export function awsTarget(flags: AwsFlags): AwsTarget {
  const endpoint = flags.endpointUrl ?? process.env['AWS_ENDPOINT_URL'];
  const region = flags.region ?? (process.env['AWS_REGION'] ? undefined : process.env['AWS_DEFAULT_REGION']);
  return {
    ...(region ? { region } : {}),
    ...(flags.awsProfile ? { profile: flags.awsProfile } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(flags.requestTimeout ? { requestTimeout: flags.requestTimeout * 1000 } : {}),
  };
}
