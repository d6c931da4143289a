/**
 * `diff`: the rendered template against the one CloudFormation holds for the stack, as the
 * CDK shows it (`@aws-cdk/cloudformation-diff`).
 */
import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { formatDifferences, fullDiff } from '@aws-cdk/cloudformation-diff';
import { ComposeXError } from '../parser/diagnostics.js';
import { parseTemplate } from '../render/spec-check/index.js';
import { cloudFormation } from './clients.js';
import type { AwsTarget } from './types.js';

/** A template text (JSON, or YAML with short-form intrinsics) as a plain object with long-form intrinsics. */
function templateObject(text: string, which: 'deployed' | 'rendered'): object {
  const { template, problems } = parseTemplate(text);
  if (!template) throw new ComposeXError('E_DIFF_TEMPLATE', `the ${which} template cannot be read: ${problems[0] ?? 'not a template'}.`);
  return template;
}

/** What `formatDifferences` writes, as one string. */
function formatted(print: (stream: Writable) => void): string {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  print(stream);
  return text;
}

/** A resource the rendered template adds, removes or changes, against the deployed one. */
export interface ResourceDifference {
  logicalId: string;
  type: string;
  action: 'Add' | 'Remove' | 'Modify';
}

/**
 * Compares the deployed template (undefined when the stack does not exist: everything is
 * added) with the rendered one. `text` is the CDK's rendering of the differences, with colours
 * only when `color` is set and the terminal supports them; `changed` is false when the two
 * templates are the same once short forms are read as long forms; `resources` lists the
 * resources that differ, in the order of the CDK's text.
 */
export function diffTemplates(deployed: string | undefined, rendered: string, color: boolean): { changed: boolean; text: string; resources: ResourceDifference[] } {
  const diff = fullDiff(deployed === undefined ? {} : templateObject(deployed, 'deployed'), templateObject(rendered, 'rendered'));
  const text = formatted((stream) => formatDifferences(stream, diff));
  const resources: ResourceDifference[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const action = change.isAddition ? 'Add' : change.isRemoval ? 'Remove' : 'Modify';
    resources.push({ logicalId, type: change.newResourceType ?? change.resourceType ?? '', action });
  });
  return { changed: !diff.isEmpty, text: color ? text : stripVTControlCharacters(text), resources };
}

/** CloudFormation's answer for a stack that is not there. */
function isMissingStack(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message);
}

/** The template body as it was submitted (TemplateStage Original); undefined when the stack does not exist. */
export async function deployedTemplate(target: AwsTarget, stackName: string): Promise<string | undefined> {
  try {
    const { TemplateBody } = await cloudFormation(target).send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
    return TemplateBody;
  } catch (error) {
    if (isMissingStack(error)) return undefined;
    throw error;
  }
}
