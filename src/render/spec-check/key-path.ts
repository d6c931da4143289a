/** `path.key`, or `path["key"]` when the key is not a plain word. */
export function keyPath(path: string, key: string): string {
  return /^[A-Za-z0-9_]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
