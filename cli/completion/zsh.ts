import type { CommandSpec, OptionSpec, ValueKind } from './spec.js';

/** Text inside a single-quoted zsh word, and inside the [description] of an _arguments spec. */
const quoted = (text: string): string => text.replace(/'/g, `'\\''`);
/** A command's description in a _describe entry (`name:description`): its colons escaped. */
const entry = (text: string): string => quoted(text.replace(/([:\\])/g, '\\$1'));
const described = (text: string): string => quoted(text.replace(/([[\]:\\])/g, '\\$1'));

function action(value: ValueKind): string {
  switch (value.kind) {
    case 'choices':
      return `(${value.choices.join(' ')})`;
    case 'file':
      return '_files';
    case 'directory':
      return '_files -/';
    case 'text':
      return ' ';
  }
}

function optionSpec(option: OptionSpec): string {
  const value = option.value === undefined ? '' : `:${option.long.slice(2)}:${action(option.value)}`;
  const text = `[${described(option.description)}]${value}`;
  const repeat = option.repeatable ? '*' : '';
  if (option.short === undefined) return `'${repeat}${option.long}${text}'`;
  const exclusive = option.repeatable ? '' : `(${option.short} ${option.long})`;
  return `'${exclusive}${repeat}'{${option.short},${option.long}}'${text}'`;
}

const functionName = (spec: CommandSpec, program: string): string => [`_${program}`, ...spec.path].join('_').replace(/[^A-Za-z0-9_]/g, '_');

/** One function per command: its options and arguments, or a dispatch to its subcommands. */
function functions(spec: CommandSpec, program: string): string[] {
  const specs = spec.options.map(optionSpec);
  const name = functionName(spec, program);
  if (spec.commands.length === 0) {
    const args = spec.args.map((value, i) => `'${i + 1}:${spec.path.at(-1) ?? program} argument:${action(value)}'`);
    return [`${name}() {\n  _arguments -s \\\n    ${[...specs, ...args].join(' \\\n    ')}\n}`];
  }
  const entries = spec.commands.map((sub) => `'${quoted(sub.name)}:${entry(sub.description)}'`);
  const cases = spec.commands.map((sub) => `      ${sub.name}) ${functionName(sub, program)} ;;`);
  const own = [
    `${name}() {\n  local curcontext="$curcontext" state line\n  local -a commands\n  _arguments -C -s \\\n    ${[...specs, "'1: :->command'", "'*:: :->args'"].join(' \\\n    ')}`,
    `  case $state in\n    command)\n      commands=(\n        ${entries.join('\n        ')}\n      )\n      _describe -t commands command commands ;;\n    args)\n      case $line[1] in\n${cases.join('\n')}\n      esac ;;\n  esac\n}`,
  ].join('\n');
  return [own, ...spec.commands.flatMap((sub) => functions(sub, program))];
}

/**
 * The zsh completion script of the program: `eval "$(compose-x completion zsh)"` (after
 * compinit), or the output saved as `_compose-x` in a directory of $fpath.
 */
export function zshScript(program: CommandSpec): string {
  const name = program.name.replace(/[^A-Za-z0-9_]/g, '_');
  return `#compdef ${program.name}
# zsh completion for ${program.name}: eval "$(${program.name} completion zsh)"
${functions(program, name).join('\n\n')}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _${name} "$@"
else
  compdef _${name} ${program.name}
fi
`;
}
