import { isObject } from '../template/json-object.js';

/** Whether functions are read as in resources and outputs, or as in the Conditions section. */
export type Mode = 'template' | 'conditions';

/** The function name when `value` is an intrinsic function call (`{"Ref": ...}`, `{"Fn::X": ...}`). */
export function functionName(value: unknown, mode: Mode): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) return undefined;
  if (key === 'Ref' || key.startsWith('Fn::') || (mode === 'conditions' && key === 'Condition')) return key;
  return undefined;
}
