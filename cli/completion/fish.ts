import { allCommands, type CommandSpec, type OptionSpec } from './spec.js';

const quoted = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The condition under which a command's options and subcommands complete: its path typed, none of its subcommands yet. */
function condition(spec: CommandSpec): string {
  if (spec.path.length === 0) return '__fish_use_subcommand';
  const seen = spec.path.map((name) => `__fish_seen_subcommand_from ${name}`);
  const notYet = spec.commands.length > 0 ? [`not __fish_seen_subcommand_from ${spec.commands.map((c) => c.name).join(' ')}`] : [];
  return [...seen, ...notYet].join('; and ');
}

function optionLine(program: string, when: string, option: OptionSpec): string {
  const flags = [option.short ? `-s ${option.short.slice(1)}` : '', `-l ${option.long.slice(2)}`].filter((f) => f !== '');
  const value =
    option.value === undefined
      ? []
      : option.value.kind === 'choices'
        ? ['-x', '-a', quoted(option.value.choices.join(' '))]
        : option.value.kind === 'file'
          ? ['-r', '-F']
          : option.value.kind === 'directory'
            ? ['-x', '-a', quoted('(__fish_complete_directories)')]
            : ['-x'];
  return ['complete', '-c', program, '-n', quoted(when), ...flags, ...value, '-d', quoted(option.description)].join(' ');
}

/**
 * The fish completion script of the program: `compose-x completion fish | source`, or the
 * output saved as ~/.config/fish/completions/compose-x.fish.
 */
export function fishScript(program: CommandSpec): string {
  const lines = [`# fish completion for ${program.name}: ${program.name} completion fish | source`, `complete -c ${program.name} -f`];
  for (const spec of allCommands(program)) {
    const when = condition(spec);
    for (const sub of spec.commands) lines.push(['complete', '-c', program.name, '-n', quoted(when), '-a', sub.name, '-d', quoted(sub.description)].join(' '));
    for (const option of spec.options) lines.push(optionLine(program.name, when, option));
    const first = spec.args[0];
    if (first?.kind === 'file') lines.push(['complete', '-c', program.name, '-n', quoted(when), '-F'].join(' '));
    if (first?.kind === 'choices') lines.push(['complete', '-c', program.name, '-n', quoted(when), '-a', quoted(first.choices.join(' '))].join(' '));
  }
  return `${lines.join('\n')}\n`;
}
