const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** ANSI colour when the output is a terminal, plain text otherwise. */
export function paint(text: string, style: keyof typeof CODES, color: boolean): string {
  return color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}
