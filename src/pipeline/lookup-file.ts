/**
 * `compose-x.lookup.json` (src/render/lookup.ts): the parameter values `compose-x lookup` found
 * in AWS, read by every command that renders, written by `lookup`.
 */
import path from 'node:path';
import { ParseError } from '../parser/diagnostics.js';
import { readTextFile } from '../parser/text-file.js';
import { LOOKUP_FILE } from '../render/lookup.js';

const KIND = { name: 'lookup file', a: 'a lookup file', example: LOOKUP_FILE };

/** The file's place in a project directory. */
export function lookupFilePath(projectDir: string): string {
  return path.join(projectDir, LOOKUP_FILE);
}

/** The values of the lookup file of `projectDir` (parameter -> value); none when there is no file. */
export function readLookupFile(projectDir: string): Record<string, string> {
  const file = lookupFilePath(projectDir);
  const text = readTextFile(file, KIND);
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ParseError('E_LOOKUP_FILE', `${file} is not JSON: ${(error as Error).message}.`, { hint: 'Run `compose-x lookup` again to rewrite it.' });
  }
  const parameters = (parsed as { parameters?: unknown } | null)?.parameters;
  if (parameters === null || typeof parameters !== 'object' || Object.values(parameters).some((v) => typeof v !== 'string')) {
    throw new ParseError('E_LOOKUP_FILE', `${file} has no "parameters" mapping of parameter names to strings.`, { hint: 'Run `compose-x lookup` again to rewrite it.' });
  }
  return parameters as Record<string, string>;
}

/** The text `compose-x lookup` writes: the values, sorted, and where they came from. */
export function lookupFileText(values: Record<string, string>): string {
  const parameters = Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ $comment: 'Written by `compose-x lookup`: stack parameter values found in AWS; render, plan and up use them.', parameters }, null, 2)}\n`;
}

