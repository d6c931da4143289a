import _ from 'lodash';

/** A YAML mapping as plain data: an object that is neither an array nor a class instance. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return _.isPlainObject(value);
}
