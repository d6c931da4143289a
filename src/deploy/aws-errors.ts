/**
 * What went wrong with AWS, said in words: an SDK error (or one of its configuration errors)
 * becomes a ComposeXError that names the cause (no region, no or expired credentials, an
 * endpoint that was never reached, the action that was denied or throttled) and what to do.
 * Errors that are not AWS's pass through unchanged.
 */
import { ComposeXError } from '../parser/diagnostics.js';

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

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const INVALID_CREDENTIALS = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'AuthFailure']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Forbidden']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException']);

function isSdkError(error: unknown): error is SdkError {
  return error instanceof Error;
}

/** The network error code of a request that never got an answer (the SDK wraps Node's error, sometimes twice). */
function networkCode(error: SdkError): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as SdkError).code;
    if (code && NETWORK_CODES.has(code)) return code;
    if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return 'a timeout';
  }
  return undefined;
}

const CREDENTIALS_HINT = 'Set AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in (aws sso login).';

/**
 * The error in words, or the error itself when it is not AWS's. `endpoint` is where the
 * requests went, when it is not AWS's own (an emulator).
 */
export function explainAwsError(error: unknown, endpoint?: string): unknown {
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
  const network = status === undefined ? networkCode(error) : undefined;
  if (network) {
    const where = endpoint ?? 'AWS';
    return said(
      'E_AWS_UNREACHABLE',
      `${where} was not reached (${network}${attempts ? ` after ${attempts} attempts` : ''}) for ${action}: no answer came back. ` +
        `Check the network${endpoint ? ' and --endpoint-url (or AWS_ENDPOINT_URL)' : ', the region and any proxy settings'}.`,
    );
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

/** `fn` with the AWS errors it throws explained (for the deploy layer's entry points). */
export function explained<A extends unknown[], R>(fn: (...args: A) => Promise<R>, endpointOf: (...args: A) => string | undefined): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw explainAwsError(error, endpointOf(...args));
    }
  };
}
