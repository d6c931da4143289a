/**
 * How compose-x treats a compose service key:
 * - `rendered`: mapped to CloudFormation;
 * - `partial`: rendered with limits, warned (or refused) in the cases the row names;
 * - `parser`: fully handled by the parser before rendering;
 * - `warning`: not honoured on ECS; rendering goes on without it and warns;
 * - `error`: cannot be honoured and ignoring it would change behaviour; rendering stops.
 */
export type Treatment = 'rendered' | 'partial' | 'parser' | 'warning' | 'error';

/** One compose service key and what it becomes on ECS. */
export interface ComposeKeySupport {
  key: string;
  treatment: Treatment;
  /** What the key becomes on ECS, or why ECS cannot honour it (one or two sentences). */
  ecs: string;
  /** What to do instead, for keys that are not (fully) honoured. */
  instead?: string;
}
