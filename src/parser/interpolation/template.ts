/**
 * Variable substitution in one string, with the syntax and semantics of Docker Compose
 * (compose-go's `template` package):
 *
 * - `$$` is a literal `$`;
 * - `$NAME` and `${NAME}` substitute the variable, or "" when it is unset (reported in `unset`);
 * - `${NAME:-default}` / `${NAME-default}`: the default when unset or empty / unset only;
 * - `${NAME:?err}` / `${NAME?err}`: an error when unset or empty / unset only;
 * - `${NAME:+alt}` / `${NAME+alt}`: the alternative when set and non-empty / set;
 * - defaults, alternatives and error texts are templates themselves (`${A:-${B:-x}}`);
 * - a `$` followed by anything else (a space, a digit, `}`, the end) is kept literally;
 * - a `${` that does not form `${NAME}` or `${NAME<op>...}` is a syntax error.
 *
 * Like Compose, the text after an operator is substituted whether or not it is used, so an
 * error inside an unused default is still reported.
 */

/** The name of a variable: `[_a-zA-Z][_a-zA-Z0-9]*`. */
const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** Operators after `${NAME`, longest first so that `:-` wins over `-`. */
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;
type Operator = (typeof OPERATORS)[number];

/**
 * How deep `${...}` forms may nest in one another (`${A:-${B:-x}}` is two): far above any real
 * default, far below what overflows the stack of the expansion, which recurses once a level.
 */
export const MAX_TEMPLATE_NESTING = 100;

export type TemplateErrorCode = 'E_INTERPOLATION_SYNTAX' | 'E_VARIABLE_REQUIRED';

/** A template that cannot be substituted: bad syntax, or a required variable without a value. */
export class TemplateError extends Error {
  constructor(
    readonly code: TemplateErrorCode,
    message: string,
    /** The variable a required-variable error is about. */
    readonly variable?: string,
    /** What to do, when the code's usual hint does not fit. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** The substituted string and the unset variables it used without a default, in order, once each. */
export interface SubstitutionResult {
  value: string;
  unset: string[];
}

/** Returns a variable's value, or undefined when it is unset. */
export type Lookup = (name: string) => string | undefined;

/**
 * Substitutes the variables of `template` with the values `lookup` gives.
 * @throws TemplateError on bad syntax or a required variable without a value.
 */
export function substitute(template: string, lookup: Lookup): SubstitutionResult {
  const unset = new Set<string>();
  const value = expand(template, { lookup, unset });
  return { value, unset: [...unset] };
}

interface Context {
  lookup: Lookup;
  unset: Set<string>;
}

/** Expands every `$` form of `text`, left to right. */
function expand(text: string, ctx: Context): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(text, dollar);
      out += expandBraced(text.slice(dollar, end + 1), ctx);
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      out += name === undefined ? '$' : plainValue(name, ctx);
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return out;
}

/**
 * Index of the `}` closing the `${` at `start`, counting nested `${` (at most
 * MAX_TEMPLATE_NESTING); `$$` is skipped so that an escaped `$${` opens nothing.
 */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text.startsWith('$$', i)) i++;
    else if (text.startsWith('${', i)) {
      if (++depth > MAX_TEMPLATE_NESTING) throw nestingError(text.slice(start, start + 24));
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  throw syntaxError(text.slice(start), 'it has no closing "}"');
}

/** Expands one `${...}` form, braces included. */
function expandBraced(form: string, ctx: Context): string {
  const body = form.slice(2, -1);
  const name = NAME.exec(body)?.[0];
  if (name === undefined) {
    const reason = body === '' ? 'the variable name is missing' : 'it does not start with a variable name';
    throw syntaxError(form, reason);
  }
  const rest = body.slice(name.length);
  if (rest === '') return plainValue(name, ctx);
  const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (op === undefined) {
    throw syntaxError(form, `"${name}" must be followed by "}" or one of ${OPERATORS.join(' ')}`);
  }
  return applyOperator(name, op, expand(rest.slice(op.length), ctx), ctx.lookup);
}

/** The value of `${NAME}` or `$NAME`; an unset variable is "" and reported. */
function plainValue(name: string, ctx: Context): string {
  const value = ctx.lookup(name);
  if (value === undefined) ctx.unset.add(name);
  return value ?? '';
}

/** The value of `${NAME<op>arg}`, `arg` already expanded. */
function applyOperator(name: string, op: Operator, arg: string, lookup: Lookup): string {
  const value = lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-':
      return nonEmpty ? value : arg;
    case '-':
      return set ? value : arg;
    case ':+':
      return nonEmpty ? arg : '';
    case '+':
      return set ? arg : '';
    case ':?':
      if (nonEmpty) return value;
      throw requiredError(name, arg);
    case '?':
      if (set) return value;
      throw requiredError(name, arg);
  }
}

function syntaxError(fragment: string, reason: string): TemplateError {
  return new TemplateError('E_INTERPOLATION_SYNTAX', `invalid interpolation "${fragment}": ${reason}.`);
}

function nestingError(start: string): TemplateError {
  return new TemplateError(
    'E_INTERPOLATION_SYNTAX',
    `invalid interpolation "${start}...": its "\${" forms nest more than ${MAX_TEMPLATE_NESTING} deep.`,
    undefined,
    'Nest defaults a few levels at most; a default that needs more can be a variable set in the .env file.',
  );
}

function requiredError(name: string, reason: string): TemplateError {
  const base = `required variable ${name} is missing a value`;
  const message = reason === '' ? base : `${base}: ${reason}`;
  return new TemplateError('E_VARIABLE_REQUIRED', /[.!?]$/.test(message) ? message : `${message}.`, name);
}
