import get from 'lodash/get.js';
import isEqual from 'lodash/isEqual.js';
import type { TreePath } from '../parser/diagnostics.js';
import { finding, presenceCode, type Severity, type SupportFinding } from './finding.js';
import { isSet } from './is-set.js';

/** A setting under a key (e.g. deploy.placement) that is not honoured, unless set to `honoured`. */
export interface SubKeyRule {
  path: readonly string[];
  severity: Severity;
  ecs: string;
  instead: string;
  honoured?: unknown;
}

/** A finding for each rule whose setting is set under `root` (found at `at`), other than to its honoured value. */
export function subKeyFindings(root: unknown, at: TreePath, rules: readonly SubKeyRule[]): SupportFinding[] {
  return rules.flatMap((rule) => {
    const value: unknown = get(root, rule.path);
    if (!isSet(value) || isEqual(value, rule.honoured)) return [];
    const path = [...at, ...rule.path];
    return [finding(rule.severity, presenceCode(rule.severity), path, rule.ecs, rule.instead)];
  });
}
