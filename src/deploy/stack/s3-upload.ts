/**
 * Template upload: every template body goes to S3 under a key derived from its content, so an
 * unchanged template is never uploaded twice and the root can name its nested templates before
 * they are uploaded.
 */
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3ServiceException,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ComposeXError } from '../../parser/diagnostics.js';
import { s3, sts } from '../clients.js';
import { templateKey } from '../../render/template/template-key.js';
import type { AwsTarget, DeployIo, DeployTemplates } from '../types.js';

/** A bucket and how its objects are addressed. */
interface BucketLocation {
  client: S3Client;
  bucket: string;
  region: string;
  /** The emulator's endpoint: objects are addressed path-style under it. */
  endpoint: string | undefined;
}

/**
 * An emulator's endpoint as its CloudFormation reads template URLs: emulators (moto,
 * LocalStack) recognise their own path-style URLs by the host name `localhost`, not by a
 * loopback address.
 */
function emulatorBase(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost';
  return url.toString().replace(/\/+$/, '');
}

/** The HTTPS URL CloudFormation reads an object from: virtual-hosted, or path-style under an emulator's endpoint. */
function objectUrl(location: BucketLocation, key: string): string {
  if (location.endpoint) return `${emulatorBase(location.endpoint)}/${location.bucket}/${key}`;
  const suffix = location.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${location.bucket}.s3.${location.region}.${suffix}/${key}`;
}

/** True for the 404 of HeadObject and HeadBucket. */
function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === 'NotFound' || error.$metadata.httpStatusCode === 404);
}

/** Whether a Head* call finds its object (false on 404; other errors are thrown). */
async function exists(head: () => Promise<unknown>): Promise<boolean> {
  try {
    await head();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Creates a private bucket: SSE-S3 by default, all public access blocked, ACLs disabled. */
async function createBucket(client: S3Client, bucket: string, region: string): Promise<void> {
  await client.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ObjectOwnership: 'BucketOwnerEnforced',
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  );
  await client.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }),
  );
  await client.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }),
  );
}

/**
 * Whether the bucket exists (false on 404); a 403 means it exists and is not this account's
 * to use, which is said, never worked around.
 */
async function bucketExists(client: S3Client, bucket: string): Promise<boolean> {
  try {
    return await exists(() => client.send(new HeadBucketCommand({ Bucket: bucket })));
  } catch (error) {
    if (!(error instanceof S3ServiceException && error.$metadata.httpStatusCode === 403)) throw error;
    throw new ComposeXError(
      'E_BUCKET_NOT_YOURS',
      `the template bucket ${bucket} exists but is not yours to use: S3 answered 403 (another AWS account owns it, or its policy denies you). ` +
        'Pass --bucket with a bucket of this account.',
      { cause: error },
    );
  }
}

/** `compose-x-<account id>-<region>`, created on first use. */
async function defaultBucket(target: AwsTarget, client: S3Client, region: string): Promise<string> {
  const { Account: account } = await sts(target).send(new GetCallerIdentityCommand({}));
  if (!account) throw new ComposeXError('E_DEPLOY_ACCOUNT', 'STS GetCallerIdentity returned no account id, so the default template bucket cannot be named; pass a bucket.');
  const bucket = `compose-x-${account}-${region}`;
  if (!(await bucketExists(client, bucket))) await createBucket(client, bucket, region);
  return bucket;
}

/** Puts one template under its content key unless it is there already; returns its URL. */
async function uploadTemplate(location: BucketLocation, stack: string, body: string, io: DeployIo): Promise<string> {
  const { client, bucket } = location;
  const key = templateKey(stack, body);
  const reused = await exists(() => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
  if (!reused) {
    const contentType = key.endsWith('.json') ? 'application/json' : 'application/yaml';
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  }
  const url = objectUrl(location, key);
  io.emit({ kind: 'uploaded', url, reused });
  return url;
}

/**
 * Uploads the nested templates (in file-name order), then the root, each under
 * `templateKey(stackName, body)`, emitting `uploaded` for each. Without `bucket`, uses
 * `compose-x-<account id>-<region>`, creating it (encrypted, private) on first use.
 * Returns the URL of the root template, for CreateChangeSet's TemplateURL, and the bucket.
 */
export async function uploadTemplates(
  target: AwsTarget,
  templates: DeployTemplates,
  bucket: string | undefined,
  io: DeployIo,
): Promise<{ templateUrl: string; bucket: string }> {
  const client = s3(target);
  const region = await client.config.region();
  const location: BucketLocation = { client, region, endpoint: target.endpoint, bucket: bucket ?? (await defaultBucket(target, client, region)) };
  const nested = Object.entries(templates.nested ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [, body] of nested) await uploadTemplate(location, templates.stackName, body, io);
  return { templateUrl: await uploadTemplate(location, templates.stackName, templates.body, io), bucket: location.bucket };
}
