/** One line of the translation report: a part of x-appmesh and what it becomes on Service Connect. */
export interface TranslationItem {
  /** What in x-appmesh is concerned, e.g. 'Routers.dateteller.http-0', 'Gateways.front', 'Mesh egress DROP_ALL'. */
  subject: string;
  /** translated: Service Connect does the same; partial: close, with a difference stated; not-translated: Service Connect cannot do it. */
  outcome: 'translated' | 'partial' | 'not-translated';
  /** One or two sentences: what it did in App Mesh and what happens now. */
  detail: string;
  /** For partial / not-translated: the nearest ECS feature and how to use it. */
  instead?: string;
}
