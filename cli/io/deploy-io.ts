import type { DeployIo } from '../../src/deploy/types.js';
import { currentPrinter, historyPrinter, type ActivityPrinter } from '../printers/progress.js';
import { confirmer, onInterrupt } from './aws-options.js';

/** How a deploy command talks to the person: a printer that suits the terminal (or CI), confirmation, Ctrl-C. */
export function deployIo(stack: string, yes: boolean): { io: DeployIo; printer: ActivityPrinter } {
  const tty = process.stdout.isTTY === true && process.env['CI'] === undefined;
  const printer = tty ? currentPrinter(stack, process.stdout) : historyPrinter(stack, process.stdout, false);
  const confirm = confirmer(yes);
  return {
    printer,
    io: {
      emit: (message) => printer.print(message),
      confirm: (question) => {
        printer.flush();
        return confirm(question);
      },
      interrupted: onInterrupt(),
    },
  };
}

/** Whether to colour output: a terminal, not CI, and NO_COLOR unset. */
export function useColor(): boolean {
  return process.stdout.isTTY === true && process.env['CI'] === undefined && process.env['NO_COLOR'] === undefined;
}
