import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { stackFromDirectory, stackFromFiles, type StackSettings } from '../deploy/stack/stack-files.js';
import type { DeployTemplates } from '../deploy/types.js';
import { ParseError } from '../parser/diagnostics.js';
import { isTemplateFile } from '../render/files.js';
import { diffRenders, hasChanges } from '../review/rendered-diff/diff.js';
import { renderDiffText, type Paint } from '../review/rendered-diff/text.js';
import type { RenderDiff } from '../review/rendered-diff/types.js';
import { compile, type CompileOptions } from './compile.js';

export interface DeployInputOptions extends CompileOptions, StackSettings {
  /** Deploy the files of an earlier `render -d DIR` instead of compiling now. */
  templateDir?: string;
}

/** The stack to deploy: compiled now from the compose project, or read from `templateDir`. */
export function deployInput(options: DeployInputOptions): DeployTemplates {
  const settings = { parameters: options.parameters, tags: options.tags };
  if (options.templateDir) return stackFromDirectory(options.templateDir, options.projectName, settings, path.resolve(options.cwd ?? process.cwd()));
  const compiled = compile(options);
  return stackFromFiles(compiled.project.name, compiled.templateFiles('json'), settings, compiled.project.working_dir);
}

/** The files of a stack to deploy, named as `render` writes them: the root, its nested templates, the images stack. */
function stackTemplateFiles(stack: DeployTemplates): Record<string, string> {
  return { [`${stack.stackName}.json`]: stack.body, ...(stack.nested ?? {}), ...(stack.images ? { [`${stack.stackName}.images.json`]: stack.images.body } : {}) };
}

/** What `diff --rendered` finds: the review summary of what changed, whether anything did, and the summary as text. */
export interface RenderedDiff {
  changes: RenderDiff;
  changed: boolean;
  text: string;
}

/** The review summary of what changed between the render in `dir` and the stack to deploy now (`diff --rendered`); the project is read first, so its errors come before those of `dir`. */
export function renderedDiff(options: DeployInputOptions, dir: string, paint?: Paint): RenderedDiff {
  const now = stackTemplateFiles(deployInput(options));
  const changes = diffRenders(renderedTemplates(dir), now);
  return { changes, changed: hasChanges(changes), text: renderDiffText(changes, paint) };
}

/** The template files of an earlier render (its parameters and review files aside); a directory that is not there, or holds no template, is bad input. */
function renderedTemplates(dir: string): Record<string, string> {
  const refuse = (why: string): never => {
    throw new ParseError('E_DIFF_RENDERED', `--rendered ${dir}: ${why}.`, { hint: 'Pass the directory an earlier `compose-x render -d DIR` wrote.' });
  };
  if (!existsSync(dir)) refuse('no such directory');
  if (!statSync(dir).isDirectory()) refuse('not a directory');
  const names = readdirSync(dir).filter((f) => isTemplateFile(f));
  if (names.length === 0) refuse('it holds no template of a render');
  return Object.fromEntries(names.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}
