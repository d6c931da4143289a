import { isObject, type JsonObject } from '../template/json-object.js';
import { splitAtFirstDot } from '../template/split-at-first-dot.js';

/** A resource of a template read back as JSON. */
export interface TemplateResource {
  id: string;
  type: string;
  properties: JsonObject;
}

/** A container definition of a task definition, where it sits. */
export interface Container {
  /** `Properties.ContainerDefinitions[2]` */
  path: string;
  /** Its literal Name, when it has one. */
  name: string | undefined;
  definition: JsonObject;
}

/** A task definition with what the rules read of it. */
export interface TaskDefinitionView {
  resource: TemplateResource;
  containers: Container[];
  /** Whether RequiresCompatibilities names FARGATE. */
  fargate: boolean;
}

/** What every rule reads: the resources of one template, by logical ID, and its task definitions. */
export interface TemplateView {
  resources: TemplateResource[];
  byId: ReadonlyMap<string, TemplateResource>;
  taskDefinitions: TaskDefinitionView[];
}

export function readTemplate(template: object): TemplateView {
  const section = (template as JsonObject)['Resources'];
  const resources = isObject(section)
    ? Object.entries(section).flatMap(([id, declaration]): TemplateResource[] =>
        isObject(declaration) && typeof declaration['Type'] === 'string'
          ? [{ id, type: declaration['Type'], properties: isObject(declaration['Properties']) ? declaration['Properties'] : {} }]
          : [],
      )
    : [];
  return {
    resources,
    byId: new Map(resources.map((r) => [r.id, r])),
    taskDefinitions: resources.filter((r) => r.type === 'AWS::ECS::TaskDefinition').map(taskDefinitionView),
  };
}

/** A container by its name, else by its place: `"web"`, `ContainerDefinitions[1]`. */
export function label(container: Container): string {
  return container.name !== undefined ? `"${container.name}"` : container.path.replace('Properties.', '');
}

function taskDefinitionView(resource: TemplateResource): TaskDefinitionView {
  const containers = objectsOf(resource.properties['ContainerDefinitions']).map(([index, definition]) => ({
    path: `Properties.ContainerDefinitions[${index}]`,
    name: text(definition['Name']),
    definition,
  }));
  const compatibilities = resource.properties['RequiresCompatibilities'];
  return { resource, containers, fargate: Array.isArray(compatibilities) && compatibilities.includes('FARGATE') };
}

/** The objects of a literal list, with their index (an intrinsic, or anything else, gives none). */
export function objectsOf(value: unknown): [number, JsonObject][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index): [number, JsonObject][] => (isObject(item) ? [[index, item]] : []));
}

/** A literal string; an intrinsic gives undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A literal integer, written as a number or as the digits of one. */
export function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** The logical ID of `{"Ref": id}`. */
export function refOf(value: unknown): string | undefined {
  return isObject(value) && typeof value['Ref'] === 'string' ? value['Ref'] : undefined;
}

/** The logical ID and attribute of `{"Fn::GetAtt": [id, attribute]}` (or `"id.attribute"`). */
export function getAttOf(value: unknown): { id: string; attribute: string } | undefined {
  if (!isObject(value)) return undefined;
  const target = value['Fn::GetAtt'];
  const [id, attribute] = typeof target === 'string' ? splitAtFirstDot(target) : Array.isArray(target) ? target : [];
  return typeof id === 'string' && typeof attribute === 'string' ? { id, attribute } : undefined;
}
