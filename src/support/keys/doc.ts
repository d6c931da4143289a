import { COMPOSE_KEYS } from './compose-keys.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** docs/compose-keys.md: what each treatment means, then the table of every key. */
export function composeKeysMarkdown(): string {
  const rows = COMPOSE_KEYS.map(
    (row) => `| \`${row.key}\` | ${row.treatment} | ${cell(row.ecs)} | ${cell(row.instead ?? '')} |`,
  );
  return [
    '# Compose service keys on Amazon ECS (Fargate)',
    '',
    'How compose-x treats every key of a compose service. `rendered`: mapped to CloudFormation as ' +
      'the "on ECS" column says. `partial`: rendered with limits; the cases named in the row are ' +
      'warnings (or errors). `parser`: fully handled by the parser before rendering. `warning`: not ' +
      'honoured on ECS; rendering goes on without it and prints a warning. `error`: cannot be ' +
      'honoured, and ignoring it would change what the app does; rendering stops. Keys starting ' +
      'with `x-` are in [extensions.md](extensions.md). This page is generated ' +
      'from the tables in `src/support/keys/`: run `UPDATE_GOLDEN=1 npm test` after changing the table.',
    '',
    '| key | treatment | on ECS | instead |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
