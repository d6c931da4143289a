import { ParseError } from '../../src/parser/diagnostics.js';
import type { DeployIo, DeployMessage } from '../../src/deploy/types.js';
import { currentPrinter, historyPrinter, type ActivityPrinter } from '../printers/progress.js';
import { painter } from './colour.js';

/** Whether there is a person to ask: standard input is a terminal, and CI is not set. */
export function interactive(): boolean {
  return process.stdin.isTTY === true && process.env['CI'] === undefined;
}

/** How a deploy command talks to the person: a printer that suits the terminal (or CI), confirmation, Ctrl-C. */
export function deployIo(stack: string, yes: boolean): { io: DeployIo; printer: ActivityPrinter } {
  const tty = process.stdout.isTTY === true && process.env['CI'] === undefined;
  const paint = painter(process.stdout);
  const printer = tty ? currentPrinter(stack, process.stdout, paint) : historyPrinter(stack, process.stdout, paint);
  const confirm = confirmer(yes);
  return {
    printer,
    io: {
      interactive: interactive(),
      emit: (message) => printer.print(message),
      confirm: (question) => {
        printer.flush();
        return confirm(question);
      },
      interrupted: onInterrupt(),
    },
  };
}

/**
 * How a deploy command talks under --json: nothing is printed but what the command writes
 * itself (the messages go to `emit`: the NDJSON of `up`); questions are asked on stderr.
 */
export function jsonIo(yes: boolean, emit: (message: DeployMessage) => void = () => undefined): { io: DeployIo; printer: ActivityPrinter } {
  return {
    printer: { print: emit, flush: () => undefined },
    io: { interactive: interactive(), emit, confirm: confirmer(yes), interrupted: onInterrupt() },
  };
}

/**
 * Asks at a terminal; with `--yes` answers yes; with neither a terminal nor `--yes` it is
 * an error, never a silent yes. Ctrl-C at the question answers no.
 */
export function confirmer(yes: boolean): (question: string) => Promise<boolean> {
  return async (question) => {
    if (yes) return true;
    if (!process.stdin.isTTY) {
      throw new ParseError('E_NO_TERMINAL', 'there is no terminal to confirm the changes.', {
        hint: 'Review them with `compose-x plan`, then pass --yes to apply them without a question.',
      });
    }
    // Loaded here: readline is for this question only, and every command would load it at start.
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const declined = new AbortController();
    const decline = (): void => declined.abort();
    rl.once('SIGINT', decline);
    process.once('SIGINT', decline);
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `, { signal: declined.signal })).trim());
    } catch (error) {
      if (!declined.signal.aborted) throw error;
      process.stderr.write('\n');
      return false;
    } finally {
      process.off('SIGINT', decline);
      rl.close();
    }
  };
}

/** Resolves on the first Ctrl-C (SIGINT); the command decides what stopping means. */
export function onInterrupt(): Promise<void> {
  return new Promise((resolve) => process.once('SIGINT', () => resolve()));
}
