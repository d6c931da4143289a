import { ParseError } from '../../src/parser/diagnostics.js';

/** The ParseError that `run` throws; fails the test when it throws nothing or something else. */
export function parseErrorOf(run: () => unknown): ParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}
