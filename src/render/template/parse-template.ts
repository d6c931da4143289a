import { parseDocument } from 'yaml';
import { describe } from './describe-value.js';
import { isObject } from './json-object.js';
import { shortFormTags } from './short-forms.js';

/** The first line of a YAML error message, without the code frame announced by its final colon. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/:$/, '');
}

/** A template read from text, and the problems found while reading it. */
export interface ParsedTemplate {
  /** The template with long-form intrinsics; undefined when the text is not a YAML or JSON object. */
  template: object | undefined;
  /** YAML errors, and short forms used on a kind of node CloudFormation does not allow. */
  problems: string[];
}

/**
 * Reads a JSON or YAML template, turning CloudFormation's short-form tags (`!Ref X`, `!GetAtt A.B`,
 * `!Sub`, `!If [...]`, ...) into their long forms (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`, ...).
 */
export function parseTemplate(text: string): ParsedTemplate {
  const document = parseDocument(text, { customTags: shortFormTags() });
  const problems = [...document.errors, ...document.warnings].map((error) => firstLine(error.message));
  if (document.errors.length > 0) return { template: undefined, problems };
  const template: unknown = document.toJS({ maxAliasCount: -1 });
  if (isObject(template)) return { template, problems };
  return { template: undefined, problems: [...problems, `expected a template object, got ${describe(template)}`] };
}
