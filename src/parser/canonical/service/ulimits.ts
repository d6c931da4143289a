/** A service's `ulimits`: a single number is both the soft and the hard limit. */
import mapValues from 'lodash/mapValues.js';
import type { CanonicalContext } from '../context.js';
import type { TreePath } from '../../diagnostics.js';
import { isMapping } from '../../mapping.js';
import type { Ulimit } from '../../model.js';
import type { Raw } from '../raw-values.js';
import { conform, toInteger, type Shape } from '../scalar-conversions.js';

const ULIMIT_SHAPE: Shape = { soft: 'int', hard: 'int' };

export function ulimitsOf(value: Raw, at: TreePath, context: CanonicalContext): Record<string, Ulimit> {
  return mapValues(value, (limit, name) => {
    if (isMapping(limit)) return conform(limit, [...at, name], ULIMIT_SHAPE, context) as Ulimit;
    const both = toInteger(limit, [...at, name], context);
    return { soft: both, hard: both };
  });
}
