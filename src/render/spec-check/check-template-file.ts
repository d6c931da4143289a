import { readFile } from 'node:fs/promises';
import { checkTemplate } from './check-template.js';
import { parseTemplate } from '../template/parse-template.js';

/**
 * Reads a template file with {@link parseTemplate} and checks it with {@link checkTemplate}.
 * Reading problems come first, prefixed with the file's path.
 */
export async function checkTemplateFile(path: string): Promise<string[]> {
  const { template, problems } = parseTemplate(await readFile(path, 'utf8'));
  const reading = problems.map((problem) => `${path}: ${problem}`);
  return template === undefined ? reading : [...reading, ...(await checkTemplate(template))];
}
