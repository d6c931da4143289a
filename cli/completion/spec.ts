import type { Command } from 'commander';

/** What a value completes to: one of some words, a file, a directory, or nothing known. */
export type ValueKind = { kind: 'choices'; choices: readonly string[] } | { kind: 'file' } | { kind: 'directory' } | { kind: 'text' };

export interface OptionSpec {
  /** `--file`. */
  long: string;
  /** `-f`, when there is one. */
  short?: string;
  description: string;
  /** The value it takes, when it takes one. */
  value?: ValueKind;
  /** Given more than once (its values are collected). */
  repeatable: boolean;
}

export interface CommandSpec {
  /** The names from the program to this command: [] for the program, ['migrate', 'appmesh']. */
  path: string[];
  name: string;
  description: string;
  options: OptionSpec[];
  /** The positional arguments, in order. */
  args: ValueKind[];
  commands: CommandSpec[];
}

const HELP: OptionSpec = { long: '--help', short: '-h', description: 'display help for command', repeatable: false };

/** What the placeholder of a value (`<file>`, `<dir>`, `<format>`) says it is. */
function valueKind(placeholder: string, choices: readonly string[] | undefined): ValueKind {
  if (choices && choices.length > 0) return { kind: 'choices', choices };
  if (placeholder === 'file') return { kind: 'file' };
  if (placeholder === 'dir') return { kind: 'directory' };
  return { kind: 'text' };
}

/** The command tree of a commander program, read from its definition, so that completion never drifts from it. */
export function commandSpec(command: Command, path: string[] = []): CommandSpec {
  const subcommands = command.commands.map((sub) => commandSpec(sub, [...path, sub.name()]));
  const options: OptionSpec[] = command.options
    .filter((o) => !o.hidden && o.long !== undefined)
    .map((o) => {
      const placeholder = /<([^>]+)>/.exec(o.flags)?.[1];
      return {
        long: o.long ?? '',
        ...(o.short ? { short: o.short } : {}),
        description: o.description,
        ...(placeholder === undefined ? {} : { value: valueKind(placeholder, o.argChoices) }),
        repeatable: Array.isArray(o.defaultValue),
      };
    });
  return {
    path,
    name: command.name(),
    description: command.description(),
    options: [...options, HELP],
    args: command.registeredArguments.map((a) => valueKind(a.name(), a.argChoices)),
    commands: subcommands.length === 0 ? [] : [...subcommands, helpCommand(subcommands, path)],
  };
}

/** commander's implicit `help [command]` of a command that has subcommands. */
function helpCommand(subcommands: readonly CommandSpec[], path: string[]): CommandSpec {
  const choices = subcommands.map((c) => c.name);
  return { path: [...path, 'help'], name: 'help', description: 'display help for command', options: [], args: [{ kind: 'choices', choices }], commands: [] };
}

/** Every command of the tree, the program first, each before its subcommands. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.commands.flatMap(allCommands)];
}
