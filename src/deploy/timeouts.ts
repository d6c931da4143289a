/** Milliseconds to wait for each answer of AWS, as the AWS CLI does (its --cli-read-timeout); `--request-timeout` changes it. */
export const DEFAULT_REQUEST_TIMEOUT = 60_000;

/** Milliseconds to wait for a connection, at most. */
export const CONNECTION_TIMEOUT = 10_000;
