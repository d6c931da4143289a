/**
 * The POSIX user of a data volume's access point: every file operation through it runs as that
 * user, and its root directory is created owned by it, so the app can write whatever user the
 * container runs as (the task role gets no root access). It is the numeric `user:` of the
 * services that mount the volume, else 999:999, the user of the official postgres, mysql,
 * mariadb, redis and mongo images.
 */
import type { PosixUser } from './types.js';

export const DEFAULT_VOLUME_USER: PosixUser = { uid: '999', gid: '999' };

/** `user:` in numbers (`1000`, `1000:1000`; the group is the user's number when not given); undefined for a name. */
export function numericUser(user: string): PosixUser | undefined {
  const match = /^(\d+)(?::(\d+))?$/.exec(user.trim());
  if (!match?.[1]) return undefined;
  return { uid: match[1], gid: match[2] ?? match[1] };
}

export function userText(user: PosixUser): string {
  return `${user.uid}:${user.gid}`;
}
