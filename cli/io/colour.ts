import picocolors from 'picocolors';

/** The styles the printers use. */
export type Style = 'red' | 'green' | 'yellow' | 'dim' | 'bold' | 'cyan' | 'magenta' | 'blue';
/** Text in a style; the text as it is when colour is off. */
export type Paint = (text: string, style: Style) => string;

let offByFlag = false;

/** `--no-color`: no colour on any stream, whatever the environment says. */
export function turnColourOff(): void {
  offByFlag = true;
}

/**
 * Whether `stream` gets colour. Never with `--no-color`, nor with NO_COLOR set to anything but
 * the empty string (https://no-color.org). Otherwise always with FORCE_COLOR set to anything
 * but the empty string, `0` or `false` (a CI log that shows colours, a pager). Otherwise at a
 * terminal, unless TERM is `dumb` or CI is set.
 */
export function colourOn(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (offByFlag || (env['NO_COLOR'] ?? '') !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return (stream as Partial<NodeJS.WriteStream>).isTTY === true && env['TERM'] !== 'dumb' && env['CI'] === undefined;
}

/** The painter of `stream`: picocolors' escape codes when it gets colour, plain text otherwise. */
export function painter(stream: NodeJS.WritableStream): Paint {
  const colours = picocolors.createColors(colourOn(stream));
  return (text, style) => colours[style](text);
}

/** Erase in Line, the entire line (ECMA-48 `CSI 2 K`, what node's readline.clearLine writes). */
const ERASE_LINE = '\x1b[2K';

/** Moves to the start of the terminal's line and clears it, for a status line that redraws. */
export function eraseLine(stream: NodeJS.WritableStream): void {
  stream.write(`\r${ERASE_LINE}`);
}
