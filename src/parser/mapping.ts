import isPlainObject from 'lodash/isPlainObject.js';

const objectToString = Object.prototype.toString;

/** A YAML mapping as plain data: an object that is neither an array nor a class instance. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  // The common case, what isPlainObject decides for an object of this realm, without its walk.
  if (Object.getPrototypeOf(value) === Object.prototype && !(Symbol.toStringTag in value)) {
    return objectToString.call(value) === '[object Object]';
  }
  return isPlainObject(value);
}
