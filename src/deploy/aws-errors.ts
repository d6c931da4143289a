/**
 * What went wrong with AWS, said in words: an SDK error (or one of its configuration errors)
 * becomes a ComposeXError that names the cause (no region, no or expired credentials, an
 * endpoint that was never reached, the action that was denied or throttled) and what to do.
 * Errors that are not AWS's pass through unchanged.
 */
import { ComposeXError } from '../parser/diagnostics.js';
import { DEFAULT_REQUEST_TIMEOUT } from './timeouts.js';
import type { AwsTarget } from './types.js';

/** The IAM action (`cloudformation:CreateChangeSet`) each failed request was, recorded by the clients. */
const actions = new WeakMap<object, string>();

/** Remembers which action an error came from (called by the clients' middleware). */
export function recordAction(error: unknown, action: string): void {
  if (typeof error === 'object' && error !== null && !actions.has(error)) actions.set(error, action);
}

interface SdkError extends Error {
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** Node's codes for a request that got no answer: never reached, dropped, or too slow. */
const NETWORK_CODES: Readonly<Record<string, 'unreached' | 'dropped' | 'slow'>> = {
  ECONNREFUSED: 'unreached',
  ENOTFOUND: 'unreached',
  EAI_AGAIN: 'unreached',
  EHOSTUNREACH: 'unreached',
  ENETUNREACH: 'unreached',
  ECONNRESET: 'dropped',
  EPIPE: 'dropped',
  ETIMEDOUT: 'slow',
};
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const INVALID_CREDENTIALS = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'AuthFailure']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Forbidden']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException']);

function isSdkError(error: unknown): error is SdkError {
  return error instanceof Error;
}

/** The network failure of a request that never got an answer (the SDK wraps Node's error, sometimes twice). */
function networkFailure(error: SdkError): { code: string; kind: 'unreached' | 'dropped' | 'slow' } | undefined {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as SdkError).code;
    const kind = code === undefined ? undefined : NETWORK_CODES[code];
    if (code && kind) return { code, kind };
    if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return { code: e.name, kind: 'slow' };
  }
  return undefined;
}

const CREDENTIALS_HINT = 'Set AWS_PROFILE (or --aws-profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in (aws sso login).';

/**
 * The error in words, or the error itself when it is not AWS's. `target` says where the
 * requests went (an endpoint that is not AWS's own, an emulator) and how long each could take.
 */
export function explainAwsError(error: unknown, target: Pick<AwsTarget, 'endpoint' | 'requestTimeout'> = {}): unknown {
  if (!isSdkError(error) || error instanceof ComposeXError) return error;
  const action = actions.get(error) ?? 'the request';
  const status = error.$metadata?.httpStatusCode;
  const attempts = error.$metadata?.attempts;
  const said = (code: string, message: string): ComposeXError => new ComposeXError(code, message, { cause: error });
  if (error.message === 'Region is missing') {
    return said('E_AWS_REGION', 'no AWS region is set. Pass --region, or set AWS_REGION or AWS_DEFAULT_REGION, or give the profile a region.');
  }
  if (error.name === 'CredentialsProviderError') {
    return said('E_AWS_CREDENTIALS', `no AWS credentials were found (${error.message}). ${CREDENTIALS_HINT}`);
  }
  const network = status === undefined ? networkFailure(error) : undefined;
  if (network) {
    const where = target.endpoint ?? 'AWS';
    const tries = attempts ? `${attempts} attempts` : 'one attempt';
    const check = `Check the network${target.endpoint ? ' and --endpoint-url (or AWS_ENDPOINT_URL)' : ', the region and any proxy settings'}`;
    if (network.kind === 'slow') {
      const seconds = Math.round((target.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT) / 1000);
      return said('E_AWS_TIMEOUT', `${where} did not answer ${action} within ${seconds} s (${tries}). ${check}, or wait longer with --request-timeout.`);
    }
    const what = network.kind === 'unreached' ? 'was not reached' : 'dropped the connection';
    return said('E_AWS_UNREACHABLE', `${where} ${what} (${network.code} after ${tries}) for ${action}: no answer came back. ${check}.`);
  }
  if (status === undefined) return error;
  if (EXPIRED.has(error.name) || /expired/i.test(error.message)) {
    return said('E_AWS_CREDENTIALS_EXPIRED', `the AWS credentials have expired (AWS answered ${error.name} to ${action}). Refresh them (aws sso login, or new keys) and run again.`);
  }
  if (INVALID_CREDENTIALS.has(error.name)) {
    return said('E_AWS_CREDENTIALS', `AWS does not accept these credentials (${error.name} on ${action}: ${error.message}). ${CREDENTIALS_HINT}`);
  }
  if (DENIED.has(error.name) || status === 403) {
    return said(
      'E_AWS_ACCESS_DENIED',
      `AWS denied ${action}${error.message && error.message !== error.name ? `: ${error.message}` : ''}. The credentials in use need permission for ${action}.`,
    );
  }
  if (THROTTLED.has(error.name)) {
    return said('E_AWS_THROTTLED', `AWS kept throttling ${action}${attempts ? ` after ${attempts} attempts` : ''}. Wait a minute and run again.`);
  }
  return said('E_AWS', `AWS answered ${error.name} to ${action}: ${error.message}`);
}

/**
 * AWS could not be asked any more while an operation compose-x started (a deployment, a
 * deletion) runs: it goes on in AWS, and this says how to follow it.
 */
export function lostContact(stackName: string, started: string, error: unknown, target: AwsTarget): ComposeXError {
  const reason = explainAwsError(error, target);
  return new ComposeXError(
    'E_FOLLOW_LOST',
    `${started} and goes on in AWS, but compose-x can no longer follow it: ${reason instanceof Error ? reason.message : String(reason)} ` +
      `Follow it with \`compose-x ps -p ${stackName}\` or in the CloudFormation console.`,
    { cause: error },
  );
}

/** `fn` with the AWS errors it throws explained (for the deploy layer's entry points). */
export function explained<A extends unknown[], R>(fn: (...args: A) => Promise<R>, targetOf: (...args: A) => AwsTarget): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw explainAwsError(error, targetOf(...args));
    }
  };
}

/** AWS throttled the request (after the client's own retries). */
export function isThrottling(error: unknown): boolean {
  return isSdkError(error) && THROTTLED.has(error.name);
}
