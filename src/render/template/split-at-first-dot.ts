/** `Resource.Attribute` as `[Resource, Attribute]`; the attribute may hold dots (`Outputs.Name`). */
export function splitAtFirstDot(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}
