import path from 'node:path';
import type { EcsRule } from '../../src/render/ecs-rules/index.js';

/** One example render that breaks an ECS rule because of a renderer defect fixed on another branch. */
export interface KnownEcsRuleDefect {
  /** The compose file, relative to the repository. */
  file: string;
  /** Which render: as written, or translated with `--mesh serviceconnect`. */
  render: 'as-written' | 'serviceconnect';
  rule: EcsRule;
  defect: string;
}

/**
 * TEMPORARY (issue 15): the examples whose render breaks an ECS rule until the sibling fixes
 * land. The render helpers let these findings through and nothing else; the golden test
 * fails for an entry whose render no longer breaks its rule, so each entry is removed as its
 * fix is merged, and then this list with it.
 */
export const KNOWN_ECS_RULE_DEFECTS: readonly KnownEcsRuleDefect[] = [
  {
    file: 'examples/appmesh-blue-green/docker-compose.yml',
    render: 'as-written',
    rule: 'privileged-port',
    defect: 'the App Mesh gateway Envoy runs as user 1337 and listens on port 80 (src/render/app-mesh/)',
  },
];

/** The rules a render of `file` is known to break until its fix lands. */
export function knownDefects(file: string, render: KnownEcsRuleDefect['render']): EcsRule[] {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return KNOWN_ECS_RULE_DEFECTS.filter((d) => d.file === relative && d.render === render).map((d) => d.rule);
}
