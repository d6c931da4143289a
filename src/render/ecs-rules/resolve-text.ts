import { isObject } from '../template/json-object.js';
import { getAttOf, text, type TemplateView } from './template-view.js';

/** What stands for a part of a value that cannot be known offline (a parameter, an attribute, a condition). */
export const UNKNOWN = '${?}';

const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::URLSuffix']);

/**
 * A value as text, as far as it can be known offline: literal strings as they are; the
 * account, region, partition and URL suffix kept as `${AWS::AccountId}`...; `Fn::Sub` and
 * `Fn::Join` put together; the `Arn` and `RepositoryUri` of an Amazon ECR repository of the
 * template with a literal name; anything else as {@link UNKNOWN}. A part that holds `${` is
 * one the rules cannot judge.
 */
export function resolveText(value: unknown, view: TemplateView): string {
  const literal = text(value);
  if (literal !== undefined) return literal;
  if (!isObject(value)) return UNKNOWN;
  if (typeof value['Ref'] === 'string') return PSEUDO_PARAMETERS.has(value['Ref']) ? `\${${value['Ref']}}` : UNKNOWN;
  const attribute = getAttOf(value);
  if (attribute) return repositoryAttribute(view, attribute.id, attribute.attribute);
  if ('Fn::Sub' in value) return substitute(value['Fn::Sub'], view);
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((part) => resolveText(part, view)).join(join[0]);
  }
  return UNKNOWN;
}

function substitute(sub: unknown, view: TemplateView): string {
  const [template, variables] = Array.isArray(sub) ? sub : [sub, {}];
  if (typeof template !== 'string') return UNKNOWN;
  return template.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name.startsWith('!')) return UNKNOWN;
    if (isObject(variables) && name in variables) return resolveText(variables[name], view);
    if (PSEUDO_PARAMETERS.has(name)) return `\${${name}}`;
    const dot = name.indexOf('.');
    return dot < 0 ? UNKNOWN : repositoryAttribute(view, name.slice(0, dot), name.slice(dot + 1));
  });
}

/** The Arn or RepositoryUri of an AWS::ECR::Repository of the template that has a literal RepositoryName. */
function repositoryAttribute(view: TemplateView, id: string, attribute: string): string {
  const repository = view.byId.get(id);
  const name = repository?.type === 'AWS::ECR::Repository' ? text(repository.properties['RepositoryName']) : undefined;
  if (name === undefined) return UNKNOWN;
  if (attribute === 'Arn') return `arn:\${AWS::Partition}:ecr:\${AWS::Region}:\${AWS::AccountId}:repository/${name}`;
  if (attribute === 'RepositoryUri') return `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/${name}`;
  return UNKNOWN;
}

/** Whether a resolved text holds a part that cannot be judged. */
export function unjudgeable(resolved: string): boolean {
  return resolved.includes('${');
}
