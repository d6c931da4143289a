import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

const DIR = path.resolve('schemas/output');
const read = (name: string): object => JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as object;

/** The validators of the documents of --json (schemas/output/), by command. */
export function outputSchemas(): Record<'validate' | 'plan' | 'diff' | 'up' | 'ps' | 'logs' | 'run' | 'ls', ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(read('common.json'));
  const compile = (name: string): ValidateFunction => ajv.compile(read(`${name}.json`));
  const [up, logs] = [compile('up'), compile('logs')];
  return { validate: compile('validate'), plan: compile('plan'), diff: compile('diff'), up, ps: compile('ps'), logs, run: compile('run'), ls: compile('ls') };
}

/** The value, after checking it against the schema (the failures of ajv as the test's message). */
export function conforming<T = Record<string, unknown>>(validate: ValidateFunction, value: unknown): T {
  if (!validate(value)) throw new Error(`does not conform: ${JSON.stringify(validate.errors, null, 1)}\n${JSON.stringify(value)}`);
  return value as T;
}
