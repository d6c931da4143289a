import { allCommands, type CommandSpec, type ValueKind } from './spec.js';

const words = (list: readonly string[]): string => list.join(' ');

/** `compgen` for a value. */
function compgen(value: ValueKind): string {
  switch (value.kind) {
    case 'choices':
      return `COMPREPLY=($(compgen -W '${words(value.choices)}' -- "$cur"))`;
    case 'file':
      return 'COMPREPLY=($(compgen -f -- "$cur"))';
    case 'directory':
      return 'COMPREPLY=($(compgen -d -- "$cur"))';
    case 'text':
      return 'COMPREPLY=()';
  }
}

const key = (spec: CommandSpec): string => spec.path.join(' ');

/**
 * The bash completion script of the program: `eval "$(compose-x completion bash)"`, or the
 * output saved in bash-completion's completions directory. It walks the words typed so far to
 * the command they name (skipping option values), then completes that command's subcommands,
 * options, option values (choices, files, directories) and positional arguments.
 */
export function bashScript(program: CommandSpec): string {
  const fn = `_${program.name.replace(/[^A-Za-z0-9]/g, '_')}`;
  const commands = allCommands(program);
  const takesValue = commands.flatMap((c) =>
    c.options.filter((o) => o.value !== undefined).flatMap((o) => [o.long, ...(o.short ? [o.short] : [])].map((flag) => `"${key(c)}|${flag}"`)),
  );
  const subcommands = commands.flatMap((c) => c.commands.map((sub) => `"${key(c)}|${sub.name}"`));
  const values = commands.flatMap((c) =>
    c.options.flatMap((o) => (o.value === undefined ? [] : [`    ${[o.long, ...(o.short ? [o.short] : [])].map((flag) => `"${key(c)}|${flag}"`).join('|')}) ${compgen(o.value)}; return ;;`])),
  );
  const byCommand = commands.map((c) => {
    const options = c.options.flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]);
    return `    "${key(c)}")\n      opts='${words(options)}'\n      subs='${words(c.commands.map((s) => s.name))}'${c.args.length > 0 ? '\n      positional=1' : ''} ;;`;
  });
  const positionals = commands.filter((c) => c.args[0] !== undefined).map((c) => `    "${key(c)}") ${compgen(c.args[0] as ValueKind).replace('COMPREPLY=(', 'COMPREPLY+=(')} ;;`);
  return `# bash completion for ${program.name}: eval "$(${program.name} completion bash)"
${fn}_takes_value() {
  case "$1|$2" in
    ${takesValue.join('|') || '"-|-"'}) return 0 ;;
  esac
  return 1
}

${fn}_is_command() {
  case "$1|$2" in
    ${subcommands.join('|') || '"-|-"'}) return 0 ;;
  esac
  return 1
}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmd="" word i skip=0 opts="" subs="" positional=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if ((skip)); then skip=0; continue; fi
    if [[ $word == -* ]]; then
      ${fn}_takes_value "$cmd" "$word" && skip=1
      continue
    fi
    ${fn}_is_command "$cmd" "$word" && cmd="\${cmd:+$cmd }$word"
  done
  if ((skip)); then
    case "$cmd|$prev" in
${values.join('\n')}
    esac
  fi
  case "$cmd" in
${byCommand.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  if ((positional)); then
    case "$cmd" in
${positionals.join('\n')}
    esac
  fi
}

complete -F ${fn} ${program.name}
`;
}
