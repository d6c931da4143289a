import { Argument, Command } from 'commander';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { commandSpec } from '../completion/spec.js';
import { zshScript } from '../completion/zsh.js';
import { run } from '../run.js';

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

/** `completion bash|zsh|fish`: the shell's completion script, made from the program's own definition of its commands and flags. */
export function completionCommand(program: () => Command, debug: () => boolean): Command {
  return new Command('completion')
    .description('print the completion script of bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(Object.keys(SCRIPTS)))
    .action((shell: keyof typeof SCRIPTS) =>
      run(() => {
        process.stdout.write(SCRIPTS[shell](commandSpec(program())));
      }, debug()),
    );
}
