/**
 * Template upload: every template body goes to S3 under a key derived from its content, so an
 * unchanged template is never uploaded twice and the root can name its nested templates before
 * they are uploaded. The bucket must be the account's own (proven before anything is put in
 * it, and named as the expected owner of every call), and an object found at a key is used
 * only when its checksum is that of the body: a planted template is never deployed.
 */
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
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
export interface BucketLocation {
  client: S3Client;
  bucket: string;
  region: string;
  /** The account of the credentials: the owner the bucket must have. */
  account: string;
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

function notYours(bucket: string, why: string, cause?: unknown): ComposeXError {
  return new ComposeXError(
    'E_BUCKET_NOT_YOURS',
    `the template bucket ${bucket} exists but is not yours to use: ${why}. compose-x never uploads a template into a bucket of another account. ` +
      'Pass --bucket with a bucket of this account.',
    cause === undefined ? undefined : { cause },
  );
}

/** The SHA-256 of a body as S3 reports an object's checksum (base64). */
function checksumOf(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64');
}

/**
 * Whether the bucket exists, proven to be the account's own: S3 refuses every call that says
 * `ExpectedBucketOwner` for a bucket of another account (403), and the bucket must be among
 * the account's own buckets where the credentials may list them (ListBuckets), which also
 * holds where an S3 emulator ignores ExpectedBucketOwner.
 */
async function ownBucketExists(location: BucketLocation): Promise<boolean> {
  const { client, bucket, account } = location;
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: account }));
  } catch (error) {
    if (isNotFound(error)) return false;
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 403) {
      throw notYours(bucket, 'S3 answered 403 (another AWS account owns it, or its policy denies you)', error);
    }
    throw error;
  }
  let own: (string | undefined)[] | undefined;
  try {
    own = (await client.send(new ListBucketsCommand({ Prefix: bucket }))).Buckets?.map((b) => b.Name) ?? [];
  } catch (error) {
    if (!(error instanceof S3ServiceException && error.$metadata.httpStatusCode === 403)) throw error;
  }
  if (own !== undefined && !own.includes(bucket)) throw notYours(bucket, `it is not among the buckets of account ${account}`);
  return true;
}

/** Denies every request that does not use TLS. */
function tlsOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/** Days a template object is kept: `up` uploads it again when a deployment needs it and it has expired. */
export const TEMPLATE_EXPIRY_DAYS = 30;

/**
 * Creates the private template bucket: SSE-S3 by default, all public access blocked, ACLs
 * disabled, requests without TLS denied (unless the endpoint itself is plain HTTP, an
 * emulator), template objects expired after TEMPLATE_EXPIRY_DAYS.
 * A name another account took first is refused.
 */
async function createBucket(location: BucketLocation): Promise<void> {
  const { client, bucket, region, account } = location;
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ObjectOwnership: 'BucketOwnerEnforced',
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  } catch (error) {
    if (error instanceof S3ServiceException && error.name === 'BucketAlreadyExists') throw notYours(bucket, 'another AWS account created it', error);
    throw error;
  }
  const owned = { Bucket: bucket, ExpectedBucketOwner: account };
  await client.send(
    new PutBucketEncryptionCommand({
      ...owned,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }),
  );
  await client.send(
    new PutPublicAccessBlockCommand({
      ...owned,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }),
  );
  // An emulator answering plain HTTP would be locked out of its own bucket by the policy; AWS is only reached over TLS.
  if (!location.endpoint?.startsWith('http://')) await client.send(new PutBucketPolicyCommand({ ...owned, Policy: tlsOnlyPolicy(bucket) }));
  await client.send(
    new PutBucketLifecycleConfigurationCommand({
      ...owned,
      LifecycleConfiguration: {
        Rules: [{ ID: 'expire-compose-x-templates', Status: 'Enabled', Filter: { Prefix: 'compose-x/' }, Expiration: { Days: TEMPLATE_EXPIRY_DAYS } }],
      },
    }),
  );
}

/** The account of the credentials (every S3 call names it as the bucket's expected owner). */
async function callerAccount(target: AwsTarget): Promise<string> {
  const { Account: account } = await sts(target).send(new GetCallerIdentityCommand({}));
  if (!account) throw new ComposeXError('E_DEPLOY_ACCOUNT', 'STS GetCallerIdentity returned no account id, so the owner of the template bucket cannot be checked.');
  return account;
}

/**
 * Puts `body` at `key` unless an object there already has its content (its SHA-256
 * checksum); an object with other content, or none that can be checked, is replaced.
 * Returns whether the object found was used.
 */
export async function putContent(location: BucketLocation, key: string, body: string | Uint8Array, contentType: string): Promise<boolean> {
  const { client, bucket, account } = location;
  const checksum = checksumOf(body);
  let found: string | undefined;
  try {
    found = (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ExpectedBucketOwner: account, ChecksumMode: 'ENABLED' }))).ChecksumSHA256;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (found === checksum) return true;
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, ChecksumSHA256: checksum, ExpectedBucketOwner: account }));
  return false;
}

/** Puts one template under its content key; returns its URL. */
async function uploadTemplate(location: BucketLocation, stack: string, body: string, io: DeployIo): Promise<string> {
  const key = templateKey(stack, body);
  const reused = await putContent(location, key, body, key.endsWith('.json') ? 'application/json' : 'application/yaml');
  const url = objectUrl(location, key);
  io.emit({ kind: 'uploaded', url, reused });
  return url;
}

/**
 * The deployment bucket: `bucket`, or `compose-x-<account id>-<region>`, created (encrypted,
 * private, TLS only, templates expiring) on first use. A bucket of another account is refused
 * (E_BUCKET_NOT_YOURS), a `bucket` that does not exist too (E_BUCKET_MISSING).
 */
export async function deploymentBucket(target: AwsTarget, bucket: string | undefined): Promise<BucketLocation> {
  const client = s3(target);
  const region = await client.config.region();
  const account = await callerAccount(target);
  const location: BucketLocation = { client, region, account, endpoint: target.endpoint, bucket: bucket ?? `compose-x-${account}-${region}` };
  if (!(await ownBucketExists(location))) {
    if (bucket !== undefined) {
      throw new ComposeXError('E_BUCKET_MISSING', `the template bucket ${bucket} given with --bucket does not exist. Create it in this account, or leave --bucket out to use compose-x's own.`);
    }
    await createBucket(location);
  }
  return location;
}

/**
 * Uploads the nested templates (in file-name order), then the root, each under
 * `templateKey(stackName, body)`, emitting `uploaded` for each, to the deployment bucket.
 * Returns the URL of the root template, for CreateChangeSet's TemplateURL, and the bucket.
 */
export async function uploadTemplates(
  target: AwsTarget,
  templates: DeployTemplates,
  bucket: string | undefined,
  io: DeployIo,
): Promise<{ templateUrl: string; bucket: string }> {
  const location = await deploymentBucket(target, bucket);
  const nested = Object.entries(templates.nested ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [, body] of nested) await uploadTemplate(location, templates.stackName, body, io);
  return { templateUrl: await uploadTemplate(location, templates.stackName, templates.body, io), bucket: location.bucket };
}
