import { extensionKeys, readSchemas } from '../../parser/schemas.js';
import { COMPOSEX_EXTENSIONS } from './composex-extensions.js';

interface SchemaNode {
  $ref?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  definitions?: Record<string, SchemaNode>;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function keys(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
}

/** The schema of an x- key compose-x reads (`x-ingress.json#/definitions/service`), and its description (its own, else its file's). */
function schemaOf(ref: string): { node: SchemaNode; description: string } {
  const [file = '', pointer = ''] = ref.split('#');
  const root = (readSchemas().get(file) ?? {}) as SchemaNode;
  const node = pointer
    .split('/')
    .filter((part) => part !== '')
    .reduce<SchemaNode>((at, part) => ((at as Record<string, unknown>)[part] ?? {}) as SchemaNode, root);
  const description = (root.description ?? '').replace(/ ?Top level: definitions\/project; per service: definitions\/service\./, '');
  const resolved = node.$ref?.startsWith('#') ? schemaOf(`${file}${node.$ref}`).node : node;
  return { node: resolved, description: resolved.description ?? description };
}

/** One row per x- key compose-x reads, with where it goes, what it is for and the settings it takes. */
function readRows(): string[] {
  const spec = (readSchemas().get('compose-spec.json') ?? {}) as SchemaNode;
  const levels: [string, Record<string, SchemaNode>][] = [
    ['top level', spec.properties ?? {}],
    ['service', spec.definitions?.['service']?.properties ?? {}],
  ];
  return levels.flatMap(([where, properties]) =>
    Object.entries(properties)
      .filter(([key, value]) => key.startsWith('x-') && value.$ref !== undefined)
      .map(([key, value]) => {
        const { node, description } = schemaOf(value.$ref ?? '');
        return `| \`${key}\` | ${where} | ${cell(description)} | ${keys(Object.keys(node.properties ?? {})) || 'none'} |`;
      }),
  );
}

/** docs/extensions.md: the x- keys compose-x reads, its warnings about the others, and the table of ECS ComposeX extensions. */
export function extensionsMarkdown(): string {
  const read = extensionKeys();
  const rows = COMPOSEX_EXTENSIONS.map(
    (e) => `| \`${e.key}\` | ${e.level === 'project' ? 'top level' : 'service'} | ${cell(e.would)} | ${cell(e.without)} | ${cell(e.instead)} |`,
  );
  return [
    '# x- extensions',
    '',
    `compose-x reads these \`x-\` keys (their schemas are in \`schemas/\`): at the top level ${keys(read.project)}; ` +
      `on a service ${keys(read.service)}; on a top-level secret ${keys(read.secret)}. Any other \`x-\` key is the user's (YAML anchors, notes): it is kept, ` +
      'printed back by `config`, and not rendered. The support stage warns about two kinds of them:',
    '',
    '- `W_EXTENSION_TYPO`: an `x-` key one edit away from a key compose-x reads at the same level (a letter ' +
      'added, removed or changed, two neighbours swapped, or another case), e.g. `x-vcp`: "Did you mean x-vpc?".',
    '- `W_COMPOSEX_EXTENSION`: an extension of [ECS ComposeX](https://docs.compose-x.io) that compose-x does not ' +
      'read; the warning says what ECS ComposeX would do with it and what is missing without it. They are in the last table below.',
    '',
    '## The keys compose-x reads',
    '',
    'Each is described in its schema (`schemas/<key>.json`) and in the README; an unknown setting is an error at its line.',
    '',
    '| key | where | what it is | settings |',
    '| --- | --- | --- | --- |',
    ...readRows(),
    '',
    '## The extensions of ECS ComposeX compose-x does not read',
    '',
    'This page is generated from `schemas/` and `src/support/extensions/composex-extensions.ts`: run `UPDATE_GOLDEN=1 npm test` after changing them.',
    '',
    '| key | where | ECS ComposeX would | compose-x does not, so | instead |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
