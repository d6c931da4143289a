import isEmpty from 'lodash/isEmpty.js';
import isPlainObject from 'lodash/isPlainObject.js';

/** Values that mean the same as leaving the key out; `false` does for every other key. */
const IMPLICIT_VALUES: Readonly<Record<string, unknown>> = { attach: true };

/** Whether a key is set to something other than its implicit value (empty collections are not set). */
export function isSet(value: unknown, key = ''): boolean {
  if (value === undefined || value === null) return false;
  if (value === (Object.hasOwn(IMPLICIT_VALUES, key) ? IMPLICIT_VALUES[key] : false)) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return !isEmpty(value);
  return true;
}
