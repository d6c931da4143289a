import { extensionKeys } from '../../parser/schemas.js';
import { COMPOSEX_EXTENSIONS } from './composex-extensions.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function keys(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
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
      'read; the warning says what ECS ComposeX would do with it and what is missing without it. They are in the table below.',
    '',
    'This page is generated from `src/support/extensions/composex-extensions.ts`: run `UPDATE_GOLDEN=1 npm test` after changing the table.',
    '',
    '| key | where | ECS ComposeX would | compose-x does not, so | instead |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
